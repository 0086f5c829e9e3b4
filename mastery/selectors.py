"""Reads for the practice pages and dashboards; each runs a fixed number of queries."""

import json
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import NamedTuple

from django.db import connection
from django.db.models import Count, FilteredRelation, Max, Prefetch, Q
from django.utils import timezone

from accounts.models import User
from schools.models import Enrollment, SchoolClass, Subject
from schools.selectors import student_subjects

from . import history, rules, serving, tree, variants
from .models import (
    Attempt,
    ClassSkillOpening,
    Exercise,
    ExerciseRun,
    MasterySnapshot,
    Question,
    QuestionServe,
    Skill,
    SkillProgress,
    SkillUnlock,
)

# --- mastery over time ---------------------------------------------------------------------

# Per (student, skill, moment) the last snapshot at or before the moment: one backward probe
# of the (student, skill, day) unique index each, so the cost follows the students, skills
# and moments asked for, never the length of the history. A later day never has an earlier
# last practice (both only move forward), so the first row found is the latest one.
_SNAPSHOTS_AT = """
SELECT DISTINCT s.id, s.student_id, s.skill_id, s.p_known, s.attempts, s.half_life_days,
       s.last_practiced_at, s.sessions, s.level_correct::text
FROM unnest(%s::bigint[]) AS student(id)
CROSS JOIN unnest(%s::bigint[]) AS skill(id)
CROSS JOIN unnest(%s::timestamptz[]) AS moment(at)
CROSS JOIN LATERAL (
    SELECT * FROM mastery_masterysnapshot snap
    WHERE snap.student_id = student.id AND snap.skill_id = skill.id
      AND snap.last_practiced_at <= moment.at
    ORDER BY snap.day DESC
    LIMIT 1
) AS s
"""


def snapshot_points(
    *, student_ids: Iterable[int], skill_ids: Iterable[int], moments: Iterable[datetime]
) -> dict[int, list[history.Point]]:
    """{student id: points}: for every student, skill and moment given, the snapshot a
    history.Timeline needs to answer for that moment (the last one at or before it), and no
    other. A Timeline of these points gives, at those moments, exactly what one of the whole
    history gives. One query, whatever the history's length."""
    student_ids, skill_ids, moments = list(student_ids), list(skill_ids), list(moments)
    if connection.vendor != "postgresql":
        return _snapshot_points_portable(student_ids, skill_ids, moments)
    points: dict[int, list[history.Point]] = {}
    if not (student_ids and skill_ids and moments):
        # Still one round trip: a page's query count must not depend on its data.
        student_ids, skill_ids, moments = [0], [0], [timezone.now()]
    with connection.cursor() as cursor:
        cursor.execute(_SNAPSHOTS_AT, [student_ids, skill_ids, moments])
        for _pk, student_id, skill_id, *values, levels in cursor.fetchall():
            state = MasterySnapshot.state_of(*values, json.loads(levels))
            points.setdefault(student_id, []).append(
                history.Point(skill_id, state.last_practiced_at, state)
            )
    return points


# The columns in MasterySnapshot.state_of's order (SkillProgress has them under the same names).
_STATE_OF = (
    "p_known",
    "attempts",
    "half_life_days",
    "last_practiced_at",
    "sessions",
    "level_correct",
)


def _latest_at(rows: list, moment: datetime):
    """The last of `rows` (ordered by day, each ending with its last practice) at or before
    `moment`, or None."""
    found = None
    for row in rows:
        if row[-1] > moment:
            break
        found = row
    return found


def _snapshot_states(student_ids, skill_ids, until: datetime) -> dict[tuple[int, int], list]:
    """{(student, skill): [(state, last practice), ...] by day}: every snapshot up to `until`
    (the embedded default's way: it has no LATERAL probe, and holds a demo's data)."""
    pairs: dict[tuple[int, int], list] = {}
    rows = (
        MasterySnapshot.objects.filter(
            student_id__in=student_ids, skill_id__in=skill_ids, last_practiced_at__lte=until
        )
        .order_by("day")
        .values_list("student_id", "skill_id", *_STATE_OF)
    )
    for student_id, skill_id, *values in rows:
        state = MasterySnapshot.state_of(*values)
        pairs.setdefault((student_id, skill_id), []).append((state, state.last_practiced_at))
    return pairs


