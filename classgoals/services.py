"""Writes for class goals: setting them, and measuring them as the class's work comes in."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from live.publish import publish
from mastery.models import Skill
from schools.models import SchoolClass, Subject, TeachingAssignment
from schools.selectors import teacher_subjects_for

from . import rules, selectors
from .errors import GoalLocked, InvalidGoal, NotAllowed
from .models import ClassGoal, ClassMilestone
from .room import class_room

EDITABLE = (
    "title",
    "description",
    "kind",
    "subject",
    "skill",
    "target",
    "start_date",
    "end_date",
    "unlocks",
)


# The teacher's words, given per language ({"fr": ..., "ar": ..., "en": ...}), one language
# at least except for the optional ones.
TEXTS = ("title", "unlocks", "description")
OPTIONAL_TEXTS = ("description",)
LANGS = rules.TEXT_LANGUAGES


def _set_texts(goal: ClassGoal, field: str, texts: dict[str, str]) -> None:
    """Each language's column (None where not written, so a reader falls back to another),
    and the base column the first written (the admin's and str()'s)."""
    written = rules.written_texts(texts)
    if not any(written.values()) and field not in OPTIONAL_TEXTS:
        raise InvalidGoal(errors={field: "text_required"})
    for lang, text in written.items():
        setattr(goal, f"{field}_{lang}", text or None)
    goal.__dict__[field] = rules.first_written(written)


def as_written(obj, field: str) -> dict[str, str]:
    """A teacher's text per language as written: blank where they did not write it."""
    return {lang: getattr(obj, f"{field}_{lang}") or "" for lang in ("ar", "fr", "en")}


def _check_teacher(*, teacher: User, school_class: SchoolClass) -> None:
    if not selectors.teacher_teaches_class(teacher=teacher, class_id=school_class.pk):
        raise NotAllowed()


def _validate(
    *,
    teacher: User,
    school_class: SchoolClass,
    kind: str,
    target: int,
    start_date: date,
    end_date: date,
    subject: Subject | None,
    skill: Skill | None,
    today: date,
) -> None:
    errors = rules.goal_errors(
        kind=kind,
        target=target,
        start=start_date,
        end=end_date,
        has_scope=subject is not None or skill is not None,
        today=today,
    )
    if skill is not None and subject is not None and skill.subject_id != subject.pk:
        errors["skill"] = "skill_outside_subject"
    scope_subject = skill.subject_id if skill is not None else (subject and subject.pk)
    if scope_subject is not None and not TeachingAssignment.objects.filter(
        teacher=teacher, school_class=school_class, subject_id=scope_subject
    ):
        errors["subject"] = "subject_not_taught"
    if errors:
        raise InvalidGoal(errors=errors)


@transaction.atomic
def class_goal_create(
    *,
    teacher: User,
    school_class: SchoolClass,
    title: dict[str, str],
    kind: str,
    target: int,
    start_date: date,
    end_date: date,
    unlocks: dict[str, str],
    description: dict[str, str] | None = None,
    subject: Subject | None = None,
    skill: Skill | None = None,
) -> ClassGoal:
    _check_teacher(teacher=teacher, school_class=school_class)
    today = timezone.localdate()
    _validate(
        teacher=teacher,
        school_class=school_class,
        kind=kind,
        target=target,
        start_date=start_date,
        end_date=end_date,
        subject=subject,
        skill=skill,
        today=today,
    )
    goal = ClassGoal(
        school_class=school_class,
        subject=subject if skill is None else skill.subject,
        skill=skill,
        kind=kind,
        target=target,
        start_date=start_date,
        end_date=end_date,
        created_by=teacher,
    )
    _set_texts(goal, "title", title)
    _set_texts(goal, "unlocks", unlocks)
    _set_texts(goal, "description", description or {})
    goal.full_clean()
    goal.save()
    return class_goal_refresh(goal=goal, force=True)


