"""Reads for the practice pages and dashboards; each runs a fixed number of queries."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, F, Max, Prefetch, Q, Sum
from django.utils import timezone

from accounts.models import User
from schools.models import Enrollment, SchoolClass, Subject, TeachingAssignment
from schools.selectors import student_subjects

from . import rules, serving, tree, variants
from .models import (
    Attempt,
    Exercise,
    ExerciseRun,
    Question,
    Skill,
    SkillProgress,
    SkillUnlock,
)


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
    *, skills: list[Skill], progress: dict[int, SkillProgress], unlocked: set[int], now
) -> list[tree.Node]:
    nodes = [
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
        )
        for skill in skills
    ]
    return tree.build(nodes, now)


def student_progress_map(*, student: User, skill_ids=None) -> dict[int, SkillProgress]:
    rows = SkillProgress.objects.filter(student=student)
    if skill_ids is not None:
        rows = rows.filter(skill_id__in=skill_ids)
    return {row.skill_id: row for row in rows}


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
    unlocked = set(
        SkillUnlock.objects.filter(student=student, skill__in=skills).values_list(
            "skill_id", flat=True
        )
    )
    by_subject: dict[int, list[Skill]] = {}
    for skill in skills:
        by_subject.setdefault(skill.subject_id, []).append(skill)
    return [
        SubjectView(
            subject,
            _nodes(
                skills=by_subject.get(subject.pk, []), progress=progress, unlocked=unlocked, now=now
            ),
            now,
        )
        for subject in subjects
    ]


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
    """The mastery a student sees for a skill (after forgetting, held below mastered until
    the evidence is there). Every page of skill practice reads it here."""
    state = progress.state if progress is not None else None
    return rules.displayed(state, now=now or timezone.now(), top_level=skill.top_level)


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
        "progress": skill_progress(student=student, skill=exercise.skill),
    }


@dataclass
class ClassSummary:
    school_class: SchoolClass
    subjects: list[Subject]
    student_count: int
    mastery: int


def teacher_overview(*, teacher: User) -> list[ClassSummary]:
    """The teacher's classes with the subjects they teach there and the class's mastery."""
    assignments = list(
        TeachingAssignment.objects.filter(teacher=teacher).select_related("school_class", "subject")
    )
    classes: dict[int, ClassSummary] = {}
    for a in assignments:
        summary = classes.setdefault(a.school_class_id, ClassSummary(a.school_class, [], 0, 0))
        summary.subjects.append(a.subject)
    counts = dict(
        Enrollment.objects.filter(school_class_id__in=classes, is_active=True)
        .values("school_class_id")
        .annotate(n=Count("id"))
        .values_list("school_class_id", "n")
    )
    subject_ids = {a.subject_id for a in assignments}
    skill_counts = dict(
        Skill.objects.filter(subject_id__in=subject_ids)
        .order_by()
        .values("subject_id")
        .annotate(n=Count("id"))
        .values_list("subject_id", "n")
    )
    totals = {
        (row["class_id"], row["skill__subject_id"]): row["total"]
        for row in SkillProgress.objects.filter(
            student__enrollments__school_class_id__in=classes,
            student__enrollments__is_active=True,
            skill__subject_id__in=subject_ids,
        )
        .values("skill__subject_id", class_id=F("student__enrollments__school_class_id"))
        .annotate(total=Sum("p_known"))
    }
    for class_id, summary in classes.items():
        summary.student_count = counts.get(class_id, 0)
        cells = summary.student_count * sum(skill_counts.get(s.pk, 0) for s in summary.subjects)
        known = sum(totals.get((class_id, s.pk), 0) for s in summary.subjects)
        summary.mastery = rules.mastery_percent(known / cells) if cells else 0
    return sorted(classes.values(), key=lambda s: s.school_class.name)
