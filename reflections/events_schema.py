"""What a student's own channel (`user.<id>`) is sent when a teacher answers or encourages.

Built in reflections/services.py, checked on every publish under LIVE_STRICT.
"""

from live.events_schema import Person, Schema, ServerEvent, Translated, register


class Reflection(Schema):
    id: int
    exercise_id: int
    exercise_title: Translated


class Encouragement(Schema):
    preset: str  # a preset code (shown in the reader's language), or blank
    text: str  # the teacher's own words, or blank


class ReflectionFeedback(ServerEvent):
    type = "reflection.feedback"
    reflection: Reflection
    teacher: Person
    feedback: str
    encouragement: Encouragement


class SentEncouragement(Encouragement):
    id: int


class EncouragementNew(ServerEvent):
    type = "encouragement.new"
    encouragement: SentEncouragement
    teacher: Person


register("user", ReflectionFeedback, EncouragementNew)
