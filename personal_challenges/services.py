"""Writes for personal challenges: set one, pause, resume, set aside, share, and follow real
events (attempts, help sessions, reflections) to move progress and celebrate completion.

Live event (to the student's own room, `user_room(student_id)`), sent once per
challenge, when it is completed:

- `personal_challenge.completed`: `challenge` {`id`, `kind`, `target`, `progress`,
  `daily_unit`, `daily_goal`}, `exercise` {`id`, `name` {ar, fr, en}} or null, `skill`
  {`id`, `name` {ar, fr, en}} or null, `url` (the challenge's page), `reflect_url` (the
  short reflection the completion invites).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from live.publish import publish
from live.rooms import user_room
from mastery.events import AttemptRecorded
from mastery.models import Exercise, ExerciseRun, Skill
from project.i18n import all_languages

from . import rules, selectors
from .errors import NotAllowed
from .models import PersonalChallenge

Status = PersonalChallenge.Status
COMPLETED_EVENT = "personal_challenge.completed"
_PROGRESS_FIELDS = ["progress", "best_progress", "last_day", "day_total", "updated_at"]


def _own(student: User, challenge: PersonalChallenge) -> PersonalChallenge:
    """The challenge, locked, if it is the student's own; else NotAllowed."""
    row = PersonalChallenge.objects.select_for_update().filter(pk=challenge.pk).first()
    if row is None or row.student_id != student.pk or not student.is_student:
        raise NotAllowed()
    return row


def _bad(field: str, message: str) -> ValidationError:
    return ValidationError({field: [ValidationError(message, code="invalid")]})


def _check_deadline(deadline: date | None, today: date) -> None:
    if deadline is None:
        return
    if deadline < today:
        raise _bad("deadline", _("Please pick a deadline from today onwards."))
    if deadline > today + timedelta(days=rules.MAX_DEADLINE_DAYS):
        raise _bad(
            "deadline",
            ngettext(
                "Please pick a deadline within %(days)d day.",
                "Please pick a deadline within %(days)d days.",
                rules.MAX_DEADLINE_DAYS,
            )
            % {"days": rules.MAX_DEADLINE_DAYS},
        )


def _check_range(value: int | None, low: int, high: int, field: str = "target") -> int:
    if value is None or not low <= value <= high:
        raise _bad(
            field,
            _("Please choose a number from %(low)d to %(high)d.") % {"low": low, "high": high},
        )
    return value


@transaction.atomic
def personal_challenge_create(
    *,
    student: User,
    kind: str,
    target: int | None = None,
    exercise: Exercise | None = None,
    skill: Skill | None = None,
    daily_unit: str = "",
    daily_goal: int | None = None,
    deadline: date | None = None,
    why: str = "",
    strategy: str = "",
    shared_with_teachers: bool = False,
    now=None,
) -> PersonalChallenge:
    """Set a challenge. A blank target takes the suggested one; every target is checked
    against the student's own numbers, so none is out of reach."""
    if not (student.is_active and student.is_student):
        raise NotAllowed()
    now = now or timezone.now()
    today = timezone.localdate(now)
    if kind not in selectors.available_kinds():
        raise _bad("kind", _("Please choose one of the kinds of challenge."))
    # Lock the student's row: two quick submissions cannot both slip under the limit.
    User.objects.select_for_update().filter(pk=student.pk).first()
    if selectors.open_count(student=student, today=today) >= rules.MAX_ACTIVE:
        raise ValidationError(
            ngettext(
                "You already have %(count)d challenge going. Finish it or set it aside "
                "before starting another: a few goals at a time keeps each one meaningful.",
                "You already have %(count)d challenges going. Finish or set one aside "
                "before starting another: a few goals at a time keeps each one meaningful.",
                rules.MAX_ACTIVE,
            )
            % {"count": rules.MAX_ACTIVE},
            code="too_many",
        )
    _check_deadline(deadline, today)
    challenge = PersonalChallenge(
        student=student,
        kind=kind,
        deadline=deadline,
        why=why.strip(),
        strategy=strategy.strip(),
        shared_with_teachers=shared_with_teachers,
        created_at=now,
    )
    options = selectors.creation_options(student=student, today=today)
    if kind == rules.BEAT_SCORE:
        option = exercise and options.score_option(exercise.pk)
        if option is None:
            raise _bad(
                "exercise",
                _("Please choose an exercise you have finished at least once, below 100%."),
            )
        target = option.suggested if target is None else target
        if rules.score_target_error(target=target, best=option.best) is not None:
            raise _bad(
                "target",
                _("Please choose a score above your best (%(best)d%%), up to 100%%.")
                % {"best": option.best},
            )
        challenge.exercise, challenge.baseline = option.exercise, option.best
        challenge.set_state(rules.Progress(value=option.best, best=option.best))
    elif kind == rules.MASTER_SKILL:
        option = skill and options.skill_option(skill.pk)
        if option is None:
            raise _bad("skill", _("Please choose an open skill you have not mastered yet."))
        target, challenge.skill = rules.MASTERED, option.node.ref
        challenge.baseline = option.node.mastery
        challenge.set_state(rules.Progress(value=option.node.mastery, best=option.node.mastery))
    elif kind == rules.ADVANCED_CONTENT:
        option = exercise and options.advanced_option(exercise.pk)
        if option is None:
            raise _bad("exercise", _("Please choose one of the stretch exercises offered."))
        target, challenge.exercise = option.questions, option.exercise
    elif kind == rules.LEARNING_STREAK:
        high = rules.max_streak(deadline=deadline, today=today)
        target = (
            rules.suggest_streak(best_streak=options.best_streak, deadline=deadline, today=today)
            if target is None
            else target
        )
        _check_range(target, 1, max(1, high))
        if target > high:
            raise _bad("target", _("That many days in a row do not fit before your deadline."))
    elif kind == rules.DAILY_PRACTICE:
        if daily_unit not in rules.DAILY_UNITS:
            raise _bad("daily_unit", _("Please choose questions or minutes."))
        high_amount = (
            rules.MAX_DAILY_MINUTES if daily_unit == rules.MINUTES else rules.MAX_DAILY_QUESTIONS
        )
        if daily_goal is None:
            daily_goal = options.daily_suggested[daily_unit]
        challenge.daily_unit = daily_unit
        challenge.daily_goal = _check_range(daily_goal, 1, high_amount, "daily_goal")
        high = rules.max_practice_days(deadline=deadline, today=today)
        if target is None:
            target = rules.suggest_practice_days(deadline=deadline, today=today)
        _check_range(target, 1, max(1, high))
        if target > high:
            raise _bad("target", _("That many days do not fit before your deadline."))
    elif kind == rules.HELP_OTHERS:
        target = options.help_suggested if target is None else target
        _check_range(target, 1, rules.MAX_HELP_SESSIONS)
    challenge.target = target
    challenge.full_clean(exclude=["student", "exercise", "skill", "reflection"])
    challenge.save()
    return challenge