@transaction.atomic
def class_goal_update(*, teacher: User, goal: ClassGoal, **fields) -> ClassGoal:
    """Change a goal not reached yet; it is measured again at once (a lower target may be
    reached on saving, and is celebrated then)."""
    _check_teacher(teacher=teacher, school_class=goal.school_class)
    goal = ClassGoal.objects.select_for_update().get(pk=goal.pk)
    if goal.reached_at is not None:
        raise GoalLocked()
    taught = teacher_subjects_for(teacher=teacher, school_class=goal.school_class_id)
    if not rules.teacher_may_edit(goal_subject_id=goal.subject_id, teacher_subject_ids=taught):
        raise NotAllowed()
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    for name, value in fields.items():
        if name in TEXTS:
            _set_texts(goal, name, value)
        else:
            setattr(goal, name, value.strip() if isinstance(value, str) else value)
    if goal.skill is not None:
        goal.subject = goal.skill.subject
    _validate(
        teacher=teacher,
        school_class=goal.school_class,
        kind=goal.kind,
        target=goal.target,
        start_date=goal.start_date,
        end_date=goal.end_date,
        subject=goal.subject,
        skill=goal.skill,
        today=timezone.localdate(),
    )
    goal.full_clean()
    goal.save()
    return class_goal_refresh(goal=goal, force=True)


def _publish_progress(goal: ClassGoal) -> None:
    publish(
        room=class_room(goal.school_class_id),
        type="goal.progress",
        payload={"goal": {"id": goal.pk, **goal.progress.as_dict()}},
    )


def _moved(goal: ClassGoal) -> bool:
    measure = selectors.goal_measure(goal=goal)
    if (measure.value, measure.population) != (goal.current_value, goal.population):
        return True
    would_reach = rules.progress(
        kind=goal.kind, value=measure.value, population=measure.population, target=goal.target
    ).reached
    return goal.reached_at is None and would_reach


@transaction.atomic
def class_goals_refresh(*, goals: list[ClassGoal], force: bool = False) -> list[ClassGoal]:
    """Measure goals from real data; store, publish and celebrate what moved.

    Nothing moved (the common case on the attempt path): no lock, no write, no event.
    Otherwise the moved goals' rows are locked, all at once and in one order before any
    event takes the class room's lock (two answers moving different goals of a class cannot
    deadlock), and measured again under the lock, so a concurrent transaction that crossed
    the line first has committed and is seen: the class reaches a goal once, and the
    milestone's one-to-one key makes a second one impossible anyway.
    """
    moved = [g.pk for g in goals if force or _moved(g)]
    if not moved:
        return goals
    locked = list(
        ClassGoal.objects.select_for_update()
        .select_related("school_class")
        .filter(pk__in=moved)
        .order_by("pk")
    )
    for goal in locked:
        if goal.reached_at is None or force:  # else reached meanwhile, by whom we waited for
            _store(goal)
    fresh = {g.pk: g for g in locked}
    return [fresh.get(g.pk, g) for g in goals]


def class_goal_refresh(*, goal: ClassGoal, force: bool = False) -> ClassGoal:
    return class_goals_refresh(goals=[goal], force=force)[0]


def _store(goal: ClassGoal) -> None:
    measure = selectors.goal_measure(goal=goal)
    now = timezone.now()
    goal.current_value, goal.population, goal.computed_at = (
        measure.value,
        measure.population,
        now,
    )
    newly_reached = goal.progress.reached and goal.reached_at is None
    if newly_reached:
        goal.reached_at = now
    goal.save(update_fields=["current_value", "population", "computed_at", "reached_at"])
    _publish_progress(goal)
    if newly_reached:
        milestone = ClassMilestone.objects.create(
            school_class_id=goal.school_class_id,
            goal=goal,
            title=rules.first_written(as_written(goal, "title")),
            unlocked=rules.first_written(as_written(goal, "unlocks")),
            **{f"title_{lang}": getattr(goal, f"title_{lang}") for lang in LANGS},
            **{f"unlocked_{lang}": getattr(goal, f"unlocks_{lang}") for lang in LANGS},
            value=goal.current_value,
            achieved_at=now,
        )
        publish(
            room=class_room(goal.school_class_id),
            type="goal.reached",
            payload={
                "goal": {"id": goal.pk, **goal.progress.as_dict()},
                "milestone": {
                    "id": milestone.pk,
                    # As written: each page shows its language, or another with a note.
                    "title": as_written(milestone, "title"),
                    "unlocked": as_written(milestone, "unlocked"),
                },
            },
        )
