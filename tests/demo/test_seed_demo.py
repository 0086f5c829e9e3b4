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
from demo import loader, people
from demo.seeders.collaboration import group_specs
from demo.simulate import PROFILE_MIX, QUIET_DAYS, assign_profiles
from hostapi.models import ApiClient, hash_token
from mastery import rules, selectors, variants
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
from mastery.rebuild import mastery_rebuild
from peerhelp.models import HelpRequest
from schools.models import Enrollment, School, SchoolClass, Subject, TeachingAssignment

ANCHOR = "2026-11-25"
ANCHOR_DATE = date.fromisoformat(ANCHOR)
ARABIC = re.compile(r"[\u0600-\u06FF]")
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
        "question__answer_formula",
        "source",
        "variant",
        "answer",
        "correct",
        "attempt_number",
        "time_spent_ms",
        "hint_used",
        "answered_at",
    )
    digest = hashlib.sha256()
    for row in rows:
        *head, kind, formula, source, variant, answer, correct, number, spent, hinted, at = row
        if kind == Question.Kind.CHOICE:
            answer = f"choice#{choice_position[int(answer)]}"
        elif formula:
            # A variant's numbers are drawn from the question's id, which a rebuild changes:
            # the seed (a match's is derived from the match's id too) and the grading are what
            # must come back.
            answer = f"variant#{variant if source == Attempt.Source.DEMO else 'match'}"
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
    content = {subject.code: subject for subject in loader.read_folder()}
    assert set(content) == {"MATH101", "PHYS101", "BIOL101"}
    assert set(Subject.objects.values_list("code", flat=True)) == set(content)
    for code, subject in content.items():
        codes = set(Skill.objects.filter(subject__code=code).values_list("code", flat=True))
        assert codes == {skill.code for skill in subject.skills}
        assert _edges(code) == {
            (skill.code, prerequisite)
            for skill in subject.skills
            for prerequisite in skill.prerequisites
        }
    # The Tronc Commun programme, not primary-school arithmetic.
    assert {"number-sets", "arithmetic", "vectors", "polynomials", "trigonometry"} <= set(
        Skill.objects.filter(subject__code="MATH101").values_list("code", flat=True)
    )
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
        assert len(exercises) >= 4
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
        elif question.is_template:
            assert choices_per_question[question.pk] == 0
            assert question.numeric_answer is None and question.params["vars"]
            variants.validate(question)
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
    # A prompt that is only a formula, such as "(−2)⁴ = ?", reads the same in all three.
    for prompt, en, fr, hint in Question.objects.values_list(
        "prompt_ar", "prompt_en", "prompt_fr", "hint_ar"
    ):
        assert ARABIC.search(prompt) or prompt == en == fr, prompt
        assert ARABIC.search(hint) or "=" in hint, hint


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
    """Every answer is graded as the live service grades it: a template against the variant
    the attempt names, a fixed question against its answer or its right choice."""
    choices = {
        pk: (question_id, ok)
        for pk, question_id, ok in Choice.objects.values_list("pk", "question_id", "is_correct")
    }
    numeric = {q.pk: q for q in Question.objects.filter(kind=Question.Kind.NUMERIC)}
    numbers = defaultdict(list)
    templates_seen = Counter()
    rows = Attempt.objects.order_by("answered_at", "pk").values_list(
        "student_id", "question_id", "variant", "answer", "correct", "attempt_number", "source"
    )
    for student_id, question_id, variant, answer, correct, number, source in rows:
        if question_id in numeric:
            question = numeric[question_id]
            if question.is_template:
                # Practice draws a fresh variant per serve; a match names its own.
                assert variant != variants.FIXED or source == Attempt.Source.CHALLENGE
                templates_seen[(student_id, question_id)] += 1
            else:
                assert variant == variants.FIXED
            assert variants.grade(question, variants.draw(question, variant), answer) == correct
        else:
            assert variant == variants.FIXED
            chosen_question, is_correct = choices[int(answer)]
            assert chosen_question == question_id and is_correct == correct
        numbers[(student_id, question_id)].append(number)
    assert all(seq == list(range(1, len(seq) + 1)) for seq in numbers.values())
    assert sum(templates_seen.values()) > 5_000


def test_a_template_served_again_shows_new_numbers(seeded):
    """Retries of one serve answer the same numbers; coming back draws a fresh variant."""
    items = defaultdict(set)
    for student_id, question_id, variant in (
        Attempt.objects.filter(source=Attempt.Source.DEMO)
        .exclude(question__answer_formula="")
        .values_list("student_id", "question_id", "variant")
    ):
        items[(student_id, question_id)].add(variant)
    assert sum(len(seeds) > 1 for seeds in items.values()) > 500
    repeats = Attempt.objects.exclude(question__answer_formula="").filter(attempt_number__gt=1)
    assert repeats.exists()


