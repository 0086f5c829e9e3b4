"""What a student's own channel (`user.<id>`) is sent when growth celebrates them.

Built in growth/services.py; the contract of docs/protocol.md "Server to client", checked on
every publish under LIVE_STRICT.
"""

from live.events_schema import Named, Schema, ServerEvent, register


class Best(Schema):
    id: int
    metric: str
    value: int
    previous: int | None  # none for a baseline
    improvement: int | None
    period: str


class PersonalBestNew(ServerEvent):
    type = "personal_best.new"
    best: Best
    exercise: Named | None
    skill: Named | None


class Recognised(Schema):
    id: int
    kind: str
    params: dict[str, int | str]  # what the sentence quotes (growth.rules.Candidate)


class RecognitionNew(ServerEvent):
    type = "recognition.new"
    recognition: Recognised
    exercise: Named | None
    skill: Named | None


register("user", PersonalBestNew, RecognitionNew)
