"""Writes for practice: serving questions, revealing hints, recording attempts."""

from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from live.publish import publish
from live.rooms import user_room
from project.i18n import all_languages
from schools.models import Enrollment, SchoolClass, TeachingAssignment
from schools.selectors import student_can_access_subject

from . import attempt_writes, rules, tracking, variants
from .content import QuestionContent, question_content
from .errors import IdempotencyConflict, InvalidAnswer, NotAllowed, OpeningNotAllowed
from .events import AttemptRecorded
from .models import (
    Attempt,
    ClassSkillOpening,
    ExerciseRun,
    Question,
    QuestionServe,
    Skill,
    SkillProgress,
    SkillUnlock,
)
from .tasks import attempt_followups


@dataclass(frozen=True)
class AttemptOutcome:
    attempt: Attempt
    progress: SkillProgress
    mastery_before: int
    replayed: bool = False
    run: ExerciseRun | None = None
    unlocked: list[Skill] = field(default_factory=list)
    # Tries at this question within the current pass (the attempt number outside practice).
    tries: int = 1
    finished_pass: bool = False
    # What the student sees (rules.displayed) just before and after this answer: live
    # events, the API and every follower use these, never the raw estimate.
    shown_before: rules.Displayed = rules.NOT_STARTED
    shown: rules.Displayed = rules.NOT_STARTED


def _check_can_practise(*, student: User, question: Question) -> None:
    if not student_can_access_subject(
        student=student, subject_id=question.exercise.skill.subject_id
    ):
        raise NotAllowed()


def _grade(*, content: QuestionContent, answer: str, variant: int) -> bool:
    question = content.question
    if question.kind == Question.Kind.NUMERIC:
        correct = variants.grade(question, variants.draw(question, variant), answer)
        if correct is None:
            raise InvalidAnswer(_("Please enter a number, for example 12 or 3.5."))
        return correct
    try:
        choice_id = int(answer)
    except (TypeError, ValueError):
        raise InvalidAnswer(_("Please choose one of the answers.")) from None
    choice = content.choice(choice_id)
    if choice is None:
        raise InvalidAnswer(_("Please choose one of the answers."))
    return choice.is_correct


@transaction.atomic
def question_serve(*, student: User, question: Question) -> QuestionServe:
    """Start (or keep) the server's clock for this question; a reload does not restart it.

    A template gets a fresh variant, kept on the serve: a reload shows the same numbers, and
    the next serve after an answer draws new ones."""
    _check_can_practise(student=student, question=question)
    serve = (
        QuestionServe.objects.filter(student=student, question=question, answered_at=None)
        .order_by("-served_at")
        .first()
    )
    if serve is None:
        return QuestionServe.objects.create(
            student=student,
            question=question,
            served_at=timezone.now(),
            variant=variants.fresh_seed() if question.is_template else variants.FIXED,
        )
    if question.is_template and serve.variant == variants.FIXED:
        # Shown before the question became a template: from now on it has its numbers.
        serve.variant = variants.fresh_seed()
        serve.save(update_fields=["variant"])
    return serve


@transaction.atomic
def hint_reveal(*, student: User, question: Question) -> str:
    """The hint of the variant being shown, in the reader's language; noted on the serve."""
    serve = question_serve(student=student, question=question)
    if not serve.hint_used:
        serve.hint_used = True
        serve.save(update_fields=["hint_used"])
    return variants.text(question, "hint", variants.draw(question, serve.variant))


def _clock(*, student: User, question: Question, now: datetime) -> tuple[int, bool, int | None]:
    """Time since the question (or the previous try at it) was shown, whether a hint was
    used, and the variant shown (None: never shown). The open serve is closed and reopened
    so the next try is timed from now."""
    serve = (
        QuestionServe.objects.select_for_update()
        .filter(student=student, question=question)
        .order_by("-served_at")
        .first()
    )
    if serve is None:
        return 0, False, None
    started = serve.answered_at or serve.served_at
    spent = rules.time_spent_ms(int(started.timestamp() * 1000), int(now.timestamp() * 1000))
    serve.answered_at = now
    serve.save(update_fields=["answered_at"])
    return spent, serve.hint_used, serve.variant


