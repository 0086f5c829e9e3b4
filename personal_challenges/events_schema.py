"""What a student's own channel (`user.<id>`) is sent when a personal challenge completes.

Built in personal_challenges/services.py; the contract of docs/protocol.md "Server to
client" and docs/personal-challenges.md, checked on every publish under LIVE_STRICT.
"""

from live.events_schema import Named, Schema, ServerEvent, register


class Challenge(Schema):
    id: int
    kind: str
    target: int
    progress: int
    daily_unit: str  # blank unless the challenge is daily practice
    daily_goal: int


class Completed(ServerEvent):
    type = "personal_challenge.completed"
    challenge: Challenge
    exercise: Named | None
    skill: Named | None
    url: str
    reflect_url: str


register("user", Completed)