def _snapshot_points_portable(student_ids, skill_ids, moments) -> dict[int, list[history.Point]]:
    points: dict[int, list[history.Point]] = {}
    if not (student_ids and skill_ids and moments):
        return points
    for (student_id, skill_id), rows in _snapshot_states(
        student_ids, skill_ids, max(moments)
    ).items():
        kept = {id(row): row for row in (_latest_at(rows, m) for m in moments) if row}
        points.setdefault(student_id, []).extend(
            history.Point(skill_id, at, state) for state, at in kept.values()
        )
    return points


# Each progress row of the students and skills with, for a row practised since a moment, the
# last snapshot at or before that moment (one backward probe of the (student, skill, day)
# index each): a class view's "now" and "a week ago" in one round trip, only the columns the
# displayed number reads. A row not practised since is its own state then (the day's
# snapshot is written with the row), so most rows need no probe.
_NOW_AND_THEN = """
SELECT p.student_id, p.skill_id,
       p.p_known, p.attempts, p.half_life_days, p.last_practiced_at, p.sessions,
       p.level_correct::text,
       s.p_known, s.attempts, s.half_life_days, s.last_practiced_at, s.sessions,
       s.level_correct::text
FROM mastery_skillprogress p
LEFT JOIN LATERAL (
    SELECT * FROM mastery_masterysnapshot snap
    WHERE p.last_practiced_at > %(then)s
      AND snap.student_id = p.student_id AND snap.skill_id = p.skill_id
      AND snap.last_practiced_at <= %(then)s
    ORDER BY snap.day DESC
    LIMIT 1
) AS s ON true
WHERE p.student_id = ANY(%(students)s) AND p.skill_id = ANY(%(skills)s)
"""


class NowAndThen(NamedTuple):
    """One student's skill: the progress state now and the snapshot's at an earlier moment
    (None: not practised by then). Both hold only what a snapshot keeps
    (MasterySnapshot.STATE_FIELDS: all that rules.displayed reads)."""

    now: rules.ProgressState
    then: rules.ProgressState | None


def class_states_now_and_then(
    *, student_ids: Iterable[int], skill_ids: Iterable[int], then: datetime
) -> dict[int, dict[int, NowAndThen]]:
    """{student id: {skill id: NowAndThen}} for the progress rows there are: one query, the
    same whatever the history's length (the snapshot at `then` is the one snapshot_points
    would give)."""
    result: dict[int, dict[int, NowAndThen]] = {}
    if connection.vendor != "postgresql":
        return _now_and_then_portable(list(student_ids), list(skill_ids), then)
    with connection.cursor() as cursor:
        cursor.execute(
            _NOW_AND_THEN,
            {"then": then, "students": list(student_ids), "skills": list(skill_ids)},
        )
        rows = cursor.fetchall()
    for student_id, skill_id, *values in rows:
        now_values, then_values = values[:6], values[6:]
        state = MasterySnapshot.state_of(*now_values[:5], json.loads(now_values[5]))
        if state.last_practiced_at <= then:  # not practised since: the same state
            earlier = state
        elif then_values[0] is None:  # first practised since
            earlier = None
        else:
            earlier = MasterySnapshot.state_of(*then_values[:5], json.loads(then_values[5]))
        result.setdefault(student_id, {})[skill_id] = NowAndThen(state, earlier)
    return result


def _now_and_then_portable(student_ids, skill_ids, then) -> dict[int, dict[int, NowAndThen]]:
    result: dict[int, dict[int, NowAndThen]] = {}
    earlier = _snapshot_states(student_ids, skill_ids, then)
    rows = SkillProgress.objects.filter(
        student_id__in=student_ids, skill_id__in=skill_ids
    ).values_list("student_id", "skill_id", *_STATE_OF)
    for student_id, skill_id, *values in rows:
        state = MasterySnapshot.state_of(*values)
        if state.last_practiced_at is not None and state.last_practiced_at <= then:
            before = state
        else:
            last = _latest_at(earlier.get((student_id, skill_id), []), then)
            before = last[0] if last else None
        result.setdefault(student_id, {})[skill_id] = NowAndThen(state, before)
    return result


