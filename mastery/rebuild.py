"""Recompute mastery from the attempt log with the current rules (`manage.py mastery_rebuild`).

SkillProgress, MasterySnapshot (the state at the end of each local day practised) and
SkillUnlock (skills opened by reaching a prerequisite's threshold) are all functions of the
attempt log: this folds each student's attempts, in the order they were recorded, through
the same `mastery.replay.Fold` as attempt_record (`rules.fold_answer`) and writes only the
rows that differ. Teacher openings (SkillUnlock rows with `opened_by`) are kept as they are.
Idempotent: a second run changes nothing. Memory is bounded by one batch of students.
"""

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from . import rules
from .models import (
    Attempt,
    Exercise,
    MasterySnapshot,
    Skill,
    SkillProgress,
    SkillUnlock,
    SubjectMasteryDay,
)
from .practice_days import practice_days_refill
from .replay import Dependent, Fold

BATCH_SIZE = 200
PROGRESS_FIELDS = (
    "p_known",
    "attempts",
    "correct",
    "questions_seen",
    "half_life_days",
    "first_practiced_at",
    "last_practiced_at",
    "sessions",
    "last_session_day",
    "level_correct",
    "sitting_day",
)
# A rebuilt snapshot's columns: the state, and the gap since the pair's previous day.
SNAPSHOT_FIELDS = (*MasterySnapshot.STATE_FIELDS, "gap_days")


@dataclass
class RebuildSummary:
    students: int = 0
    attempts: int = 0
    progress: int = 0
    snapshots: int = 0
    unlocks: int = 0
    openings_kept: int = 0
    # Rows written (inserted or updated) and deleted: all 0 when the log was already folded.
    written: int = 0
    deleted: int = 0
    seconds: float = 0.0

    def line(self) -> str:
        return (
            f"Rebuilt mastery for {self.students} students from {self.attempts} attempts in "
            f"{self.seconds:.1f} s: {self.progress} progress rows, {self.snapshots} daily "
            f"snapshots, {self.unlocks} unlocks ({self.openings_kept} teacher openings kept); "
            f"{self.written} rows written, {self.deleted} deleted."
        )


@dataclass
class _Content:
    """What the fold needs to know of the content: small, read once."""

    params: dict[int, rules.BktParams]
    levels: dict[int, int]  # exercise -> difficulty rank
    dependents: dict[int, list[Dependent]]  # skill -> the skills it may open

    @classmethod
    def load(cls) -> "_Content":
        skills = Skill.objects.only("p_init", "p_learn", "p_guess", "p_slip", "required_mastery")
        params = {s.pk: s.bkt for s in skills}
        required = {s.pk: s.required_mastery for s in skills}
        levels = {
            pk: rules.DIFFICULTY_RANK.get(difficulty, 0)
            for pk, difficulty in Exercise.objects.values_list("pk", "difficulty")
        }
        prerequisites: dict[int, list[int]] = {}
        edges = Skill.prerequisites.through.objects.values_list("from_skill_id", "to_skill_id")
        for dependent, prerequisite in edges:
            prerequisites.setdefault(dependent, []).append(prerequisite)
        dependents: dict[int, list[Dependent]] = {}
        for dependent, prereqs in prerequisites.items():
            entry = Dependent(dependent, required[dependent], tuple(sorted(prereqs)))
            for prerequisite in prereqs:
                dependents.setdefault(prerequisite, []).append(entry)
        return cls(params, levels, dependents)


@dataclass
class _Batch:
    """The rows a batch of students should have, from the fold."""

    progress: dict[tuple[int, int], rules.ProgressState] = field(default_factory=dict)
    snapshots: dict[tuple[int, int, date], rules.ProgressState] = field(default_factory=dict)
    unlocks: dict[tuple[int, int], datetime] = field(default_factory=dict)


def mastery_rebuild(
    *, student_ids: Iterable[int] | None = None, batch_size: int = BATCH_SIZE
) -> RebuildSummary:
    """Rebuild these students' mastery rows (every student with attempts or mastery rows when
    None), one transaction per batch of students."""
    started = time.monotonic()
    ids = sorted(set(student_ids)) if student_ids is not None else _students_with_rows()
    summary = RebuildSummary(students=len(ids))
    content = _Content.load()
    for start in range(0, len(ids), batch_size):
        with transaction.atomic():
            _rebuild_batch(ids[start : start + batch_size], content, summary)
    summary.seconds = time.monotonic() - started
    return summary


def _students_with_rows() -> list[int]:
    ids: set[int] = set()
    for model in (Attempt, SkillProgress, MasterySnapshot, SkillUnlock):
        ids.update(model.objects.order_by().values_list("student_id", flat=True).distinct())
    return sorted(ids)


def _attempts(student_ids: list[int]) -> Iterator[tuple]:
    # Recorded order (id): the order attempt_record folded them in, late reports included.
    return (
        Attempt.objects.filter(student_id__in=student_ids)
        .order_by("student_id", "id")
        .values_list(
            "student_id",
            "skill_id",
            "exercise_id",
            "question_id",
            "variant",
            "correct",
            "hint_used",
            "answered_at",
        )
        .iterator(chunk_size=5000)
    )