def _history(*, student: User, question: Question, variant: int):
    """The attempt number at this question, and how often (and when last) the student
    answered this very item (question and variant) before: one aggregate query, one row back,
    on the (student, question, attempt_number) index."""
    same_item = Q(variant=variant)
    row = Attempt.objects.filter(student=student, question=question).aggregate(
        answers=Count("pk"),
        exposures=Count("pk", filter=same_item),
        last_seen=Max("answered_at", filter=same_item),
    )
    return row["answers"] + 1, row["exposures"], row["last_seen"]


def attempt_record(
    *,
    student: User,
    question: Question,
    answer: str,
    source: str = Attempt.Source.PRACTICE,
    correct: bool | None = None,
    time_spent_ms: int | None = None,
    hint_used: bool | None = None,
    answered_at: datetime | None = None,
    client=None,
    idempotency_key: str = "",
    variant: int = 0,
    exercise_pass: bool = True,
    access_checked: bool = False,
    savepoint: bool = True,
) -> AttemptOutcome:
    """Record one answer and update the student's mastery of the question's skill.

    `correct`, `time_spent_ms` and `hint_used` come only from trusted server-side callers:
    the host platform's API (source HOST) or a match's own clock (CHALLENGE). For practice
    the server grades and times the answer itself, from when it showed the question, and
    against the variant it showed then. A caller that times the answer itself also names the
    variant its players saw (`variant`, derived from the match or the round). Skill practice
    (`exercise_pass=False`) serves questions across exercises: its answers join no pass.

    `access_checked`: the caller has established that the student may practise this
    question (a match's seat, checked when the match was made). The access check runs
    before the transaction, so its refusal leaves a caller's own transaction usable; a caller
    that lets every other error end its transaction passes `savepoint=False` and saves the
    savepoint's two round trips.
    """
    content = question_content(question.pk)
    if not access_checked:
        _check_can_practise(student=student, question=content.question)
    with transaction.atomic(savepoint=savepoint):
        return _record(
            content=content,
            student=student,
            answer=answer,
            source=source,
            correct=correct,
            time_spent_ms=time_spent_ms,
            hint_used=hint_used,
            answered_at=answered_at,
            client=client,
            idempotency_key=idempotency_key,
            variant=variant,
            exercise_pass=exercise_pass,
        )


