from datetime import datetime
from typing import Annotated

from ninja import Schema
from pydantic import AwareDatetime, BeforeValidator, ConfigDict, Field


def _iso_text(value):
    """A timestamp is ISO 8601 text, never a number of seconds."""
    if value is not None and not isinstance(value, str):
        raise ValueError("answered_at must be ISO 8601 text with an offset")
    return value


class AttemptIn(Schema):
    # Strict: a string is never read as a number, nor a number as a boolean ("389" is refused
    # where an integer is expected). Only the timestamp is parsed from its ISO 8601 text.
    model_config = ConfigDict(extra="forbid", strict=True)

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
    answered_at: Annotated[AwareDatetime | None, BeforeValidator(_iso_text)] = Field(
        default=None,
        strict=False,
        description="When the student answered (ISO 8601 with offset); from a month before "
        "the school year's start (1 September) to now, give or take 5 minutes",
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