# --- the one displayed number ------------------------------------------------------------


def progress_displayed(
    progress: SkillProgress | None, *, top_level: int, now: datetime | None = None
) -> rules.Displayed:
    """The mastery a person sees for one progress row (None: not started)."""
    if progress is None:
        return rules.NOT_STARTED
    return rules.displayed(progress.state, now=now or timezone.now(), top_level=top_level)


def displayed_mastery(
    *, student: User, skills: Iterable[Skill], now: datetime | None = None
) -> dict[int, rules.Displayed]:
    """What the student sees for each skill, in every view: one query."""
    skills = list(skills)
    now = now or timezone.now()
    rows = student_progress_map(student=student, skill_ids=[s.pk for s in skills])
    return {
        s.pk: progress_displayed(rows.get(s.pk), top_level=s.top_level, now=now) for s in skills
    }


def class_progress_states(
    *, student_ids: Iterable[int], skill_ids: Iterable[int]
) -> dict[int, dict[int, rules.ProgressState]]:
    """{student id: {skill id: state}} for the progress rows there are: one query, read as
    plain values (a class of 1,000 has 8,000 rows; a model instance each costs more than the
    page's other work on them)."""
    result: dict[int, dict[int, rules.ProgressState]] = {}
    rows = SkillProgress.objects.filter(
        student_id__in=list(student_ids), skill_id__in=list(skill_ids)
    ).values_list("student_id", "skill_id", *SkillProgress.STATE_FIELDS)
    for student_id, skill_id, *values in rows:
        result.setdefault(student_id, {})[skill_id] = SkillProgress.state_from(values)
    return result


def class_displayed(
    *, student_ids: Iterable[int], skills: Iterable[Skill], now: datetime | None = None
) -> dict[int, dict[int, rules.Displayed]]:
    """{student id: {skill id: displayed}} for every student and skill given (not started
    included): one query."""
    skills, student_ids = list(skills), list(student_ids)
    now = now or timezone.now()
    top = {s.pk: s.top_level for s in skills}
    result = {sid: dict.fromkeys(top, rules.NOT_STARTED) for sid in student_ids}
    rows = SkillProgress.objects.filter(student_id__in=student_ids, skill_id__in=list(top))
    for row in rows:
        result[row.student_id][row.skill_id] = progress_displayed(
            row, top_level=top[row.skill_id], now=now
        )
    return result


def mastered_skill_ids(*, student: User, now: datetime | None = None) -> set[int]:
    """The skills the student has mastered, as every view shows them: one query."""
    now = now or timezone.now()
    rows = SkillProgress.objects.filter(student=student, attempts__gt=0).select_related("skill")
    return {
        r.skill_id
        for r in rows
        if progress_displayed(r, top_level=r.skill.top_level, now=now).mastered
    }


def students_mastering(*, student_ids, skill_id: int, now: datetime | None = None) -> set[int]:
    """Which of these students (ids or a subquery) have mastered the skill: one query."""
    now = now or timezone.now()
    rows = SkillProgress.objects.filter(
        student_id__in=student_ids, skill_id=skill_id, attempts__gt=0
    ).select_related("skill")
    return {
        r.student_id
        for r in rows
        if progress_displayed(r, top_level=r.skill.top_level, now=now).mastered
    }


@dataclass
class SubjectView:
    subject: Subject
    nodes: list[tree.Node]
    now: datetime

    @property
    def mastery(self) -> int:
        return rules.average(n.mastery for n in self.nodes)

    @property
    def mastered_count(self) -> int:
        return sum(1 for n in self.nodes if n.status == "mastered")

    @property
    def focus(self) -> tree.Node | None:
        return tree.focus(self.nodes)

    @property
    def due_for_refresh(self) -> list[tree.Node]:
        return [n for n in self.nodes if n.due_for_refresh]