def _set_status(row: PersonalChallenge, challenge: PersonalChallenge, *, to: str, from_) -> bool:
    if row.status not in from_:
        return False
    row.status = to
    row.save(update_fields=["status", "updated_at"])
    challenge.status = to
    return True


@transaction.atomic
def personal_challenge_pause(*, student: User, challenge: PersonalChallenge) -> bool:
    """Pause an active challenge: nothing counts until it is resumed. Returns whether it
    changed (pausing twice is harmless)."""
    row = _own(student, challenge)
    return _set_status(row, challenge, to=Status.PAUSED, from_=(Status.ACTIVE,))


@transaction.atomic
def personal_challenge_resume(*, student: User, challenge: PersonalChallenge) -> bool:
    """Resume a paused or set-aside challenge (within the limit on open ones)."""
    today = timezone.localdate()
    row = _own(student, challenge)
    if row.status == PersonalChallenge.Status.SET_ASIDE and (
        selectors.open_count(student=student, today=today) >= rules.MAX_ACTIVE
    ):
        raise ValidationError(
            _("Finish or set aside another challenge first: %(count)d at a time.")
            % {"count": rules.MAX_ACTIVE},
            code="too_many",
        )
    return _set_status(row, challenge, to=Status.ACTIVE, from_=(Status.PAUSED, Status.SET_ASIDE))


@transaction.atomic
def personal_challenge_set_aside(*, student: User, challenge: PersonalChallenge) -> bool:
    """Stop a challenge for now, without judgement; it can be picked up again."""
    row = _own(student, challenge)
    return _set_status(row, challenge, to=Status.SET_ASIDE, from_=(Status.ACTIVE, Status.PAUSED))


@transaction.atomic
def personal_challenge_share(
    *, student: User, challenge: PersonalChallenge, shared: bool
) -> PersonalChallenge:
    row = _own(student, challenge)
    row.shared_with_teachers = shared
    row.save(update_fields=["shared_with_teachers", "updated_at"])
    challenge.shared_with_teachers = shared
    return row


# --- following real events ---------------------------------------------------------------


def _attempt_facts(attempt: AttemptRecorded) -> rules.AttemptFacts:
    return rules.AttemptFacts(
        day=timezone.localdate(attempt.answered_at),
        exercise_id=attempt.exercise_id,
        skill_id=attempt.skill_id,
        time_spent_ms=attempt.time_spent_ms,
        mastery_after=attempt.mastery_after,
        run_answered=attempt.run_answered,
        finished_score=(attempt.run_score or 0) if attempt.finished_pass else None,
    )


