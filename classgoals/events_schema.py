"""What a class's room (`class.<id>`) is sent: its goals' progress and celebrations.

Built in classgoals/services.py (`rules.Progress.as_dict`) and classgoals/selectors.py; the
contract of docs/protocol.md "Class rooms", checked on every publish under LIVE_STRICT.
"""

from typing import Literal

from live.events_schema import Schema, ServerEvent, Translated, register

Kind = Literal[
    "mastery_average",
    "mastered_share",
    "exercises",
    "help_sessions",
    "reflections",
    "participation",
]


class Goal(Schema):
    id: int
    kind: Kind
    value: int
    population: int
    target: int
    goal_units: int
    remaining: int
    percent: int
    reached: bool


class Milestone(Schema):
    """The teacher's words as written, per language (blank where not written): each page
    shows its own, or another with a "written in" note. Set with textContent."""

    id: int
    title: Translated
    unlocked: Translated


class GoalProgress(ServerEvent):
    type = "goal.progress"
    goal: Goal


class GoalReached(ServerEvent):
    type = "goal.reached"
    goal: Goal
    milestone: Milestone


class ClassState(Schema):
    goals: list[Goal]


register("class", GoalProgress, GoalReached, snapshot=ClassState)