def _nodes(
    *,
    skills: list[Skill],
    progress: dict[int, SkillProgress],
    unlocked: set[int],
    opened: set[int],
) -> list[tree.Node]:
    return [
        tree.Node(
            id=skill.pk,
            name=skill.name,
            prerequisite_ids=tuple(p.pk for p in skill.prerequisites.all()),
            required=skill.required_mastery,
            params=skill.bkt,
            position=skill.position,
            ref=skill,
            state=progress[skill.pk].state if skill.pk in progress else None,
            unlocked_before=skill.pk in unlocked,
            top_level=skill.top_level,
            opened_by_teacher=skill.pk in opened,
        )
        for skill in skills
    ]


def student_progress_map(*, student: User, skill_ids=None) -> dict[int, SkillProgress]:
    rows = SkillProgress.objects.filter(student=student)
    if skill_ids is not None:
        rows = rows.filter(skill_id__in=skill_ids)
    return {row.skill_id: row for row in rows}


def openings(*, student: User, skills) -> tuple[set[int], set[int]]:
    """(skills unlocked for the student, those of them a teacher opened): one query. A
    teacher's opening for one of the student's classes counts as an unlock."""
    rows = SkillUnlock.objects.filter(student=student, skill__in=skills).values_list(
        "skill_id", "opened_by_id"
    )
    classes = Enrollment.objects.filter(student=student, is_active=True).values("school_class")
    by_class = ClassSkillOpening.objects.filter(
        school_class__in=classes, skill__in=skills
    ).values_list("skill_id", "opened_by_id")
    unlocked, opened = set(), set()
    for skill_id, teacher_id in rows.union(by_class, all=True):
        unlocked.add(skill_id)
        if teacher_id is not None:
            opened.add(skill_id)
    return unlocked, opened


def skill_locked(*, student: User, skill: Skill) -> bool:
    """Whether the skill is locked for the student, exactly as the tree decides (tree.build
    over the skill and its prerequisites): the check before any answer or hint. Three
    queries."""
    prerequisites = list(skill.prerequisites.all())
    skills = [skill, *prerequisites]
    progress = student_progress_map(student=student, skill_ids=[s.pk for s in skills])
    unlocked, opened = openings(student=student, skills=[s.pk for s in skills])
    node = tree.Node(
        id=skill.pk,
        name=skill.name,
        prerequisite_ids=tuple(p.pk for p in prerequisites),
        required=skill.required_mastery,
        params=skill.bkt,
        top_level=skill.top_level,
        state=progress[skill.pk].state if skill.pk in progress else None,
        unlocked_before=skill.pk in unlocked,
        opened_by_teacher=skill.pk in opened,
    )
    others = [
        tree.Node(
            id=p.pk,
            name=p.name,
            prerequisite_ids=(),
            required=p.required_mastery,
            params=p.bkt,
            top_level=p.top_level,
            state=progress[p.pk].state if p.pk in progress else None,
        )
        for p in prerequisites
    ]
    tree.build([node, *others], timezone.now(), predict=False)
    return node.status == "locked"


@dataclass(frozen=True)
class ClassLocks:
    """For a teacher's class view: the skills locked for each student (tree order), and the
    skills a teacher opened for the whole class."""

    by_student: dict[int, list[Skill]]
    class_openings: list[ClassSkillOpening]

    def locked_for(self, skill_id: int) -> int:
        return sum(
            1 for skills in self.by_student.values() if any(s.pk == skill_id for s in skills)
        )

    @property
    def skills(self) -> list[tuple[Skill, int]]:
        """Each skill locked for someone, with for how many students."""
        seen: dict[int, Skill] = {}
        for skills in self.by_student.values():
            for skill in skills:
                seen.setdefault(skill.pk, skill)
        ordered = sorted(seen.values(), key=lambda s: (s.subject_id, s.tier, s.position, s.pk))
        return [(s, self.locked_for(s.pk)) for s in ordered]