def _rebuild_batch(student_ids: list[int], content: _Content, summary: RebuildSummary) -> None:
    # Locks the batch's progress rows: a live answer meanwhile waits, then folds on top.
    list(SkillProgress.objects.select_for_update().filter(student_id__in=student_ids))
    openings = {
        (s, k)
        for s, k in SkillUnlock.objects.filter(
            student_id__in=student_ids, opened_by__isnull=False
        ).values_list("student_id", "skill_id")
    }
    want = _Batch()
    fold: Fold | None = None
    student = None
    opened: set[int] = set()
    for row in _attempts(student_ids):
        student_id, skill_id, exercise_id, question_id, variant, correct, hinted, at = row
        if student_id != student:
            student, fold = student_id, Fold(content.params, timezone.localdate)
            opened = {k for s, k in openings if s == student_id}
        step = fold.answer(
            skill_id=skill_id,
            question_id=question_id,
            variant=variant,
            level=content.levels.get(exercise_id, 0),
            correct=correct,
            hint_used=hinted,
            answered_at=at,
        )
        summary.attempts += 1
        want.progress[(student_id, skill_id)] = step.after
        want.snapshots[(student_id, skill_id, timezone.localdate(step.at))] = step.after
        for unlocked in fold.unlocks(step, content.dependents.get(skill_id, ()), already=opened):
            opened.add(unlocked)
            want.unlocks[(student_id, unlocked)] = step.at
    summary.progress += len(want.progress)
    summary.snapshots += len(want.snapshots)
    summary.unlocks += len(want.unlocks)
    summary.openings_kept += len(openings)
    _write_progress(student_ids, want, summary)
    _write_snapshots(student_ids, want, summary)
    _write_unlocks(student_ids, want, summary)


def _progress_values(state: rules.ProgressState) -> tuple:
    return tuple(
        list(state.level_correct) if name == "level_correct" else getattr(state, name)
        for name in PROGRESS_FIELDS
    )


def _snapshot_values(state: rules.ProgressState, gap_days: int | None) -> tuple:
    return (
        *(
            list(state.level_correct) if name == "level_correct" else getattr(state, name)
            for name in MasterySnapshot.STATE_FIELDS
        ),
        gap_days,
    )


def _write_progress(student_ids: list[int], want: _Batch, summary: RebuildSummary) -> None:
    have = {
        (row[0], row[1]): (row[2], row[3:])
        for row in SkillProgress.objects.filter(student_id__in=student_ids).values_list(
            "student_id", "skill_id", "pk", *PROGRESS_FIELDS
        )
    }
    rows = []
    for (student_id, skill_id), state in want.progress.items():
        values = _progress_values(state)
        current = have.get((student_id, skill_id))
        if current is None or current[1] != values:
            rows.append(
                SkillProgress(
                    student_id=student_id,
                    skill_id=skill_id,
                    **dict(zip(PROGRESS_FIELDS, values, strict=True)),
                )
            )
    SkillProgress.objects.bulk_create(
        rows,
        batch_size=1000,
        update_conflicts=True,
        unique_fields=["student", "skill"],
        update_fields=list(PROGRESS_FIELDS),
    )
    stale = [pk for key, (pk, _) in have.items() if key not in want.progress]
    SkillProgress.objects.filter(pk__in=stale).delete()
    summary.written += len(rows)
    summary.deleted += len(stale)


def _write_snapshots(student_ids: list[int], want: _Batch, summary: RebuildSummary) -> None:
    have = {
        (row[0], row[1], row[2]): (row[3], row[4:])
        for row in MasterySnapshot.objects.filter(student_id__in=student_ids).values_list(
            "student_id", "skill_id", "day", "pk", *SNAPSHOT_FIELDS
        )
    }
    rows = []
    gaps = rules.day_gaps(((s, k), day) for s, k, day in want.snapshots)
    for (student_id, skill_id, day), state in want.snapshots.items():
        values = _snapshot_values(state, gaps.get(((student_id, skill_id), day)))
        current = have.get((student_id, skill_id, day))
        if current is None or current[1] != values:
            rows.append(
                MasterySnapshot(
                    student_id=student_id,
                    skill_id=skill_id,
                    day=day,
                    **dict(zip(SNAPSHOT_FIELDS, values, strict=True)),
                )
            )
    MasterySnapshot.objects.bulk_create(
        rows,
        batch_size=1000,
        update_conflicts=True,
        unique_fields=["student", "skill", "day"],
        update_fields=list(SNAPSHOT_FIELDS),
    )
    stale = [pk for key, (pk, _) in have.items() if key not in want.snapshots]
    MasterySnapshot.objects.filter(pk__in=stale).delete()
    # Any past day may have changed: the kept mastery at each midnight is read afresh, the
    # days practised are those of the snapshots now.
    SubjectMasteryDay.objects.filter(student_id__in=student_ids).delete()
    practice_days_refill(student_ids=student_ids)
    summary.written += len(rows)
    summary.deleted += len(stale)


def _write_unlocks(student_ids: list[int], want: _Batch, summary: RebuildSummary) -> None:
    have = {
        (s, k): (pk, at)
        for s, k, pk, at in SkillUnlock.objects.filter(
            student_id__in=student_ids, opened_by__isnull=True
        ).values_list("student_id", "skill_id", "pk", "unlocked_at")
    }
    rows = [
        SkillUnlock(student_id=s, skill_id=k, unlocked_at=at)
        for (s, k), at in want.unlocks.items()
        if (s, k) not in have or have[(s, k)][1] != at
    ]
    SkillUnlock.objects.bulk_create(
        rows,
        batch_size=1000,
        update_conflicts=True,
        unique_fields=["student", "skill"],
        update_fields=["unlocked_at"],
    )
    stale = [pk for key, (pk, _) in have.items() if key not in want.unlocks]
    SkillUnlock.objects.filter(pk__in=stale).delete()
    summary.written += len(rows)
    summary.deleted += len(stale)
