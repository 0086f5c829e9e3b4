"""Demo class goals, measured from the demo school's history: one goal each class is working
on, and one the first class already reached (with its milestone). Deterministic for an anchor."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from accounts.models import User
from classgoals import rules, selectors, services
from classgoals.models import ClassGoal, ClassMilestone
from classgoals.room import class_room
from live.models import RoomCursor, RoomEvent
from mastery.models import Skill
from schools.models import SchoolClass, Subject


def _goal(school_class, teacher, *, aim, **fields) -> ClassGoal:
    """Measure the goal on the demo's real rows first, let `aim(measure)` pick its target,
    then save it and store the measure (celebrating if the target is already reached).
    Saved directly, not through class_goal_create: the anchor may lie in the past."""
    texts = {}
    for field in ("title", "unlocks", "description"):
        # The teacher's words in each language given ({"fr": ...}); the base column the first.
        written = rules.written_texts(fields.pop(field, {}))
        texts[field] = rules.first_written(written)
        texts.update({f"{field}_{lang}": text or None for lang, text in written.items()})
    goal = ClassGoal(school_class=school_class, created_by=teacher, target=1, **texts, **fields)
    goal.target = aim(selectors.goal_measure(goal=goal))
    goal.save()
    return services.class_goal_refresh(goal=goal, force=True)


def seed(*, anchor: date, classes: list[SchoolClass], teacher: User, subject: Subject) -> int:
    """The math teacher's goals for both classes; returns how many goals were created."""
    first, second = classes
    fortnight = {"start_date": anchor - timedelta(days=10), "end_date": anchor + timedelta(days=4)}
    week = {"start_date": anchor - timedelta(days=6), "end_date": anchor}

    # Reached: most of the first class practised this week (the target is what they did).
    reached = _goal(
        first,
        teacher,
        aim=lambda m: max(1, min(100, m.value * 100 // max(1, m.population))),
        title={
            "fr": "Tout le monde s'entraîne",
            "ar": "الجميع يتدرّب",
            "en": "Everyone practises",
        },
        description={"fr": "Chaque jour compte : on avance ensemble."},
        kind=rules.PARTICIPATION,
        unlocks={
            "fr": "La classe choisit le thème du prochain projet",
            "ar": "القسم يختار موضوع المشروع القادم",
            "en": "The class chooses the next project topic",
        },
        subject=subject,
        **week,
    )
    at = timezone.make_aware(datetime.combine(anchor - timedelta(days=1), time(16, 30)))
    ClassGoal.objects.filter(pk=reached.pk).update(reached_at=at)
    ClassMilestone.objects.filter(goal=reached).update(achieved_at=at)

    # In progress: the class average in mathematics, eight points to go.
    _goal(
        first,
        teacher,
        aim=lambda m: min(100, m.value + 8),
        title={"fr": "Cap sur les maths"},  # written in French only: shown with a note
        kind=rules.MASTERY_AVERAGE,
        unlocks={"fr": "Une séance de défis en équipe vendredi"},
        subject=subject,
        **fortnight,
    )

    # In progress: the second class aims at three more students mastering the first skill.
    skill = Skill.objects.filter(subject=subject).order_by("tier", "position").first()
    _goal(
        second,
        teacher,
        aim=lambda m: min(100, -(-(m.value + 3) * 100 // max(1, m.population))),
        title={"fr": "Maîtres des bases"},
        description={"fr": "Aidons-nous : expliquer à un camarade, c'est apprendre deux fois."},
        kind=rules.MASTERED_SHARE,
        unlocks={"fr": "Des défis avancés pour toute la classe"},
        subject=subject,
        skill=skill,
        **fortnight,
    )
    return 3


def reset(*, class_ids: list[int]) -> None:
    rooms = [class_room(pk) for pk in class_ids]
    RoomEvent.objects.filter(room__in=rooms).delete()
    RoomCursor.objects.filter(room__in=rooms).delete()
