from datetime import datetime

from ninja import Schema
from pydantic import AwareDatetime, ConfigDict, Field


class AttemptIn(Schema):
    model_config = ConfigDict(extra="forbid")

    student_email: str = Field(
        min_length=3,
        max_length=254,
        pattern=r"^[^@\s]+@[^@\s]+$",
        description="The student's email, as on Madrasti 2.0",
    )
    question_id: int = Field(gt=0, description="Madrasti Growth question id")
    answer: str = Field(default="", max_length=200, description="The answer as given")
    correct: bool | None = Field(
        default=None, description="The platform's grading; omitted: graded here"
    )
    time_spent_seconds: float = Field(ge=0, le=86400)
    hint_used: bool = False
    answered_at: AwareDatetime | None = Field(
        default=None, description="When the student answered (ISO 8601 with offset)"
    )


class AttemptOut(Schema):
    id: int
    student_email: str
    question_id: int
    correct: bool
    attempt_number: int
    answered_at: datetime
    skill_id: int
    skill_mastery: int = Field(description="Mastery of the skill after this attempt, 0-100")
    skill_level: str
    replayed: bool = Field(description="True when this key had already been recorded")


class ErrorOut(Schema):
    code: str
    message: str
