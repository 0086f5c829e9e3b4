"""What a student's own channel (`user.<id>`) is sent about their practice.

Built in mastery/services.py; the contract of docs/protocol.md "Server to client", checked on
every publish under LIVE_STRICT.
"""

from typing import Literal

from live.events_schema import Named, Schema, ServerEvent, Translated, register

Level = Literal["not_started", "beginner", "developing", "proficient", "mastered"]


class Attempt(Schema):
    id: int
    question_id: int
    exercise_id: int
    correct: bool
    attempt_number: int


class SkillProgress(Schema):
    id: int
    mastery: int
    mastery_before: int
    level: Level
    needs: list[str]  # what "mastered" still needs (mastery.rules.mastery_needs)
    attempts: int
    correct: int


class Run(Schema):
    """The pass through the exercise the attempt belongs to."""

    id: int
    answered: int
    total: int
    finished: bool
    score: int | None  # once finished


class AttemptRecorded(ServerEvent):
    type = "attempt.recorded"
    attempt: Attempt
    skill: SkillProgress
    run: Run | None


class UnlockedSkill(Schema):
    id: int
    subject_id: int
    name: Translated


class SkillUnlocked(ServerEvent):
    type = "skill.unlocked"
    skill: UnlockedSkill
    because_of: Named


register("user", AttemptRecorded, SkillUnlocked)
