from datetime import timedelta

from django.utils import timezone

from classgoals import services
from classgoals.room import class_room
from jobs.testing import drain
from live.models import RoomEvent
from tests.factories import correct_choice


def make_goal(world, **overrides):
    today = timezone.localdate()
    args = {
        "teacher": world.teacher_a,
        "school_class": world.class_a,
        "title": "Practice party",
        "kind": "exercises",
        "target": 5,
        "start_date": today - timedelta(days=3),
        "end_date": today + timedelta(days=3),
        "unlocks": "The class chooses the next project topic",
        **overrides,
    }
    for field in ("title", "unlocks", "description"):  # a single text is written in English
        if isinstance(args.get(field), str):
            args[field] = {"en": args[field]}
    return services.class_goal_create(**args)


def counting_from_the_first_day(goal):
    """The goal as if set before its first day began: the work already done in its period
    counts (a goal set today counts only what comes after, classgoals.rules.counting_since)."""
    from classgoals.models import ClassGoal
    from classgoals.selectors import period_bounds

    since, _ = period_bounds(start=goal.start_date, end=goal.end_date)
    ClassGoal.objects.filter(pk=goal.pk).update(created_at=since - timedelta(minutes=1))
    goal.refresh_from_db()
    return goal


def class_events(world, school_class=None, type=None):
    room = class_room((school_class or world.class_a).pk)
    rows = RoomEvent.objects.filter(room=room).order_by("seq")
    if type:
        rows = rows.filter(type=type)
    return list(rows)


def finish_exercise(world, student):
    """Answer both questions of the world's exercise: one finished pass."""
    from mastery import services as mastery

    mastery.exercise_run_start(student=student, exercise=world.exercise)
    mastery.attempt_record(
        student=student, question=world.choice_q, answer=str(correct_choice(world.choice_q).pk)
    )
    outcome = mastery.attempt_record(student=student, question=world.numeric_q, answer="7")
    drain()  # the follow-ups, as the worker runs them
    return outcome


# Set by a test to hold each class-goals follow-up at a barrier (race_subscriber).
RACE: dict = {"barrier": None}


def race_subscriber(event) -> None:
    """Listed before classgoals' subscriber: two workers meet here, then both measure."""
    if RACE["barrier"] is not None:
        RACE["barrier"].wait()
