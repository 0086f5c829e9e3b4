"""What happened, for the apps that follow it: plain data, no ORM, JSON both ways.

`AttemptRecorded` is the payload of the follow-up task of a new attempt (mastery.tasks): it
carries what the subscribers need as it was at the moment of the answer (what the student
saw before and after, the pass as it stood), so a subscriber running a moment later, or a
retry running minutes later, decides the same thing.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from datetime import datetime


@dataclass(frozen=True)
class AttemptRecorded:
    attempt_id: int
    student_id: int
    skill_id: int
    subject_id: int
    exercise_id: int
    question_id: int
    correct: bool
    hint_used: bool
    attempt_number: int  # at this question, all passes
    time_spent_ms: int
    answered_at: datetime
    source: str
    # The skill's displayed mastery (rules.displayed) just before and after the answer.
    mastery_before: int
    mastery_after: int
    skill_attempts: int  # the student's attempts at the skill, this one included
    # The pass through the exercise the answer counted in (practice only), as it stood then.
    run_id: int | None = None
    run_answered: int | None = None
    run_score: int | None = None
    finished_pass: bool = False

    @property
    def key(self) -> str:
        """Names the event for its follow-ups' once-only marks (jobs.followups)."""
        return f"attempt:{self.attempt_id}"

    def to_json(self) -> dict:
        data = asdict(self)
        data["answered_at"] = self.answered_at.isoformat()
        return data

    @classmethod
    def from_json(cls, data: dict) -> AttemptRecorded:
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        values["answered_at"] = datetime.fromisoformat(values["answered_at"])
        return cls(**values)
