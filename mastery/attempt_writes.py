"""The rows an attempt writes, in as few round trips as PostgreSQL allows.

The live answer path waits on each round trip to the database (one thread per daphne does
them all), so on PostgreSQL:
- the skill's progress row is fetched, created if missing and row-locked in one upsert
  (the no-op update takes the lock and RETURNING gives the newest committed state);
- the new state of that row, today's snapshot and the attempt itself are one statement
  (data-modifying CTEs: each runs exactly once, on different tables), which also marks the
  snapshot's day practised in the subject (PracticeMonth: written only on the subject's
  first answer of the day, though the row is locked until commit) and drops the student's
  kept mastery of the days after it (SubjectMasteryDay: only a late report, whose snapshot
  is of a past day, finds any).
Elsewhere (the embedded SQLite default) the same rows are written one by one.
"""

from django.db import connection, transaction
from django.db.models import Model

from .models import (
    Attempt,
    MasterySnapshot,
    PracticeMonth,
    Skill,
    SkillProgress,
    SubjectMasteryDay,
)
from .practice_days import month_bit, practice_day_record

_SNAPSHOT_UPDATED = MasterySnapshot.STATE_FIELDS


def _columns(model: type[Model]) -> list:
    return [f for f in model._meta.concrete_fields if not f.primary_key]


def _quoted(fields) -> str:
    return ", ".join(connection.ops.quote_name(f.column) for f in fields)


def _values(obj: Model, fields) -> list:
    return [f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields]


def progress_locked(*, student, skill: Skill) -> SkillProgress:
    """The student's progress row for the skill, locked until commit (created if missing)."""
    new = SkillProgress(student=student, skill=skill, p_known=skill.p_init)
    if transaction.get_connection().vendor != "postgresql":
        progress, _created = SkillProgress.objects.select_for_update().get_or_create(
            student=student, skill=skill, defaults={"p_known": skill.p_init}
        )
        return progress
    fields = _columns(SkillProgress)
    table = connection.ops.quote_name(SkillProgress._meta.db_table)
    every = [SkillProgress._meta.pk, *fields]
    # Only the models' own table and column names are formatted in; values are parameters.
    sql = (
        f"INSERT INTO {table} ({_quoted(fields)}) VALUES ({', '.join(['%s'] * len(fields))}) "  # noqa: S608
        f"ON CONFLICT (student_id, skill_id) DO UPDATE SET student_id = EXCLUDED.student_id "
        f"RETURNING {_quoted(every)}"
    )
    progress = next(iter(SkillProgress.objects.raw(sql, _values(new, fields))))
    progress.student, progress.skill = student, skill
    return progress


def attempt_write(*, progress: SkillProgress, attempt: Attempt, snapshot: MasterySnapshot) -> None:
    """Save the progress row's new state, upsert today's snapshot and insert the attempt."""
    if transaction.get_connection().vendor != "postgresql":
        progress.save()
        MasterySnapshot.objects.bulk_create(
            [snapshot],
            update_conflicts=True,
            unique_fields=["student", "skill", "day"],
            update_fields=list(_SNAPSHOT_UPDATED),
        )
        SubjectMasteryDay.objects.filter(
            student_id=snapshot.student_id, day__gt=snapshot.day
        ).delete()
        practice_day_record(
            student_id=snapshot.student_id, subject_id=attempt.skill.subject_id, day=snapshot.day
        )
        attempt.save()
        return
    ops = connection.ops
    p_fields = [f for f in _columns(SkillProgress) if f.name not in ("student", "skill")]
    p_sets = ", ".join(f"{ops.quote_name(f.column)} = %s" for f in p_fields)
    s_fields = _columns(MasterySnapshot)
    s_updates = ", ".join(
        f"{ops.quote_name(c)} = EXCLUDED.{ops.quote_name(c)}"
        for c in (MasterySnapshot._meta.get_field(n).column for n in _SNAPSHOT_UPDATED)
    )
    a_fields = _columns(Attempt)
    practice = ops.quote_name(PracticeMonth._meta.db_table)
    month, bit = month_bit(snapshot.day)
    # Only the models' own table and column names are formatted in; values are parameters.
    sql = (
        f"WITH progress AS (UPDATE {ops.quote_name(SkillProgress._meta.db_table)} "  # noqa: S608
        f"SET {p_sets} WHERE id = %s), "
        f"snapshot AS (INSERT INTO {ops.quote_name(MasterySnapshot._meta.db_table)} "
        f"({_quoted(s_fields)}) VALUES ({', '.join(['%s'] * len(s_fields))}) "
        f"ON CONFLICT (student_id, skill_id, day) DO UPDATE SET {s_updates}), "
        f"kept AS (DELETE FROM {ops.quote_name(SubjectMasteryDay._meta.db_table)} "
        f"WHERE student_id = %s AND day > %s), "
        f"practised AS (INSERT INTO {practice} AS pm (student_id, subject_id, month, days) "
        f"VALUES (%s, %s, %s, %s) ON CONFLICT (student_id, subject_id, month) "
        f"DO UPDATE SET days = pm.days | EXCLUDED.days WHERE pm.days & EXCLUDED.days = 0) "
        f"INSERT INTO {ops.quote_name(Attempt._meta.db_table)} ({_quoted(a_fields)}) "
        f"VALUES ({', '.join(['%s'] * len(a_fields))}) RETURNING id"
    )
    params = [
        *_values(progress, p_fields),
        progress.pk,
        *_values(snapshot, s_fields),
        snapshot.student_id,
        snapshot.day,
        snapshot.student_id,
        attempt.skill.subject_id,
        month,
        bit,
        *_values(attempt, a_fields),
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        (attempt.pk,) = cursor.fetchone()
    attempt._state.adding = False
    attempt._state.db = connection.alias
