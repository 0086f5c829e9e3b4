"""seed_demo builds one believable, deterministic demo school whose progress matches its log.

The school is seeded once for the module inside a transaction that is rolled back at the end;
each test runs in a savepoint within it.
"""

import hashlib
import re
import statistics
from collections import Counter, defaultdict
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from accounts.models import User
from demo import people
from demo.simulate import PROFILE_MIX, QUIET_DAYS, assign_profiles
from hostapi.models import ApiClient, hash_token
from mastery import rules
from mastery.models import (
    Attempt,
    Choice,
    Exercise,
    MasterySnapshot,
    Question,
    Skill,
    SkillProgress,
    SkillUnlock,
)
from schools.models import Enrollment, School, SchoolClass, Subject, TeachingAssignment

ANCHOR = "2026-11-25"
ANCHOR_DATE = date.fromisoformat(ANCHOR)
ARABIC = re.compile(r"[\u0600-\u06FF]")
MATH_EDGES = {
    ("multiplication", "addition-subtraction"),
    ("division", "multiplication"),
    ("fractions", "division"),
    ("decimals", "fractions"),
    ("algebra", "fractions"),
    ("geometry", "multiplication"),
    ("trigonometry", "algebra"),
    ("trigonometry", "geometry"),
    ("calculus", "algebra"),
    ("calculus", "trigonometry"),
}
# Lesson names from the host platform's Tronc Commun curriculum.
HOST_LESSONS = {
    "PHYS101": {
        "Gravitation universelle",
        "Principe d'inertie",
        "Poussée d'Archimède",
        "Quantité de matière, la mole",
        "Le courant électrique continu",
    },
    "BIOL101": {
        "Flux de la matière et de l'énergie dans l'écosystème",
        "La reproduction sexuée chez les plantes à fleurs",
    },
}

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """Seed once; every test of the module sees the same school, nothing outlives the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        out = StringIO()
        call_command("seed_demo", "--today", ANCHOR, stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


def seed(*args) -> str:
    out = StringIO()
    call_command("seed_demo", "--today", ANCHOR, *args, stdout=out)
    return out.getvalue()


def attempts_digest() -> str:
    """The attempt log in terms that survive a rebuild: names and positions, not ids."""
    choice_position = dict(Choice.objects.values_list("pk", "position"))
    rows = Attempt.objects.order_by("student__username", "answered_at", "pk").values_list(
        "student__username",
        "skill__subject__code",
        "skill__code",
        "exercise__position",
        "question__position",
        "question__kind",
        "answer",
        "correct",
        "attempt_number",
        "time_spent_ms",
        "hint_used",
        "answered_at",
    )
    digest = hashlib.sha256()
    for row in rows:
        *head, kind, answer, correct, number, spent, hinted, at = row
        if kind == Question.Kind.CHOICE:
            answer = f"choice#{choice_position[int(answer)]}"
        digest.update(
            repr((*head, answer, correct, number, spent, hinted, at.isoformat())).encode()
        )
    return digest.hexdigest()


def test_profile_mix_is_fixed():
    profiles = assign_profiles(50)
    assert profiles == assign_profiles(50)
    assert Counter(name for name, _ in profiles) == Counter(PROFILE_MIX)
    quiet = [(name, days) for name, days in profiles if days]
    assert sorted(days for _, days in quiet) == sorted(QUIET_DAYS)
    assert all(days >= 11 and name != "rushing" for name, days in quiet)


def test_school_classes_and_people(seeded):
    school = School.objects.get()
    assert (school.name, school.city) == (people.SCHOOL_NAME, people.SCHOOL_CITY)
    classes = list(SchoolClass.objects.order_by("name"))
    assert [(c.name, c.grade) for c in classes] == [
        ("TC Sciences 1", "TC"),
        ("TC Sciences 2", "TC"),
    ]
    for number, klass in enumerate(classes):
        usernames = set(
            Enrollment.objects.filter(school_class=klass, is_active=True).values_list(
                "student__username", flat=True
            )
        )
        assert usernames == {f"student{n:02d}" for n in range(25 * number + 1, 25 * number + 26)}

    assert User.objects.filter(role=User.Role.STUDENT).count() == 50
    assert set(User.objects.filter(role=User.Role.TEACHER).values_list("username", flat=True)) == {
        "teacher1",
        "teacher2",
    }
    admin = User.objects.get(username="admin")
    assert admin.role == User.Role.ADMIN and admin.is_staff and admin.is_superuser
    assert not User.objects.exclude(pk=admin.pk).filter(is_staff=True).exists()
    # One hash for everyone, and it is the published password.
    assert User.objects.values("password").distinct().count() == 1
    assert admin.check_password(people.PASSWORD)
    assert all(
        u.email == f"{u.username}@demo.madrasti.ma" and u.display_name for u in User.objects.all()
    )
    names = list(User.objects.filter(role=User.Role.STUDENT).values_list("display_name", flat=True))
    assert len(set(names)) == 50
    assert sum(bool(ARABIC.search(n)) for n in names) >= 5
    assert {"Camille Dubois", "Oliver Smith", "Yasmine El Amrani"} <= set(names)

    taught = set(
        TeachingAssignment.objects.values_list(
            "teacher__username", "school_class__name", "subject__code"
        )
    )
    assert taught == {
        (teacher, klass, code)
        for klass in ("TC Sciences 1", "TC Sciences 2")
        for teacher, code in (
            ("teacher1", "MATH101"),
            ("teacher2", "PHYS101"),
            ("teacher2", "BIOL101"),
        )
    }


def _edges(subject_code: str) -> set[tuple[str, str]]:
    through = Skill.prerequisites.through.objects.filter(from_skill__subject__code=subject_code)
    return set(through.values_list("from_skill__code", "to_skill__code"))


def test_skill_trees(seeded):
    assert set(Subject.objects.values_list("code", flat=True)) == {"MATH101", "PHYS101", "BIOL101"}
    math_codes = set(Skill.objects.filter(subject__code="MATH101").values_list("code", flat=True))
    assert math_codes == {
        "addition-subtraction",
        "multiplication",
        "division",
        "fractions",
        "decimals",
        "algebra",
        "geometry",
        "trigonometry",
        "calculus",
    }
    assert _edges("MATH101") == MATH_EDGES
    for code, lessons in HOST_LESSONS.items():
        assert lessons <= set(
            Skill.objects.filter(subject__code=code).values_list("name_fr", flat=True)
        )
        assert _edges(code), f"{code} has no prerequisites"

    for subject in Subject.objects.all():
        skills = {s.pk: s for s in Skill.objects.filter(subject=subject)}
        edges = defaultdict(set)
        for s in skills.values():
            edges[s.pk] = {p.pk for p in s.prerequisites.all()}
        assert rules.find_cycle(edges) is None
        # Tiers read as depth: every prerequisite sits on an earlier tier.
        assert all(skills[p].tier < s.tier for s in skills.values() for p in edges[s.pk])
        assert len({(s.tier, s.position) for s in skills.values()}) == len(skills)


def test_exercises_and_questions_are_complete_in_three_languages(seeded):
    order = ["beginner", "intermediate", "advanced", "expert"]
    for skill in Skill.objects.all():
        exercises = list(skill.exercises.order_by("position"))
        assert len(exercises) >= 5
        levels = [order.index(e.difficulty) for e in exercises]
        assert levels == sorted(levels) and levels[0] == 0 and levels[-1] >= 2
        kinds = Counter()
        for exercise in exercises:
            questions = list(exercise.questions.all())
            assert len(questions) >= 3
            kinds.update(q.kind for q in questions)
        assert kinds[Question.Kind.CHOICE] and kinds[Question.Kind.NUMERIC], skill.code

    correct_per_question = Counter()
    choices_per_question = Counter()
    for question_id, is_correct in Choice.objects.values_list("question_id", "is_correct"):
        choices_per_question[question_id] += 1
        correct_per_question[question_id] += is_correct
    for question in Question.objects.all():
        if question.kind == Question.Kind.CHOICE:
            assert 3 <= choices_per_question[question.pk] <= 4
            assert correct_per_question[question.pk] == 1
            assert question.numeric_answer is None
        else:
            assert choices_per_question[question.pk] == 0
            assert question.numeric_answer is not None and question.tolerance >= 0

    translated = {
        Subject: ("name",),
        Skill: ("name", "description"),
        Exercise: ("title",),
        Question: ("prompt", "hint", "explanation"),
        Choice: ("text",),
    }
    for model, fields in translated.items():
        for row in model.objects.values(
            *(f"{f}_{lang}" for f in fields for lang in ["en", "fr", "ar"]), *fields
        ):
            for f in fields:
                assert row[f"{f}_en"] and row[f"{f}_fr"] and row[f"{f}_ar"], (model, row)
                assert row[f] == row[f"{f}_en"]
    for prompt, hint in Question.objects.values_list("prompt_ar", "hint_ar"):
        assert ARABIC.search(prompt) and ARABIC.search(hint), prompt


def test_history_spans_eight_weeks_of_afternoons(seeded):
    # The simulated history (the demo's few friendly matches are checked in tests/challenges).
    attempts = Attempt.objects.filter(source=Attempt.Source.DEMO)
    assert 15_000 <= attempts.count() <= 45_000
    assert set(Attempt.objects.values_list("source", flat=True)) == {
        Attempt.Source.DEMO,
        Attempt.Source.CHALLENGE,
    }
    local = [timezone.localtime(at) for at in attempts.values_list("answered_at", flat=True)]
    days = sorted({at.date() for at in local})
    assert days[0] <= ANCHOR_DATE - timedelta(days=52)
    assert days[0] >= ANCHOR_DATE - timedelta(days=56)
    assert ANCHOR_DATE - timedelta(days=2) <= days[-1] < ANCHOR_DATE
    assert all(10 <= at.hour <= 22 for at in local)
    weekdays = Counter(at.weekday() for at in local)
    assert weekdays[6] < min(weekdays[d] for d in range(5))
    assert 0 < attempts.filter(hint_used=True).count() < attempts.count() / 2
    assert attempts.filter(attempt_number__gt=1).exists()
    spent = list(attempts.values_list("time_spent_ms", flat=True))
    assert min(spent) >= 1000 and max(spent) <= rules.MAX_TIME_SPENT_MS
    # Harder sheets take longer.
    median = {
        level: statistics.median(
            attempts.filter(exercise__difficulty=level).values_list("time_spent_ms", flat=True)
        )
        for level in ("beginner", "advanced")
    }
    assert median["advanced"] > median["beginner"]


def test_answers_agree_with_correctness_and_numbering(seeded):
    choices = {
        pk: (question_id, ok)
        for pk, question_id, ok in Choice.objects.values_list("pk", "question_id", "is_correct")
    }
    numeric = {
        pk: (answer, tolerance)
        for pk, answer, tolerance in Question.objects.filter(
            kind=Question.Kind.NUMERIC
        ).values_list("pk", "numeric_answer", "tolerance")
    }
    numbers = defaultdict(list)
    rows = Attempt.objects.order_by("answered_at", "pk").values_list(
        "student_id", "question_id", "answer", "correct", "attempt_number"
    )
    for student_id, question_id, answer, correct, number in rows:
        if question_id in numeric:
            expected, tolerance = numeric[question_id]
            value = rules.parse_number(answer)
            assert (
                value is not None and rules.numeric_correct(value, expected, tolerance) == correct
            )
        else:
            chosen_question, is_correct = choices[int(answer)]
            assert chosen_question == question_id and is_correct == correct
        numbers[(student_id, question_id)].append(number)
    assert all(seq == list(range(1, len(seq) + 1)) for seq in numbers.values())


def test_profiles_show_in_the_data(seeded):
    mastery = defaultdict(list)
    for username, p_known in SkillProgress.objects.values_list("student__username", "p_known"):
        mastery[username].append(rules.mastery_percent(p_known))
    assert sum(max(m) >= 90 for m in mastery.values()) >= 20
    assert sum(statistics.mean(m) < 40 for m in mastery.values()) >= 2
    assert sum(statistics.mean(m) >= 80 for m in mastery.values()) >= 10
    reached_calculus = SkillProgress.objects.filter(skill__code="calculus").values_list(
        "student__username", flat=True
    )
    assert 5 <= len(reached_calculus) < 50

    last_seen = {
        username: timezone.localtime(at).date()
        for username, at in Attempt.objects.values("student__username")
        .annotate(last=Max("answered_at"))
        .values_list("student__username", "last")
    }
    assert len(last_seen) == 50
    quiet = [u for u, day in last_seen.items() if day <= ANCHOR_DATE - timedelta(days=10)]
    assert 2 <= len(quiet) <= 4

    rushers = []
    for student in User.objects.filter(role=User.Role.STUDENT):
        firsts = Attempt.objects.filter(student=student, attempt_number=1)
        spent = list(firsts.values_list("time_spent_ms", flat=True))
        accuracy = firsts.filter(correct=True).count() / len(spent)
        if statistics.median(spent) <= 4000 and accuracy < 0.35 and len(spent) >= 100:
            rushers.append(student.username)
    assert len(rushers) == 1


def test_progress_snapshots_and_unlocks_equal_a_replay_of_the_log(seeded):
    """What attempt_record would have stored, recomputed here from the attempts alone."""
    skills = {s.pk: s for s in Skill.objects.prefetch_related("prerequisites")}
    prerequisites = {pk: [p.pk for p in s.prerequisites.all()] for pk, s in skills.items()}
    dependents = defaultdict(list)
    for pk, prereqs in prerequisites.items():
        for prereq in prereqs:
            dependents[prereq].append(pk)
    states: dict[tuple[int, int], rules.ProgressState] = {}
    day_end: dict[tuple[int, int, date], rules.ProgressState] = {}
    opened: dict[tuple[int, int], object] = {}
    locked_practice = []
    rows = Attempt.objects.order_by("student_id", "pk").values_list(
        "student_id",
        "skill_id",
        "correct",
        "attempt_number",
        "answered_at",
        "exercise__difficulty",
        "hint_used",
        "question_id",
    )
    last_seen: dict[tuple[int, int], object] = {}
    for student_id, skill_id, correct, number, at, difficulty, hinted, question_id in rows:
        skill = skills[skill_id]
        if prerequisites[skill_id] and (student_id, skill_id) not in opened:
            locked_practice.append((student_id, skill.code, at))
        state = states.get((student_id, skill_id)) or rules.ProgressState(p_known=skill.p_init)
        seen = last_seen.get((student_id, question_id))
        last_seen[(student_id, question_id)] = at
        if state.last_practiced_at and at < state.last_practiced_at:
            at = state.last_practiced_at  # as attempt_record: progress only moves forward
        evidence = rules.Evidence(
            level=rules.DIFFICULTY_RANK[difficulty],
            exposures=number - 1,
            spaced=seen is not None and rules.days_between(seen, at) >= 1,
            hint_used=hinted,
        )
        state = rules.apply_attempt(
            state,
            correct=correct,
            evidence=evidence,
            at=at,
            day=timezone.localdate(at),
            params=skill.bkt,
        )
        states[(student_id, skill_id)] = state
        day_end[(student_id, skill_id, timezone.localdate(at))] = state
        # A skill opens the first time all its prerequisites stand at the required mastery.
        for dependent in dependents[skill_id]:
            if (student_id, dependent) not in opened and all(
                (student_id, p) in states
                and rules.mastery_percent(states[(student_id, p)].p_known)
                >= skills[dependent].required_mastery
                for p in prerequisites[dependent]
            ):
                opened[(student_id, dependent)] = at

    stored = {(p.student_id, p.skill_id): p for p in SkillProgress.objects.all()}
    assert stored.keys() == states.keys()
    counts = Counter(Attempt.objects.values_list("student_id", "skill_id"))
    for key, state in states.items():
        row = stored[key]
        assert row.p_known == pytest.approx(state.p_known, rel=1e-12, abs=1e-12)
        assert row.half_life_days == pytest.approx(state.half_life_days)
        assert (row.attempts, row.correct, row.questions_seen) == (
            state.attempts,
            state.correct,
            state.questions_seen,
        )
        assert row.attempts == counts[key]
        assert (row.first_practiced_at, row.last_practiced_at) == (
            state.first_practiced_at,
            state.last_practiced_at,
        )
    # First tries are the evidence: one per question the student has seen.
    seen = Counter(Attempt.objects.filter(attempt_number=1).values_list("student_id", "skill_id"))
    assert all(stored[key].questions_seen == n for key, n in seen.items())

    snapshots = {(s.student_id, s.skill_id, s.day): s for s in MasterySnapshot.objects.all()}
    assert snapshots.keys() == day_end.keys()
    for key, state in day_end.items():
        snap = snapshots[key]
        assert snap.p_known == pytest.approx(state.p_known, rel=1e-12, abs=1e-12)
        assert (snap.attempts, snap.last_practiced_at) == (
            state.attempts,
            state.last_practiced_at,
        )
        assert snap.half_life_days == pytest.approx(state.half_life_days)

    unlocks = {(u.student_id, u.skill_id): u.unlocked_at for u in SkillUnlock.objects.all()}
    assert unlocks == opened
    # Nobody practised a skill before its prerequisites opened it.
    assert locked_practice == []


def test_demo_api_client_and_summary(seeded):
    client = ApiClient.objects.get(name=people.API_CLIENT_NAME)
    assert client.is_active and client.token_hash == hash_token(people.API_TOKEN)
    assert people.API_TOKEN in seeded and people.PASSWORD in seeded
    assert "student01" in seeded and "teacher1" in seeded


def test_second_run_changes_nothing(seeded):
    before = (User.objects.count(), Attempt.objects.count(), Question.objects.count())
    output = seed()
    assert "already seeded" in output
    assert (User.objects.count(), Attempt.objects.count(), Question.objects.count()) == before


def test_reset_rebuilds_the_same_history(seeded):
    digest = attempts_digest()
    old_ids = set(Attempt.objects.values_list("pk", flat=True)[:100])
    counts = (User.objects.count(), SkillProgress.objects.count(), Choice.objects.count())
    output = seed("--reset")
    assert "deleted" in output.lower()
    assert not Attempt.objects.filter(pk__in=old_ids).exists()
    assert School.objects.count() == 1
    assert (User.objects.count(), SkillProgress.objects.count(), Choice.objects.count()) == counts
    assert attempts_digest() == digest