def _record(
    *,
    content: QuestionContent,
    student: User,
    answer: str,
    source: str,
    correct: bool | None,
    time_spent_ms: int | None,
    hint_used: bool | None,
    answered_at: datetime | None,
    client,
    idempotency_key: str,
    variant: int,
    exercise_pass: bool,
) -> AttemptOutcome:
    question = content.question
    skill: Skill = question.exercise.skill
    now = timezone.now()

    # One row lock per student and skill orders their attempts (attempt numbers, BKT).
    progress = attempt_writes.progress_locked(student=student, skill=skill)
    if idempotency_key:
        existing = Attempt.objects.filter(client=client, idempotency_key=idempotency_key).first()
        if existing is not None:
            if existing.student_id != student.pk or existing.question_id != question.pk:
                raise IdempotencyConflict()
            now_shown = rules.displayed(progress.state, now=now, top_level=skill.top_level)
            return AttemptOutcome(
                existing,
                progress,
                progress.mastery,
                replayed=True,
                shown_before=now_shown,
                shown=now_shown,
            )

    if time_spent_ms is not None:  # timed by the caller: the platform, or a match's clock
        spent, hinted = max(0, time_spent_ms), bool(hint_used)
    else:
        spent, hinted, shown = _clock(student=student, question=question, now=now)
        if question.is_template:
            if shown is None:
                raise InvalidAnswer(_("This question has new numbers: please open it again."))
            variant = shown
    if not question.is_template:
        variant = variants.FIXED
    if correct is None:
        correct = _grade(content=content, answer=answer, variant=variant)
    number, exposures, last_seen = _history(student=student, question=question, variant=variant)
    step = rules.fold_answer(
        progress.state,
        correct=correct,
        level=question.exercise.level,
        exposures=exposures,
        last_seen=last_seen,
        answered_at=answered_at or now,
        hint_used=hinted,
        params=skill.bkt,
        day_of=timezone.localdate,
    )
    at, mastery_before = step.at, step.mastery_before
    shown_before = rules.displayed(progress.state, now=at, top_level=skill.top_level)
    practiced_before = progress.last_practiced_at
    progress.set_state(step.after)

    attempt = Attempt(
        student=student,
        question=question,
        exercise=question.exercise,
        skill=skill,
        answer=answer[:200],
        variant=variant,
        correct=correct,
        attempt_number=number,
        time_spent_ms=min(spent, rules.MAX_TIME_SPENT_MS),
        hint_used=hinted,
        source=source,
        answered_at=answered_at or now,
        client=client,
        idempotency_key=idempotency_key,
    )
    # Field checks only: the related rows were all just read, so no existence queries.
    attempt.full_clean(
        exclude=["student", "question", "exercise", "skill", "client", "run"],
        validate_unique=False,
        validate_constraints=False,
    )
    run, tries, finished_pass = None, number, False
    if source == Attempt.Source.PRACTICE and exercise_pass:
        step = tracking.run_record(attempt=attempt, now=now)
        run, tries, finished_pass = step.run, step.tries, step.finished_now
        attempt.run = run
    attempt_writes.attempt_write(
        progress=progress,
        attempt=attempt,
        snapshot=tracking.snapshot_row(progress=progress, at=at, practiced_before=practiced_before),
    )
    unlocked = tracking.unlocks_after(
        student=student,
        skill=skill,
        mastery_before=mastery_before,
        mastery_after=progress.mastery,
        at=at,
        dependents=content.dependents,
    )
    outcome = AttemptOutcome(
        attempt,
        progress,
        mastery_before,
        run=run,
        unlocked=unlocked,
        tries=tries,
        finished_pass=finished_pass,
        shown_before=shown_before,
        shown=rules.displayed(progress.state, now=at, top_level=skill.top_level),
    )
    _publish_attempt(outcome)
    # Everything else that follows (growth, personal challenges, class goals) runs from this
    # task, written in this transaction: never lost, never run for a rolled-back attempt.
    attempt_followups.enqueue(event=attempt_event(outcome).to_json())
    return outcome


def attempt_event(outcome: AttemptOutcome) -> AttemptRecorded:
    attempt, run = outcome.attempt, outcome.run
    return AttemptRecorded(
        attempt_id=attempt.pk,
        student_id=attempt.student_id,
        skill_id=attempt.skill_id,
        subject_id=attempt.skill.subject_id,
        exercise_id=attempt.exercise_id,
        question_id=attempt.question_id,
        correct=attempt.correct,
        hint_used=attempt.hint_used,
        attempt_number=attempt.attempt_number,
        time_spent_ms=attempt.time_spent_ms,
        answered_at=attempt.answered_at,
        source=attempt.source,
        mastery_before=outcome.shown_before.percent,
        mastery_after=outcome.shown.percent,
        skill_attempts=outcome.progress.attempts,
        run_id=run.pk if run is not None else None,
        run_answered=run.questions_answered if run is not None else None,
        run_score=run.score if run is not None else None,
        finished_pass=outcome.finished_pass,
    )


def _publish_attempt(outcome: AttemptOutcome) -> None:
    attempt, progress, run = outcome.attempt, outcome.progress, outcome.run
    room = user_room(attempt.student_id)
    publish(
        room=room,
        type="attempt.recorded",
        payload={
            "attempt": {
                "id": attempt.pk,
                "question_id": attempt.question_id,
                "exercise_id": attempt.exercise_id,
                "correct": attempt.correct,
                "attempt_number": attempt.attempt_number,
            },
            "skill": {
                "id": attempt.skill_id,
                "mastery": outcome.shown.percent,
                "mastery_before": outcome.shown_before.percent,
                "level": outcome.shown.level,
                "needs": list(outcome.shown.needs),
                "attempts": progress.attempts,
                "correct": progress.correct,
            },
            "run": run
            and {
                "id": run.pk,
                "answered": run.questions_answered,
                "total": run.questions_total,
                "finished": run.finished_at is not None,
                "score": run.score,
            },
        },
    )
    for skill in outcome.unlocked:
        publish(
            room=room,
            type="skill.unlocked",
            payload={
                "skill": {
                    "id": skill.pk,
                    "subject_id": skill.subject_id,
                    "name": all_languages(skill, "name"),
                },
                "because_of": {
                    "id": attempt.skill_id,
                    "name": all_languages(attempt.skill, "name"),
                },
            },
        )