def class_locks(
    *,
    school_class: SchoolClass,
    skills: list[Skill],
    student_ids: list[int],
    states: dict[int, dict[int, rules.ProgressState]] | None = None,
    now=None,
) -> ClassLocks:
    """Which skills are locked for which student of the class, exactly as each student's tree
    shows it (tree.is_locked, the rule tree.build applies). Three queries for the whole class,
    four without `states` (each student's progress per skill, when the caller has read it
    already)."""
    now = now or timezone.now()
    by_id = {s.pk: s for s in skills}
    prerequisites: dict[int, list[int]] = {pk: [] for pk in by_id}
    for from_id, to_id in Skill.prerequisites.through.objects.filter(
        from_skill_id__in=list(by_id)
    ).values_list("from_skill_id", "to_skill_id"):
        if to_id in by_id:  # a prerequisite outside the tree shown does not hold a skill back
            prerequisites[from_id].append(to_id)
    if states is None:
        states = {}
        for row in SkillProgress.objects.filter(
            student_id__in=student_ids, skill_id__in=list(by_id)
        ):
            states.setdefault(row.student_id, {})[row.skill_id] = row.state
    unlocked: dict[int, set[int]] = {sid: set() for sid in student_ids}
    for student_id, skill_id in SkillUnlock.objects.filter(
        student_id__in=student_ids, skill_id__in=list(by_id)
    ).values_list("student_id", "skill_id"):
        unlocked[student_id].add(skill_id)
    class_openings = list(
        ClassSkillOpening.objects.filter(school_class=school_class, skill_id__in=list(by_id))
        .select_related("skill", "opened_by")
        .order_by("opened_at")
    )
    opened = {o.skill_id for o in class_openings}
    # Only skills with prerequisites, not opened for the class, can be locked for anyone.
    lockable = [s for s in skills if prerequisites[s.pk] and s.pk not in opened]
    by_student = {}
    for student_id in student_ids:
        own = states.get(student_id, {})
        mine = unlocked[student_id]
        # Only for a skill neither practised nor opened do its prerequisites' numbers count.
        by_student[student_id] = [
            skill
            for skill in lockable
            if skill.pk not in mine
            and not (skill.pk in own and own[skill.pk].attempts)
            and tree.is_locked(
                practised=False,
                unlocked_before=False,
                opened_by_teacher=False,
                prerequisites_demonstrated=[
                    tree.demonstrated(own.get(p), now=now, top_level=by_id[p].top_level)
                    for p in prerequisites[skill.pk]
                ],
                required=skill.required_mastery,
            )
        ]
    return ClassLocks(by_student, class_openings)


def _subject_views(*, student: User, subjects: list[Subject], with_exercises: bool):
    now = timezone.now()
    prefetch = [Prefetch("prerequisites", queryset=Skill.objects.only("id"))]
    if with_exercises:
        prefetch.append(
            Prefetch(
                "exercises",
                queryset=Exercise.objects.annotate(question_count=Count("questions")),
            )
        )
    skills = list(Skill.objects.filter(subject__in=subjects).prefetch_related(*prefetch))
    progress = student_progress_map(student=student, skill_ids=[s.pk for s in skills])
    unlocked, opened = openings(student=student, skills=[s.pk for s in skills])
    nodes = tree.build(
        _nodes(skills=skills, progress=progress, unlocked=unlocked, opened=opened),
        now,
        predict=False,
    )
    wanted = tree.prediction_skill_ids(nodes)
    # Read for every skill, so the page costs the same queries whatever is locked.
    upcoming = upcoming_evidence_for(
        student=student,
        skills=skills,
        limit=tree.PREDICTION_ITEMS,
        percents={n.id: n.mastery for n in nodes},
        now=now,
        only=wanted,
    )
    tree.predictions(nodes, now=now, day=timezone.localdate(now), upcoming=upcoming)
    by_subject: dict[int, list[tree.Node]] = {}
    for node in nodes:
        by_subject.setdefault(node.ref.subject_id, []).append(node)
    return [SubjectView(subject, by_subject.get(subject.pk, []), now) for subject in subjects]