def _named(obj, field_name: str) -> dict | None:
    if obj is None:
        return None
    return {"id": obj.pk, "name": all_languages(obj, field_name)}


def _complete(challenge: PersonalChallenge, *, now, exercise, run, skill) -> None:
    challenge.status = PersonalChallenge.Status.COMPLETED
    challenge.completed_at = now
    challenge.reflect_exercise = exercise
    challenge.reflect_run = run
    challenge.save(
        update_fields=[
            *_PROGRESS_FIELDS,
            "status",
            "completed_at",
            "reflect_exercise",
            "reflect_run",
        ]
    )
    publish(
        room=user_room(challenge.student_id),
        type=COMPLETED_EVENT,
        payload={
            "challenge": {
                "id": challenge.pk,
                "kind": challenge.kind,
                "target": challenge.target,
                "progress": challenge.best_progress,
                "daily_unit": challenge.daily_unit,
                "daily_goal": challenge.daily_goal,
            },
            "exercise": _named(exercise if challenge.exercise_id else None, "title"),
            "skill": _named(skill if challenge.skill_id else None, "name"),
            "url": reverse("personal_challenges:detail", args=[challenge.pk]),
            "reflect_url": reverse("personal_challenges:reflect", args=[challenge.pk]),
        },
    )


def _what_completed(*, attempt: AttemptRecorded | None, help_session):
    """The exercise, finished pass and skill a completion names (read only on completion)."""
    if attempt is not None:
        exercise = Exercise.objects.select_related("skill").get(pk=attempt.exercise_id)
        run = ExerciseRun(pk=attempt.run_id) if attempt.finished_pass and attempt.run_id else None
        return exercise, run, exercise.skill
    skill = help_session.skill
    exercise = Exercise.objects.filter(skill=skill).order_by("position", "pk").first()
    return exercise, None, skill


# Joins the follow-up's transaction (jobs.followups) without a savepoint of its own.
@transaction.atomic(savepoint=False)
def personal_challenge_progress_update(
    *, student_id: int, attempt: AttemptRecorded | None = None, help_session=None
) -> list[PersonalChallenge]:
    """Move the student's active challenges after one real event; returns those completed.

    `attempt`: a recorded attempt (the follow-up of mastery.services.attempt_record, a moment
    after the answer, with what the student saw then). `help_session`: a peer-help session
    the student completed as the helper. Cost: one query (the student's related active
    challenges, locked) when nothing moves, one more per challenge that moves, and the
    completion's reads, write and event. The row locks make a completion happen (and be
    celebrated) once, even when two events cross the line at the same moment: the second
    waits, then sees the challenge completed and skips it.
    """
    now = timezone.now()
    rows = PersonalChallenge.objects.select_for_update().filter(
        student_id=student_id, status=PersonalChallenge.Status.ACTIVE
    )
    if attempt is not None:
        facts = _attempt_facts(attempt)
        rows = rows.filter(
            Q(kind__in=(rules.LEARNING_STREAK, rules.DAILY_PRACTICE))
            | Q(kind__in=rules.EXERCISE_KINDS, exercise_id=attempt.exercise_id)
            | Q(kind__in=rules.SKILL_KINDS, skill_id=attempt.skill_id),
            Q(deadline__isnull=True) | Q(deadline__gte=facts.day),
            created_at__lte=attempt.answered_at,
        )
    elif help_session is not None:
        today = timezone.localdate(now)
        rows = rows.filter(
            Q(deadline__isnull=True) | Q(deadline__gte=today), kind__in=rules.HELP_KINDS
        )
    else:
        raise ValueError("personal_challenge_progress_update needs an attempt or a session")

    completed = []
    for challenge in rows:
        goal, state = challenge.goal, challenge.state
        if attempt is not None:
            new = rules.after_attempt(goal, state, facts)
        else:
            sessions = selectors.help_given_since(student_id=student_id, since=challenge.created_at)
            new = rules.after_help(goal, state, sessions=sessions)
        if new == state:
            continue
        challenge.set_state(new)
        if rules.is_complete(goal, new):
            exercise, run, skill = _what_completed(attempt=attempt, help_session=help_session)
            _complete(challenge, now=now, exercise=exercise, run=run, skill=skill)
            completed.append(challenge)
        else:
            challenge.save(update_fields=_PROGRESS_FIELDS)
    return completed


@transaction.atomic
def personal_challenge_reflection_link(*, reflection) -> int:
    """A reflection written after a completion answers its invitation: link it to the
    student's completed challenges on that exercise still waiting for one."""
    return PersonalChallenge.objects.filter(
        student_id=reflection.student_id,
        status=PersonalChallenge.Status.COMPLETED,
        reflect_exercise_id=reflection.exercise_id,
        reflection__isnull=True,
        completed_at__lte=reflection.created_at,
    ).update(reflection=reflection)