@transaction.atomic
def exercise_run_start(*, student: User, exercise) -> ExerciseRun:
    """Open a pass through the exercise (or keep the one in progress)."""
    return tracking.run_start(student=student, exercise=exercise, now=timezone.now())


def _check_can_open(*, teacher: User, school_class, skill: Skill) -> None:
    if not (
        teacher.is_active
        and teacher.is_teacher
        and TeachingAssignment.objects.filter(
            teacher=teacher, school_class=school_class, subject_id=skill.subject_id
        ).exists()
    ):
        raise OpeningNotAllowed()


@transaction.atomic
def skill_open_for_student(
    *, teacher: User, school_class: SchoolClass, student: User, skill: Skill
) -> SkillUnlock:
    """A teacher opens a locked skill for one student of their class, whatever the
    prerequisites show; recorded with who and when. A skill already open stays as it was."""
    _check_can_open(teacher=teacher, school_class=school_class, skill=skill)
    if not Enrollment.objects.filter(
        student=student, school_class=school_class, is_active=True
    ).exists():
        raise OpeningNotAllowed(_("This student is not in this class."))
    unlock, _created = SkillUnlock.objects.get_or_create(
        student=student,
        skill=skill,
        defaults={"unlocked_at": timezone.now(), "opened_by": teacher},
    )
    return unlock


@transaction.atomic
def skill_open_for_class(
    *, teacher: User, school_class: SchoolClass, skill: Skill
) -> ClassSkillOpening:
    """A teacher opens a skill for the whole class: every student of the class, now or
    later, may practise it (the tree and every lock check read it as an unlock)."""
    _check_can_open(teacher=teacher, school_class=school_class, skill=skill)
    opening, _created = ClassSkillOpening.objects.get_or_create(
        school_class=school_class,
        skill=skill,
        defaults={"opened_by": teacher, "opened_at": timezone.now()},
    )
    return opening


def skill_prerequisites_validate(*, skill: Skill, prerequisites) -> None:
    """Refuse a prerequisite set that leaves the subject's skill graph with a cycle."""
    prerequisite_list = list(prerequisites)
    foreign = [p for p in prerequisite_list if p.subject_id != skill.subject_id]
    if foreign:
        raise ValidationError(
            _("Prerequisites must belong to the same subject: %(names)s"),
            params={"names": ", ".join(str(p) for p in foreign)},
            code="prerequisite_subject",
        )
    edges: dict[int, set[int]] = {}
    through = Skill.prerequisites.through.objects.filter(from_skill__subject_id=skill.subject_id)
    for from_id, to_id in through.values_list("from_skill_id", "to_skill_id"):
        edges.setdefault(from_id, set()).add(to_id)
    if skill.pk:
        edges[skill.pk] = {p.pk for p in prerequisite_list}
    cycle = rules.find_cycle(edges)
    if cycle:
        names = dict(Skill.objects.filter(pk__in=cycle).values_list("pk", "name"))
        path = " → ".join(names[pk] for pk in [*cycle, cycle[0]])
        raise ValidationError(
            _("These prerequisites would make a loop: %(path)s"),
            params={"path": path},
            code="prerequisite_cycle",
        )


@transaction.atomic
def skill_set_prerequisites(*, skill: Skill, prerequisites) -> Skill:
    prerequisite_list = list(prerequisites)
    skill_prerequisites_validate(skill=skill, prerequisites=prerequisite_list)
    skill.prerequisites.set(prerequisite_list)
    return skill