def student_overview(*, student: User) -> list[SubjectView]:
    """Every subject of the student's classes, with each skill's mastery and state."""
    subjects = list(student_subjects(student=student).order_by("code"))
    return _subject_views(student=student, subjects=subjects, with_exercises=False)


def student_subject(*, student: User, subject: Subject, with_exercises: bool = True) -> SubjectView:
    return _subject_views(student=student, subjects=[subject], with_exercises=with_exercises)[0]


def exercise_questions(*, exercise: Exercise) -> list[Question]:
    return list(exercise.questions.prefetch_related("choices").order_by("position", "pk"))


def skill_progress(*, student: User, skill: Skill) -> SkillProgress | None:
    return SkillProgress.objects.filter(student=student, skill=skill).first()


def skill_displayed(
    *, skill: Skill, progress: SkillProgress | None, now: datetime | None = None
) -> rules.Displayed:
    """The mastery a student sees for a skill: `progress_displayed`, like every view."""
    return progress_displayed(progress, top_level=skill.top_level, now=now)


def skill_queue(
    *, student: User, skill: Skill, limit: int
) -> list[tuple[Question, bool, rules.Evidence]]:
    """The next `limit` questions skill practice would serve the student, in order, each
    with whether it is a template and the evidence it would carry if answered (right) now.
    Never empty while the skill has a question. Three queries."""
    now = timezone.now()
    questions = {
        q.pk: q for q in Question.objects.filter(exercise__skill=skill).select_related("exercise")
    }
    records = {
        row["question_id"]: row
        for row in Attempt.objects.filter(student=student, skill=skill)
        .order_by()
        .values("question_id")
        .annotate(n=Count("pk"), right=Count("pk", filter=Q(correct=True)), last=Max("answered_at"))
    }
    shown = skill_displayed(skill=skill, progress=skill_progress(student=student, skill=skill))
    items = []
    for q in questions.values():
        record = records.get(q.pk, {})
        items.append(
            serving.Item(
                question_id=q.pk,
                level=q.exercise.level,
                is_template=q.is_template,
                answers=record.get("n", 0),
                correct=record.get("right", 0),
                last_answered=record.get("last"),
                order=(q.exercise.position, q.exercise_id, q.position, q.pk),
            )
        )
    plan = serving.plan(
        items, now=now, percent=shown.percent, top_level=skill.top_level, limit=limit
    )
    return [(questions[item.question_id], item.is_template, evidence) for item, evidence in plan]


def upcoming_evidence(*, student: User, skill: Skill, limit: int) -> list[rules.Evidence]:
    """The evidence each of the next `limit` served items would carry if answered now."""
    return [evidence for _q, _t, evidence in skill_queue(student=student, skill=skill, limit=limit)]


def upcoming_evidence_for(
    *,
    student: User,
    skills: Iterable[Skill],
    limit: int,
    percents: dict[int, int],
    now: datetime | None = None,
    only: set[int] | None = None,
) -> dict[int, list[rules.Evidence]]:
    """upcoming_evidence for many skills in one query (the skill tree's predictions):
    `percents` is each skill's displayed mastery (which levels fit); `only` limits the
    serving plans to these skill ids, the query reads every skill given either way."""
    skills = list(skills)
    now = now or timezone.now()
    rows = (
        Question.objects.filter(exercise__skill__in=skills)
        .annotate(mine=FilteredRelation("attempts", condition=Q(attempts__student=student)))
        .order_by()
        .values_list(
            "pk",
            "exercise__skill_id",
            "exercise__difficulty",
            "exercise__position",
            "exercise_id",
            "position",
            "answer_formula",
            "mine__correct",
            "mine__answered_at",
        )
    )
    items: dict[int, dict[int, serving.Item]] = {s.pk: {} for s in skills}
    for pk, skill_id, difficulty, ex_pos, ex_id, pos, formula, correct, at in rows:
        item = items[skill_id].get(pk) or serving.Item(
            question_id=pk,
            level=rules.DIFFICULTY_RANK.get(difficulty, 0),
            is_template=bool(formula),
            order=(ex_pos, ex_id, pos, pk),
        )
        if at is not None:
            item = replace(
                item,
                answers=item.answers + 1,
                correct=item.correct + int(correct),
                last_answered=max(at, item.last_answered or at),
            )
        items[skill_id][pk] = item
    return {
        s.pk: [
            evidence
            for _item, evidence in serving.plan(
                items[s.pk].values(),
                now=now,
                percent=percents.get(s.pk, 0),
                top_level=s.top_level,
                limit=limit,
            )
        ]
        for s in skills
        if only is None or s.pk in only
    }


