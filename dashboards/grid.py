"""The class × skill grid: each student's displayed mastery of each skill in the teacher's
subjects, with a summary per skill (stuck, mastered, the most missed question and its usual
wrong answers). A fixed number of queries whatever the class size or its history."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Count
from django.utils import timezone

from accounts.models import User
from mastery import rules as mastery_rules
from mastery.models import Attempt, Question, Skill
from mastery.selectors import class_progress_states
from schools.models import Enrollment, SchoolClass

from . import rules
from .answers import AttemptRow, answer_text, attempt_rows, prompt_as_seen
from .scope import TeacherScope

NAME = "name"


@dataclass(frozen=True)
class Cell:
    shown: mastery_rules.Displayed
    attempts: int

    @property
    def stuck(self) -> bool:
        return rules.is_stuck(percent=self.shown.percent, attempts=self.attempts)


@dataclass
class GridRow:
    student: User
    cells: list[Cell]  # aligned with the grid's skills
    skills: list[Skill]

    @property
    def pairs(self) -> list[tuple[Skill, Cell]]:
        return list(zip(self.skills, self.cells, strict=True))

    @property
    def mastery(self) -> int:
        return mastery_rules.average(c.shown.percent for c in self.cells)

    @property
    def mastered(self) -> int:
        return sum(1 for c in self.cells if c.shown.mastered)


@dataclass
class MissedQuestion:
    question: Question
    prompt: str
    wrong: int
    wrong_answers: list[tuple[str, int]]  # empty for a template: its numbers change each time


@dataclass
class SkillSummary:
    skill: Skill
    stuck: int = 0
    mastered: int = 0
    missed: MissedQuestion | None = None


@dataclass
class Grid:
    school_class: SchoolClass
    scope: TeacherScope
    skills: list[Skill]
    rows: list[GridRow]
    summaries: list[SkillSummary]
    sort: str = NAME  # NAME or a skill id, as text
    descending: bool = False
    now: datetime | None = None
    missed_since: datetime | None = None
    subject_names: dict[int, str] = field(default_factory=dict)


def parse_sort(value: str | None, skill_ids: list[int]) -> str:
    """A skill id among the grid's skills, or the student's name (anything else)."""
    if value and value.isdigit() and int(value) in skill_ids:
        return value
    return NAME


def _sort(rows: list[GridRow], skills: list[Skill], sort: str, descending: bool) -> None:
    rows.sort(key=lambda r: (r.student.display_name or r.student.username).casefold())
    if sort == NAME:
        if descending:
            rows.reverse()
        return
    index = [s.pk for s in skills].index(int(sort))
    # Python's sort is stable: ties keep the name order in either direction.
    rows.sort(key=lambda r: r.cells[index].shown.percent, reverse=descending)


def _missed(*, student_ids, skills: list[Skill], since: datetime) -> dict[int, MissedQuestion]:
    """Per skill, the question most answered wrong since `since` and its usual wrong answers:
    one aggregate query, then the few questions named (with choices) in two more."""
    counts = (
        Attempt.objects.filter(
            student_id__in=student_ids,
            skill_id__in=[s.pk for s in skills],
            correct=False,
            answered_at__gte=since,
        )
        .order_by()
        .values_list("skill_id", "question_id", "answer")
        .annotate(n=Count("pk"))
    )
    per_question: dict[int, dict[int, int]] = {}
    answers: dict[int, list[tuple[str, int]]] = {}
    for skill_id, question_id, answer, n in counts:
        wrong = per_question.setdefault(skill_id, {})
        wrong[question_id] = wrong.get(question_id, 0) + n
        answers.setdefault(question_id, []).append((answer, n))
    chosen = {
        skill_id: rules.most_missed(wrong.items()) for skill_id, wrong in per_question.items()
    }
    questions = Question.objects.filter(pk__in=[q for q in chosen.values() if q]).prefetch_related(
        "choices"
    )
    result = {}
    by_id = {q.pk: q for q in questions}
    for skill_id, question_id in chosen.items():
        question = by_id.get(question_id)
        if question is None:
            continue
        wrong_answers = []
        if not question.is_template:
            merged: dict[str, int] = {}
            for answer, n in answers[question_id]:
                text = answer_text(question, answer)
                merged[text] = merged.get(text, 0) + n
            wrong_answers = rules.top_wrong_answers(merged.items())
        result[skill_id] = MissedQuestion(
            question=question,
            prompt=prompt_as_seen(question, 0),
            wrong=per_question[skill_id][question_id],
            wrong_answers=wrong_answers,
        )
    return result


def class_grid(
    *,
    scope: TeacherScope,
    school_class: SchoolClass,
    sort: str | None = None,
    descending: bool = False,
) -> Grid:
    now = timezone.now()
    skills = list(
        Skill.objects.filter(subject_id__in=scope.subject_ids)
        .select_related("subject")
        .order_by("subject__code", "tier", "position", "pk")
    )
    skill_ids = [s.pk for s in skills]
    students = list(
        User.objects.filter(
            enrollments__school_class=school_class,
            enrollments__is_active=True,
            role=User.Role.STUDENT,
        ).order_by("display_name", "username")
    )
    top = {s.pk: s.top_level for s in skills}
    progress: dict[tuple[int, int], Cell] = {}
    states = class_progress_states(student_ids=[s.pk for s in students], skill_ids=skill_ids)
    for student_id, by_skill in states.items():
        for skill_id, state in by_skill.items():
            progress[student_id, skill_id] = Cell(
                mastery_rules.displayed(state, now=now, top_level=top[skill_id]), state.attempts
            )
    empty = Cell(mastery_rules.NOT_STARTED, 0)
    rows = [
        GridRow(student, [progress.get((student.pk, k), empty) for k in skill_ids], skills)
        for student in students
    ]
    since = now - timedelta(days=rules.MISSED_WINDOW_DAYS)
    class_students = Enrollment.objects.filter(school_class=school_class, is_active=True).values(
        "student_id"
    )
    missed = _missed(student_ids=class_students, skills=skills, since=since)
    summaries = []
    for i, skill in enumerate(skills):
        cells = [r.cells[i] for r in rows]
        summaries.append(
            SkillSummary(
                skill=skill,
                stuck=sum(1 for c in cells if c.stuck),
                mastered=sum(1 for c in cells if c.shown.mastered),
                missed=missed.get(skill.pk),
            )
        )
    sort = parse_sort(sort, skill_ids)
    _sort(rows, skills, sort, descending)
    return Grid(
        school_class=school_class,
        scope=scope,
        skills=skills,
        rows=rows,
        summaries=summaries,
        sort=sort,
        descending=descending,
        now=now,
        missed_since=since,
        subject_names={s.pk: s.name for s in scope.subjects},
    )


def cell_attempts(*, student: User, skill: Skill) -> list[AttemptRow]:
    """The student's latest answers on the skill: two queries."""
    return attempt_rows(
        Attempt.objects.filter(student=student, skill=skill), limit=rules.CELL_ATTEMPTS
    )
