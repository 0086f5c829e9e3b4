"""Writes for growth: the follow-up of every attempt, and the bulk rebuild.

Both feed the attempt stream through growth.rules.step, so what the rebuild writes is what the
live path would have written, minus the live celebrations.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from live.publish import publish
from live.rooms import user_room
from mastery import rules as mastery_rules
from mastery.events import AttemptRecorded
from mastery.models import Attempt, Exercise, ExerciseRun, Skill
from mastery.replay import Fold
from mastery.tracking import RUN_IDLE_LIMIT
from project.i18n import all_languages

from . import rules
from .models import GrowthState, PersonalBest, Recognition, RushingFlag

# Earlier tries at the same question read per attempt: enough for every rule, and bounded.
PAST_TRIES = 10


@dataclass
class GrowthResult:
    """What one attempt earned: records inserted (baselines included), learning moments."""

    bests: list[PersonalBest] = field(default_factory=list)
    recognitions: list[Recognition] = field(default_factory=list)
    rushed: bool = False


def _locked_state(student_id: int) -> GrowthState:
    """The student's growth row, locked until commit: a student's records and recognitions
    are decided one attempt at a time, so none is inserted or celebrated twice."""
    row = GrowthState.objects.select_for_update().filter(student_id=student_id).first()
    if row is None:
        GrowthState.objects.bulk_create([GrowthState(student_id=student_id)], ignore_conflicts=True)
        row = GrowthState.objects.select_for_update().get(student_id=student_id)
    return row


def _facts(event: AttemptRecorded, *, difficulty: str) -> rules.AttemptFacts:
    return rules.AttemptFacts(
        at=event.answered_at,
        day=timezone.localdate(event.answered_at),
        correct=event.correct,
        attempt_number=event.attempt_number,
        time_spent_ms=event.time_spent_ms,
        hint_used=event.hint_used,
        question_id=event.question_id,
        exercise_id=event.exercise_id,
        skill_id=event.skill_id,
        difficulty=difficulty,
        # The numbers the student saw (mastery.rules.displayed): a skill not started shows
        # 0%, and "mastered" only with the evidence, so records and moments agree with the page.
        mastery_before=event.mastery_before,
        mastery_after=event.mastery_after,
        skill_attempts_before=event.skill_attempts - 1,
    )


def _past_tries(attempt: Attempt) -> list[rules.PastTry]:
    rows = (
        Attempt.objects.filter(
            student_id=attempt.student_id,
            question_id=attempt.question_id,
            attempt_number__lt=attempt.attempt_number,
        )
        .order_by("-attempt_number")
        .values_list("answered_at", "correct", "attempt_number", "time_spent_ms", "hint_used")[
            :PAST_TRIES
        ]
    )
    return [rules.PastTry(*row) for row in rows]


def _pass_finish(run: ExerciseRun) -> rules.PassFinish:
    """The finished run, the run before it on the same exercise, and the best score so far.
    `run` holds what the event says of it (pk, student, exercise, score)."""
    best = PersonalBest.objects.filter(
        student_id=run.student_id, metric=rules.EXERCISE_SCORE, exercise_id=run.exercise_id
    ).aggregate(best=Max("value"))["best"]
    previous_run = (
        ExerciseRun.objects.filter(
            student_id=run.student_id,
            exercise_id=run.exercise_id,
            finished_at__isnull=False,
            pk__lt=run.pk,
        )
        .order_by("-started_at")
        .only("pk", "score")
        .first()
    )
    current = rules.PassStats(score=run.score or 0, hints=0, retries=0)
    previous = None
    if previous_run is not None:
        counts = {
            row["run_id"]: row
            for row in Attempt.objects.filter(run_id__in=[run.pk, previous_run.pk])
            .order_by()
            .values("run_id")
            .annotate(
                attempts=Count("id"),
                questions=Count("question_id", distinct=True),
                hinted=Count("question_id", distinct=True, filter=Q(hint_used=True)),
            )
        }
        empty = {"attempts": 0, "questions": 0, "hinted": 0}

        def stats(pk: int, score: int) -> rules.PassStats:
            row = counts.get(pk, empty)
            return rules.pass_stats(
                score=score,
                attempts=row["attempts"],
                questions=row["questions"],
                hinted=row["hinted"],
            )

        current = stats(run.pk, run.score or 0)
        previous = stats(previous_run.pk, previous_run.score or 0)
    return rules.PassFinish(
        period=f"run:{run.pk}", current=current, previous=previous, exercise_best=best
    )


def _named(obj, field_name: str) -> dict | None:
    if obj is None:
        return None
    return {"id": obj.pk, "name": all_languages(obj, field_name)}


def _publish_best(best: PersonalBest, *, exercise, skill) -> None:
    publish(
        room=user_room(best.student_id),
        type="personal_best.new",
        payload={
            "best": {
                "id": best.pk,
                "metric": best.metric,
                "value": best.value,
                "previous": best.previous_value,
                "improvement": best.improvement,
                "period": best.period,
            },
            "exercise": _named(exercise, "title"),
            "skill": _named(skill, "name"),
        },
    )


def _publish_recognition(recognition: Recognition, *, exercise, skill) -> None:
    publish(
        room=user_room(recognition.student_id),
        type="recognition.new",
        payload={
            "recognition": {
                "id": recognition.pk,
                "kind": recognition.kind,
                "params": recognition.params,
            },
            "exercise": _named(exercise, "title"),
            "skill": _named(skill, "name"),
        },
    )


def _insert_once(obj) -> bool:
    """Insert a row guarded by a unique constraint; False if it already exists (then it was
    already celebrated, and must not be again)."""
    try:
        with transaction.atomic():
            obj.save(force_insert=True)
    except IntegrityError:
        return False
    return True


def _apply_best(
    change: rules.BestChange, *, student_id: int, attempt: Attempt, now
) -> PersonalBest | None:
    exercise = attempt.exercise if change.exercise_id else None
    skill = attempt.skill if change.skill_id else None
    at = attempt.answered_at
    if not change.new_row:
        PersonalBest.objects.filter(
            student_id=student_id,
            metric=change.metric,
            period=change.period,
            exercise__isnull=True,
            value__lt=change.value,
        ).update(value=change.value, updated_at=at, **({"skill": skill} if skill else {}))
        return None
    best = PersonalBest(
        student_id=student_id,
        metric=change.metric,
        period=change.period,
        value=change.value,
        previous_value=change.previous,
        exercise=exercise,
        skill=skill,
        achieved_at=at,
        updated_at=at,
        celebrated_at=now if change.celebrate else None,
    )
    if not _insert_once(best):
        return None
    if change.celebrate:
        _publish_best(best, exercise=exercise, skill=skill)
    return best


# Joins the follow-up's transaction (jobs.followups) without a savepoint of its own.
@transaction.atomic(savepoint=False)
def growth_after_attempt(*, event: AttemptRecorded) -> GrowthResult:
    """Personal bests, learning moments and rushing after one recorded attempt.

    The growth follow-up of the attempt (growth.subscribers), in its own transaction, a
    moment after the answer; one student's attempts are followed up in their recorded order
    (mastery/tasks.py). Cost is bounded whatever the history: the attempt (with its exercise
    and skill), the lock and save of the student's growth row, plus one query for earlier
    tries when a retry comes out right, three when a pass finishes, and the writes and events
    of whatever was earned. An attempt erased since (privacy) earns nothing.
    """
    result = GrowthResult()
    attempt = (
        Attempt.objects.select_related("exercise", "skill").filter(pk=event.attempt_id).first()
    )
    if attempt is None:
        return result
    now = timezone.now()
    row = _locked_state(attempt.student_id)
    facts = _facts(event, difficulty=attempt.exercise.difficulty)
    past = _past_tries(attempt) if attempt.correct and attempt.attempt_number > 1 else ()
    finish = None
    if event.finished_pass and event.run_id is not None:
        run = ExerciseRun(
            pk=event.run_id,
            student_id=event.student_id,
            exercise_id=event.exercise_id,
            score=event.run_score,
        )
        finish = _pass_finish(run)
    state, findings = rules.step(row.state, facts, past=past, finish=finish)
    result.rushed = findings.rushed
    chosen: list[rules.Candidate] = []
    if findings.candidates:
        already = set(
            Recognition.objects.filter(
                student_id=attempt.student_id,
                exercise_id=attempt.exercise_id,
                kind__in=[c.kind for c in findings.candidates],
            ).values_list("kind", flat=True)
        )
        state, chosen = rules.choose_recognitions(
            state, findings.candidates, already=already, day=facts.day
        )
    row.set_state(state)
    row.save()

    for change in findings.bests:
        best = _apply_best(change, student_id=attempt.student_id, attempt=attempt, now=now)
        if best is not None:
            result.bests.append(best)
    for candidate in chosen:
        recognition = Recognition(
            student_id=attempt.student_id,
            kind=candidate.kind,
            exercise=attempt.exercise,
            skill=attempt.skill,
            question_id=attempt.question_id,
            params=candidate.params,
            achieved_at=attempt.answered_at,
        )
        if _insert_once(recognition):
            _publish_recognition(recognition, exercise=attempt.exercise, skill=attempt.skill)
            result.recognitions.append(recognition)
    if findings.rush is not None:
        _flag_rushing(attempt.student_id, findings.rush)
    return result


def _flag_rushing(student_id: int, rush: rules.RushUpdate) -> None:
    RushingFlag.objects.bulk_create(
        [
            RushingFlag(
                student_id=student_id,
                day=rush.day,
                answers=rush.answers,
                wrong=rush.wrong,
                first_at=rush.first_at,
                last_at=rush.last_at,
            )
        ],
        update_conflicts=True,
        unique_fields=["student", "day"],
        update_fields=["answers", "wrong", "last_at"],
    )


# --- bulk rebuild ------------------------------------------------------------------------------


@dataclass
class RebuildSummary:
    students: int = 0
    attempts: int = 0
    personal_bests: int = 0
    recognitions: int = 0
    rushing_flags: int = 0
    seconds: float = 0.0


@dataclass
class _Replay:
    """One student's replay: the fold's state and the rows it produced."""

    student_id: int
    mastery: Fold  # the same fold of each answer as attempt_record's
    state: rules.GrowthState = field(default_factory=rules.GrowthState)
    past: dict[int, list[rules.PastTry]] = field(default_factory=dict)
    runs: dict[int, rules.OpenPass] = field(default_factory=dict)
    passes: dict[int, rules.OpenPass] = field(default_factory=dict)
    previous_pass: dict[int, rules.PassStats] = field(default_factory=dict)
    exercise_best: dict[int, int] = field(default_factory=dict)
    earned: set[tuple[str, int]] = field(default_factory=set)
    bests: dict[tuple[str, int | None, str], PersonalBest] = field(default_factory=dict)
    recognitions: list[Recognition] = field(default_factory=list)
    flags: dict = field(default_factory=dict)


_ATTEMPT_FIELDS = (
    "id",
    "student_id",
    "question_id",
    "exercise_id",
    "skill_id",
    "correct",
    "attempt_number",
    "time_spent_ms",
    "hint_used",
    "answered_at",
    "run_id",
    "source",
    "day",
    "variant",
)


@transaction.atomic
def growth_rebuild_for_students(*, student_ids: Iterable[int]) -> RebuildSummary:
    """Rebuild these students' personal bests, learning moments, rushing flags and growth
    state from their attempt history, replacing what they had. For the demo seed (which
    bulk-inserts attempts without going through attempt_record) and for repairs.

    Replays every attempt in time order through the same rules as the live hook, including the
    mastery before and after each one (mastery.replay.Fold: attempt_record's own fold) and the
    passes through each exercise (ExerciseRun rows where attempts have one, else replayed like
    mastery.tracking.run_record for demo history). Sends nothing live: history is not news.
    A fixed number of queries (one streamed read of the attempts), then bulk inserts.
    """
    started = time.monotonic()
    ids = sorted(set(student_ids))
    summary = RebuildSummary(students=len(ids))
    for model in (PersonalBest, Recognition, RushingFlag, GrowthState):
        model.objects.filter(student_id__in=ids).delete()
    if not ids:
        return summary

    skills = Skill.objects.only("p_init", "p_learn", "p_guess", "p_slip", "top_level")
    bkt, top_levels = {}, {}
    for skill in skills:
        bkt[skill.pk], top_levels[skill.pk] = skill.bkt, skill.top_level
    exercises = {
        row["pk"]: row
        for row in Exercise.objects.order_by()
        .annotate(total=Count("questions"))
        .values("pk", "difficulty", "total")
    }
    run_totals = dict(
        ExerciseRun.objects.filter(student_id__in=ids).values_list("pk", "questions_total")
    )
    attempts = (
        Attempt.objects.filter(student_id__in=ids)
        # The local day, computed by the database in the current time zone (localdate's).
        .annotate(day=TruncDate("answered_at"))
        .order_by("student_id", "answered_at", "id")
        .values_list(*_ATTEMPT_FIELDS)
        .iterator(chunk_size=20_000)
    )
    replays: list[_Replay] = []
    replay: _Replay | None = None
    for row in attempts:
        if replay is None or replay.student_id != row[1]:
            replay = _Replay(student_id=row[1], mastery=Fold(bkt, timezone.localdate))
            replays.append(replay)
        _replay_attempt(
            replay, row, exercises=exercises, run_totals=run_totals, top_levels=top_levels
        )
        summary.attempts += 1

    bests = [b for r in replays for b in r.bests.values()]
    recognitions = [x for r in replays for x in r.recognitions]
    flags = [f for r in replays for f in r.flags.values()]
    states = []
    for r in replays:
        growth = GrowthState(student_id=r.student_id)
        growth.set_state(r.state)
        states.append(growth)
    PersonalBest.objects.bulk_create(bests, batch_size=2000)
    Recognition.objects.bulk_create(recognitions, batch_size=2000)
    RushingFlag.objects.bulk_create(flags, batch_size=2000)
    GrowthState.objects.bulk_create(states, batch_size=2000)
    summary.personal_bests = len(bests)
    summary.recognitions = len(recognitions)
    summary.rushing_flags = len(flags)
    summary.seconds = time.monotonic() - started
    return summary


def _shown(state: mastery_rules.ProgressState, at, top_level: int) -> int:
    """What the student saw at `at`, as attempt_record's outcome says it live."""
    return mastery_rules.displayed(state, now=at, top_level=top_level).percent


def _replay_attempt(replay: _Replay, row, *, exercises, run_totals, top_levels) -> None:
    (pk, student_id, question_id, exercise_id, skill_id, correct, number, spent, hinted) = row[:9]
    answered_at, run_id, source, day, variant = row[9:]
    exercise = exercises[exercise_id]
    # Mastery before and after, exactly as attempt_record computes them.
    step = replay.mastery.answer(
        skill_id=skill_id,
        question_id=question_id,
        variant=variant,
        level=mastery_rules.DIFFICULTY_RANK.get(exercise["difficulty"], 0),
        correct=correct,
        hint_used=hinted,
        answered_at=answered_at,
    )
    facts = rules.AttemptFacts(
        at=answered_at,
        day=day,
        correct=correct,
        attempt_number=number,
        time_spent_ms=spent,
        hint_used=hinted,
        question_id=question_id,
        exercise_id=exercise_id,
        skill_id=skill_id,
        difficulty=exercise["difficulty"],
        mastery_before=_shown(step.before, step.at, top_levels[skill_id]),
        mastery_after=_shown(step.after, step.at, top_levels[skill_id]),
        skill_attempts_before=step.before.attempts,
    )
    history = replay.past.setdefault(question_id, [])
    past = history if correct and number > 1 else ()
    finish = _replay_pass(
        replay, facts, pk=pk, run_id=run_id, source=source, exercise=exercise, run_totals=run_totals
    )
    replay.state, findings = rules.step(replay.state, facts, past=past, finish=finish)
    history.insert(0, rules.PastTry(answered_at, correct, number, spent, hinted))
    del history[PAST_TRIES:]

    for change in findings.bests:
        _replay_best(replay, change, facts)
    if findings.candidates:
        already = {kind for kind, ex in replay.earned if ex == exercise_id}
        replay.state, chosen = rules.choose_recognitions(
            replay.state, findings.candidates, already=already, day=facts.day
        )
        for candidate in chosen:
            replay.earned.add((candidate.kind, exercise_id))
            replay.recognitions.append(
                Recognition(
                    student_id=student_id,
                    kind=candidate.kind,
                    exercise_id=exercise_id,
                    skill_id=skill_id,
                    question_id=question_id,
                    params=candidate.params,
                    achieved_at=answered_at,
                )
            )
    if findings.rush is not None:
        rush = findings.rush
        replay.flags[rush.day] = RushingFlag(
            student_id=student_id,
            day=rush.day,
            answers=rush.answers,
            wrong=rush.wrong,
            first_at=rush.first_at,
            last_at=rush.last_at,
        )


def _replay_pass(
    replay: _Replay, facts: rules.AttemptFacts, *, pk, run_id, source, exercise, run_totals
) -> rules.PassFinish | None:
    """Count the attempt in its pass; the PassFinish when it ends one. Attempts with an
    ExerciseRun use it; demo history is cut into passes as run_record would have."""
    if run_id is not None:
        current = replay.runs.get(run_id)
        if current is None:
            current = rules.OpenPass(
                period=f"run:{run_id}", started_at=facts.at, total=run_totals.get(run_id, 0)
            )
            replay.runs[run_id] = current
    elif source == Attempt.Source.DEMO:
        current = replay.passes.get(facts.exercise_id)
        if current is None or current.started_at < facts.at - RUN_IDLE_LIMIT:
            current = rules.OpenPass(
                period=f"pass:{pk}", started_at=facts.at, total=exercise["total"]
            )
            replay.passes[facts.exercise_id] = current
    else:
        return None
    if current.total <= 0 or len(current.questions) >= current.total:
        return None
    if not current.add(
        question_id=facts.question_id, correct=facts.correct, hint_used=facts.hint_used
    ):
        return None
    if run_id is None:
        del replay.passes[facts.exercise_id]  # the next answer opens a fresh pass
    stats = current.stats()
    finish = rules.PassFinish(
        period=current.period,
        current=stats,
        previous=replay.previous_pass.get(facts.exercise_id),
        exercise_best=replay.exercise_best.get(facts.exercise_id),
    )
    replay.previous_pass[facts.exercise_id] = stats
    return finish


def _replay_best(replay: _Replay, change: rules.BestChange, facts: rules.AttemptFacts) -> None:
    key = (change.metric, change.exercise_id, change.period)
    if change.metric == rules.EXERCISE_SCORE:
        replay.exercise_best[facts.exercise_id] = change.value
    if not change.new_row:
        best = replay.bests.get(key)
        if best is not None:
            best.value = change.value
            best.updated_at = facts.at
            if change.skill_id:
                best.skill_id = change.skill_id
        return
    replay.bests[key] = PersonalBest(
        student_id=replay.student_id,
        metric=change.metric,
        period=change.period,
        value=change.value,
        previous_value=change.previous,
        exercise_id=change.exercise_id,
        skill_id=change.skill_id,
        achieved_at=facts.at,
        updated_at=facts.at,
    )