def skill_open_question_id(*, student: User, skill: Skill) -> int | None:
    """The question of the skill last shown to the student and not answered yet."""
    return (
        QuestionServe.objects.filter(
            student=student, question__exercise__skill=skill, answered_at=None
        )
        .order_by("-served_at")
        .values_list("question_id", flat=True)
        .first()
    )


def item_tries(*, attempt: Attempt) -> int:
    """Tries at the attempt's item (question and variant) in a row, this one included: one
    plus the wrong answers to it just before (a right answer starts the count again)."""
    earlier = (
        Attempt.objects.filter(
            student_id=attempt.student_id,
            question_id=attempt.question_id,
            variant=attempt.variant,
            answered_at__lte=attempt.answered_at,
        )
        .exclude(pk=attempt.pk)
        .order_by("-answered_at", "-pk")
        .values_list("correct", flat=True)[: rules.SHOW_SOLUTION_AFTER_WRONG]
    )
    tries = 1
    for correct in earlier:
        if correct:
            break
        tries += 1
    return tries


def skill_answers_today(*, student: User, skill: Skill) -> tuple[int, int]:
    """Answers (and right answers) the student gave in this skill today: this session."""
    start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    counts = Attempt.objects.filter(student=student, skill=skill, answered_at__gte=start).aggregate(
        n=Count("pk"), right=Count("pk", filter=Q(correct=True))
    )
    return counts["n"], counts["right"]


def question_index(*, question: Question) -> int:
    """1-based position of a question within its exercise."""
    ids = list(
        Question.objects.filter(exercise_id=question.exercise_id)
        .order_by("position", "pk")
        .values_list("pk", flat=True)
    )
    return ids.index(question.pk) + 1


def question_solution(*, question: Question, variant: int = variants.FIXED) -> str:
    """The expected answer (of the variant answered), in the reader's language, for showing
    only after the student has answered."""
    if question.kind == Question.Kind.NUMERIC:
        return variants.answer_text(question, variants.draw(question, variant))
    return ", ".join(c.text for c in question.choices.all() if c.is_correct)


def _prompt_as_answered(question: Question, attempt: Attempt | None) -> str:
    if not question.is_template:
        return question.prompt
    seed = attempt.variant if attempt is not None else variants.shared_seed("summary")
    return variants.text(question, "prompt", variants.draw(question, seed))


def exercise_summary(*, student: User, exercise: Exercise) -> dict:
    """The latest pass through the exercise: per question, how it went."""
    run = (
        ExerciseRun.objects.filter(student=student, exercise=exercise)
        .order_by("-started_at")
        .first()
    )
    questions = list(exercise.questions.order_by("position", "pk"))
    first: dict[int, Attempt] = {}
    last: dict[int, Attempt] = {}
    if run is not None:
        for attempt in run.attempts.order_by("answered_at", "pk"):
            first.setdefault(attempt.question_id, attempt)
            last[attempt.question_id] = attempt
    rows = [(q, first.get(q.pk), last.get(q.pk)) for q in questions]
    return {
        "run": run,
        # Each question as last answered (a template shows the numbers it had then).
        "rows": [(q, a, b, _prompt_as_answered(q, b)) for q, a, b in rows],
        "first_try_correct": sum(1 for _, a, _ in rows if a is not None and a.correct),
        "total": len(rows),
        "mastery": skill_displayed(
            skill=exercise.skill, progress=skill_progress(student=student, skill=exercise.skill)
        ),
    }