def test_profiles_show_in_the_data(seeded):
    mastery = defaultdict(list)
    for username, p_known in SkillProgress.objects.values_list("student__username", "p_known"):
        mastery[username].append(rules.mastery_percent(p_known))
    assert sum(max(m) >= 90 for m in mastery.values()) >= 20
    assert sum(statistics.mean(m) < 40 for m in mastery.values()) >= 2
    assert sum(statistics.mean(m) >= 80 for m in mastery.values()) >= 10
    # The deepest skill of the maths tree: reached by some, not by everyone.
    deepest = Skill.objects.filter(subject__code="MATH101").order_by("-tier").first()
    reached = SkillProgress.objects.filter(skill=deepest).values_list(
        "student__username", flat=True
    )
    assert 5 <= len(reached) < 50

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
        "variant",
    )
    # Per item (student, question, variant): earlier answers and when last, as _history.
    exposures: Counter = Counter()
    last_seen: dict[tuple[int, int, int], object] = {}
    for student_id, skill_id, correct, _n, at, difficulty, hinted, question_id, variant in rows:
        skill = skills[skill_id]
        if prerequisites[skill_id] and (student_id, skill_id) not in opened:
            locked_practice.append((student_id, skill.code, at))
        state = states.get((student_id, skill_id)) or rules.ProgressState(p_known=skill.p_init)
        item = (student_id, question_id, variant)
        seen = last_seen.get(item)
        if state.last_practiced_at and at < state.last_practiced_at:
            at = state.last_practiced_at  # as attempt_record: progress only moves forward
        evidence = rules.evidence_for(
            level=rules.DIFFICULTY_RANK[difficulty],
            exposures=exposures[item],
            last_seen=seen,
            at=at,
            hint_used=hinted,
        )
        exposures[item] += 1
        last_seen[item] = at
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
        assert (row.sessions, row.last_session_day) == (state.sessions, state.last_session_day)
        assert tuple(row.level_correct) == state.level_correct
    # One question seen per item met: a fixed question once, a template once per variant.
    items = Counter(
        (student_id, skill_id)
        for student_id, skill_id, _q, _v in Attempt.objects.order_by()
        .values_list("student_id", "skill_id", "question_id", "variant")
        .distinct()
    )
    assert all(stored[key].questions_seen == n for key, n in items.items())

    snapshots = {(s.student_id, s.skill_id, s.day): s for s in MasterySnapshot.objects.all()}
    assert snapshots.keys() == day_end.keys()
    for key, state in day_end.items():
        snap = snapshots[key]
        assert snap.p_known == pytest.approx(state.p_known, rel=1e-12, abs=1e-12)
        assert (snap.attempts, snap.last_practiced_at, snap.sessions) == (
            state.attempts,
            state.last_practiced_at,
            state.sessions,
        )
        assert tuple(snap.level_correct) == state.level_correct
        assert snap.half_life_days == pytest.approx(state.half_life_days)

    unlocks = {(u.student_id, u.skill_id): u.unlocked_at for u in SkillUnlock.objects.all()}
    assert unlocks == opened
    # And the rebuild from the log (mastery_rebuild, the live path's fold) has nothing to fix.
    rebuilt = mastery_rebuild()
    assert rebuilt.attempts == Attempt.objects.count()
    assert (rebuilt.written, rebuilt.deleted) == (0, 0), rebuilt.line()
    # Nobody practised a skill before its prerequisites opened it.
    assert locked_practice == []


def test_struggling_pupils_have_a_way_forward(seeded):
    """Every struggling pupil has skills below proficient, and for each the questions that
    would be served (fresh variants, then spaced repeats) lead there: nobody is stuck."""
    now = timezone.now()
    struggling = [
        s.username
        for s, (profile, _quiet) in zip(people.STUDENTS, assign_profiles(50), strict=True)
        if profile == "struggling"
    ]
    checked = 0
    for username in struggling:
        below = []
        for progress in SkillProgress.objects.filter(student__username=username).select_related(
            "student", "skill"
        ):
            shown = rules.displayed(progress.state, now=now, top_level=progress.skill.top_level)
            if shown.percent < rules.DEFAULT_UNLOCK_MASTERY:
                below.append(progress)
        assert below, f"{username} has no skill left to grow in"
        for progress in below:
            upcoming = selectors.upcoming_evidence(
                student=progress.student, skill=progress.skill, limit=40
            )
            assert len(upcoming) == 40  # never runs out
            path = rules.path_to(
                progress.state,
                target=rules.DEFAULT_UNLOCK_MASTERY,
                upcoming=upcoming,
                at=now,
                day=timezone.localdate(now),
                params=progress.skill.bkt,
                top_level=progress.skill.top_level,
            )
            assert path.answers is not None, (username, progress.skill.code)
            checked += 1
    assert checked >= 2 * len(struggling)


def test_demo_api_client_and_summary(seeded):
    client = ApiClient.objects.get(name=people.API_CLIENT_NAME)
    assert client.is_active and client.token_hash == hash_token(people.API_TOKEN)
    assert people.API_TOKEN in seeded and people.PASSWORD in seeded
    assert "student01" in seeded and "teacher1" in seeded
    # The summary counts what the collaboration seeders made.
    specs = group_specs()
    sessions = sum(len(spec.sessions) for spec in specs)
    assert f"{len(specs)} study groups" in seeded and f"{sessions} group sessions" in seeded
    assert f"{HelpRequest.objects.count()} help sessions" in seeded


def test_second_run_changes_nothing(seeded):
    before = (User.objects.count(), Attempt.objects.count(), Question.objects.count())
    output = seed()
    assert "already seeded" in output
    assert (User.objects.count(), Attempt.objects.count(), Question.objects.count()) == before


def test_reset_rebuilds_the_same_history(seeded):
    """One reset for every part of the demo: the attempt log, the matches, the reflections
    and the help sessions come back alike (each module's own digest)."""
    from tests.demo import test_challenges, test_peerhelp, test_reflections

    parts = (test_challenges.played, test_reflections.written, test_peerhelp.digest)
    before = [part() for part in parts]
    assert all(before)
    digest = attempts_digest()
    old_ids = set(Attempt.objects.values_list("pk", flat=True)[:100])
    counts = (User.objects.count(), SkillProgress.objects.count(), Choice.objects.count())
    output = seed("--reset")
    assert "deleted" in output.lower()
    assert not Attempt.objects.filter(pk__in=old_ids).exists()
    assert School.objects.count() == 1
    assert (User.objects.count(), SkillProgress.objects.count(), Choice.objects.count()) == counts
    assert attempts_digest() == digest
    assert [part() for part in parts] == before
