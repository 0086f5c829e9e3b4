"""The class metrics page on a small built world: each metric from real answers,
reflections, help sessions and leaderboard choices; the SQL rules equal the Python ones;
who may open it; a fixed number of queries; the CSV."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from dashboards import metrics
from dashboards import metrics_rules as mr
from dashboards.metrics import midnight
from dashboards.scope import teacher_scope
from leaderboards import rules as board_rules
from leaderboards.models import ParticipationChange
from leaderboards.services import participant_join, participant_leave
from mastery import history, services
from mastery.models import MasterySnapshot
from peerhelp.models import HelpRequest
from reflections.models import Reflection
from schools.models import Enrollment, TeachingAssignment
from tests.dashboards.helpers import count_queries
from tests.factories import correct_choice, make_exercise, make_user, wrong_choice

pytestmark = pytest.mark.django_db


def say(student, question, right: bool, days_ago: float):
    """An answer `days_ago` days ago, folded as the live path folds it."""
    if question.kind == "choice":
        value = (correct_choice(question) if right else wrong_choice(question)).pk
    else:
        value = "7" if right else "8"
    services.attempt_record(
        student=student,
        question=question,
        answer=str(value),
        answered_at=timezone.now() - timedelta(days=days_ago),
        time_spent_ms=9000,
    )


def both(world, student, right: bool, days_ago: float):
    say(student, world.choice_q, right, days_ago)
    say(student, world.numeric_q, right, days_ago - 0.001)


def period(days: int) -> mr.Period:
    today = timezone.localdate()
    return mr.period_for(mr.CUSTOM, today=today, start=today - timedelta(days=days - 1), end=today)


def measure(world, p: mr.Period, teacher=None) -> metrics.ClassMetrics:
    scope = teacher_scope(teacher=teacher or world.teacher_a, class_id=world.class_a.pk)
    return metrics.class_metrics(scope=scope, school_class=world.class_a, period=p)


def page(world) -> str:
    return reverse("class_metrics", args=[world.class_a.pk])


def test_daily_active_learners_and_streaks(world):
    for d in (3, 2, 1):
        say(world.alice, world.choice_q, True, d)
    say(world.bilal, world.choice_q, True, 10)
    say(world.bilal, world.choice_q, True, 40)  # before the period
    m = measure(world, period(28))
    per_day = {b.first: b.value for b in m.daily_active}
    today = timezone.localdate()
    assert sum(per_day.values()) == 4 and max(per_day.values()) == 1
    assert per_day[today - timedelta(days=10)] == 1
    assert m.daily_active_average == 1 and m.active_learners == 2
    assert sorted(m.streaks) == [1, 3]
    assert m.streak_median == 2 and m.streak_longest == 3


def test_the_sql_mastery_is_the_displayed_mastery(world):
    """The class average at each moment (SQL) equals the Python rule (history.Timeline, the
    number every page shows) summed over the same states."""
    pattern = [(60, True), (59, True), (45, False), (44, True), (20, True), (6, False), (2, True)]
    for d, right in pattern:
        both(world, world.alice, right, d + 0.3)
    for d, right in pattern[::2]:
        both(world, world.bilal, not right, d)
    students = [world.alice.pk, world.bilal.pk]
    skills = {s.pk: s.top_level for s in world.skills}
    timelines = {
        sid: history.Timeline(
            (
                history.Point(s.skill_id, s.last_practiced_at, s.state)
                for s in MasterySnapshot.objects.filter(student_id=sid)
            ),
            skills,
        )
        for sid in students
    }
    checked = 0
    # Weekly moments over nine weeks, and daily ones over the last ten days.
    for p in (period(63), period(10)):
        moments = [(midnight(a), a) for a, _ in p.buckets()]
        moments.append((timezone.now(), p.end + timedelta(days=1)))
        rows = metrics._rows(
            "MASTERY_AT_MOMENTS",
            {
                "students": students,
                "skills": list(skills),
                "ks": list(range(len(moments))),
                "days": [day for _, day in moments],
                "ats": [at for at, _ in moments],
            },
        )
        sql_totals = {(k, sid): total for k, sid, total, _ in rows}
        for k, (at, _day) in enumerate(moments):
            for sid in students:
                python = sum(timelines[sid].mastery_at(skill, at) for skill in skills)
                assert sql_totals.get((k, sid), 0) == python, (p.days, k, sid)
                checked += python > 0
    assert checked >= 25  # most moments had something to compare
    p = period(63)
    m = measure(world, p)
    assert m.mastery_end == round(
        sum(timelines[s].mastery_at(k, timezone.now()) for s in students for k in skills) / 6
    )
    assert [b.value for b in m.mastery_trend][-1] == m.mastery_end


THOUGHTFUL_TEXTS = [
    ("I learned to carry the tens", "the second step was hard for me", "", ""),  # 6 + 7 words
    ("I learned to carry tens", "the second step was hard", "", ""),  # 5 + 5: thoughtful
    ("I learned to carry", "the second step was hard", "", ""),  # 4 + 5: not
    ("تعلمت كيف أجمع الأعداد بسرعة", "", "راجعت الدرس مع صديقي في القسم", ""),  # Arabic, 5 + 6
    ("  many    spaces\tand\ntabs  here ", "one two three four five", "", ""),  # 5 + 5
    ("short", "", "", "next I want fractions please now"),  # 1 + 6: not
]


def test_thoughtful_reflections_in_sql_follow_the_leaderboard_rule(world):
    for texts in THOUGHTFUL_TEXTS:
        Reflection.objects.create(
            student=world.alice,
            exercise=world.exercise,
            subject=world.math,
            what_i_learned=texts[0],
            what_was_challenging=texts[1],
            how_i_overcame_it=texts[2],
            what_next=texts[3],
        )
    m = measure(world, period(7))
    expected = sum(board_rules.is_thoughtful(t) for t in THOUGHTFUL_TEXTS)
    assert expected == 4
    assert (m.reflections, m.thoughtful) == (6, expected)
    assert m.reflecting_students == 1 and m.thoughtful_share == 67


def test_reflection_completion_counts_finished_passes(world):
    both(world, world.alice, True, 2)  # the exercise's two questions: one finished pass
    both(world, world.bilal, True, 2)
    from mastery.models import ExerciseRun

    run = ExerciseRun.objects.get(student=world.alice)
    assert run.finished_at is not None
    Reflection.objects.create(
        student=world.alice,
        exercise=world.exercise,
        subject=world.math,
        run=run,
        what_i_learned="carrying",
    )
    m = measure(world, period(7))
    assert (m.passes, m.passes_reflected, m.completion) == (2, 1, 50)


def test_retention_after_a_month_against_the_model(world):
    """Both students master the skill over three days, then come back 38 days later: Alice
    answers right (still mastered), Bilal wrong (not). The model's prediction is the
    forgetting curve's P(known) at the first answer back."""
    for student in (world.alice, world.bilal):
        for d in (70, 69, 68):
            both(world, student, True, d)
    before = {
        s.student_id: s
        for s in MasterySnapshot.objects.filter(skill=world.skills[0]).order_by("day")
    }
    for student in (world.alice, world.bilal):
        assert before[student.pk].p_known >= 0.9
    _more, fresh_choice, fresh_numeric = make_exercise(world.skills[0], "More practice")
    both(world, world.alice, True, 30)
    say(world.alice, fresh_choice, True, 29.99)
    say(world.alice, fresh_numeric, True, 29.98)
    for _ in range(2):
        both(world, world.bilal, False, 30)
    m = measure(world, period(40))
    r = m.retention
    assert r.cases == 2 and r.observed == 50 and r.verdict == "few"
    from mastery.models import Attempt

    predicted = []
    for sid, snap in before.items():
        first_back = (
            Attempt.objects.filter(
                student_id=sid, skill=world.skills[0], answered_at__gt=snap.last_practiced_at
            )
            .order_by("answered_at")
            .first()
            .answered_at
        )
        assert (first_back - snap.last_practiced_at).days >= 30
        predicted.append(snap.state.p_at(first_back))
    assert r.predicted == round(100 * sum(predicted) / 2)
    assert 40 < r.predicted < 90  # faded, not gone (the curve keeps a floor)
    # A period that does not hold the comeback does not count it.
    assert measure(world, period(20)).retention.cases == 0


def test_help_sessions_in_the_teachers_subjects(world):
    now = timezone.now()
    for status in (HelpRequest.Status.COMPLETED, HelpRequest.Status.ACCEPTED):
        HelpRequest.objects.create(
            requester=world.bilal,
            helper=world.alice,
            school_class=world.class_a,
            skill=world.skills[0],
            topic="carrying",
            question="how?",
            status=status,
            created_at=now,
            accepted_at=now,
            completed_at=now if status == HelpRequest.Status.COMPLETED else None,
        )
    HelpRequest.objects.create(
        requester=world.alice,
        school_class=world.class_a,
        skill=world.skills[0],
        topic="open",
        question="anyone?",
        created_at=now,
    )
    m = measure(world, period(7))
    assert (m.help_sessions, m.help_completed, m.helpers, m.helped) == (2, 1, 1, 1)


def test_leaving_the_leaderboards_is_counted_without_the_student(world):
    participant_join(student=world.alice)
    participant_join(student=world.alice)  # twice is once
    participant_join(student=world.bilal)
    participant_leave(student=world.alice)
    participant_leave(student=world.alice)  # nothing to leave: not counted
    changes = ParticipationChange.objects.filter(school_class=world.class_a)
    assert sorted(changes.values_list("kind", flat=True)) == ["joined", "joined", "left"]
    assert {f.name for f in ParticipationChange._meta.get_fields()} == {
        "id",
        "school_class",
        "kind",
        "at",
    }
    m = measure(world, period(7))
    assert (m.participants, m.left, m.joined) == (1, 1, 2)
    assert not [s for s in m.signs if s.kind == "leaderboards"]
    changes.filter(kind="joined").update(at=timezone.now() - timedelta(days=30))
    participant_leave(student=world.bilal)
    m = measure(world, period(7))
    assert (m.left, m.joined) == (2, 0)
    assert [s.values for s in m.signs if s.kind == "leaderboards"] == [{"left": 2, "joined": 0}]


def test_declining_reflection_quality_is_a_sign(world):
    now = timezone.now()
    for days, texts in ((10, THOUGHTFUL_TEXTS[0]), (2, THOUGHTFUL_TEXTS[2])):
        for i in range(mr.QUALITY_MIN_REFLECTIONS):
            Reflection.objects.create(
                student=world.alice,
                exercise=world.exercise,
                subject=world.math,
                what_i_learned=texts[0],
                what_was_challenging=texts[1],
                created_at=now - timedelta(days=days, minutes=i),
            )
    m = measure(world, period(7))
    assert (m.thoughtful_share, m.thoughtful_before) == (0, 100)
    assert [s.values for s in m.signs if s.kind == "reflection_quality"] == [
        {"now": 0, "before": 100}
    ]


def test_low_performers_disengaging_is_a_sign(world):
    for student in (world.alice, world.bilal):
        for d in (13, 12, 10, 9):
            say(student, world.choice_q, False, d)
    m = measure(world, period(7))
    assert m.low_performers == 2
    sign = next(s for s in m.signs if s.kind == "low_performers")
    assert sign.values["now"] == 0 and sign.values["before"] == 4.0


def test_the_page_shows_the_metrics(client, world):
    for d in (3, 2, 1):
        say(world.alice, world.choice_q, True, d)
    client.force_login(world.teacher_a)
    html = client.get(page(world)).text
    for section in ("signs", "engagement", "reflections", "mastery", "collaboration"):
        assert f'data-section="{section}"' in html, section
    assert "data-active-learners>1/2<" in html
    assert html.count('<rect class="bar"') == 28  # one bar per day of the last four weeks
    assert "data-no-signs" in html
    # Printing: the print stylesheet, and the period form left off the paper.
    assert "css/print." in html and 'media="print"' in html
    assert 'class="grid-filter metrics-filter no-print"' in html
    html = client.get(page(world) + "?period=week").text
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    assert f'data-period-shown="{monday.isoformat()}/{today.isoformat()}"' in html


def test_a_custom_range_is_taken_or_refused_with_a_reason(client, world):
    client.force_login(world.teacher_a)
    today = timezone.localdate()
    start = today - timedelta(days=9)
    html = client.get(
        page(world) + f"?period=custom&start={start.isoformat()}&end={today.isoformat()}"
    ).text
    assert f'data-period-shown="{start.isoformat()}/{today.isoformat()}"' in html
    assert f'value="{start.isoformat()}"' in html  # the date input keeps its ISO value
    tomorrow = today + timedelta(days=1)
    for query in (
        f"?period=custom&start={tomorrow.isoformat()}&end={today.isoformat()}",
        f"?period=custom&start={today.isoformat()}&end={tomorrow.isoformat()}",
        "?period=custom&start=12/31/2026&end=",
        "?period=decade",
    ):
        html = client.get(page(world) + query).text
        assert "data-range-error" in html, query
        default = mr.period_for(mr.DEFAULT_PERIOD, today=today)
        assert f'data-period-shown="{default.start.isoformat()}/' in html


def test_who_may_open_it(client, world):
    csv_url = reverse("class_metrics_csv", args=[world.class_a.pk])
    client.force_login(world.teacher_b)  # teaches class B only
    assert client.get(page(world)).status_code == 403
    assert client.get(csv_url).status_code == 403
    client.force_login(world.alice)
    assert client.get(page(world)).status_code == 403
    assert client.get(csv_url).status_code == 403
    client.force_login(world.teacher_a)
    assert client.get(reverse("class_metrics", args=[999999])).status_code == 404
    client.logout()
    assert client.get(page(world)).status_code == 302


def test_a_teacher_of_another_subject_sees_only_their_subjects(client, world):
    physics_teacher = make_user("teacher_phys", User.Role.TEACHER)
    TeachingAssignment.objects.create(
        teacher=physics_teacher, school_class=world.class_a, subject=world.physics
    )
    say(world.alice, world.choice_q, True, 1)  # maths
    Reflection.objects.create(
        student=world.alice, exercise=world.exercise, subject=world.math, what_i_learned="x"
    )
    client.force_login(world.teacher_a)
    html = client.get(page(world)).text
    assert "data-active-learners>1/2<" in html and "data-reflecting>1/2<" in html
    client.force_login(physics_teacher)
    html = client.get(page(world)).text
    assert "data-active-learners>0/2<" in html and "data-reflecting>0/2<" in html
    # Asking for maths is refused: their own subject is shown, with a note.
    html = client.get(page(world) + f"?subject={world.math.pk}").text
    assert "data-filter-refused" in html and "data-active-learners>0/2<" in html


def test_links_from_the_class_view_and_the_home_page(client, world):
    client.force_login(world.teacher_a)
    assert page(world) in client.get(reverse("class_detail", args=[world.class_a.pk])).text
    assert page(world) in client.get(reverse("home")).text


def _history(students, world, days: int):
    for d in range(days, 0, -1):
        for student in students:
            say(student, world.choice_q, d % 3 != 0, d + 0.2)


def test_query_count_does_not_grow_with_class_size_or_history(client, world):
    client.force_login(world.teacher_a)
    say(world.alice, world.choice_q, True, 1)
    queries = {q: count_queries(client, page(world) + q) for q in ("", "?period=term")}
    csv_small = count_queries(client, reverse("class_metrics_csv", args=[world.class_a.pk]))
    pupils = [make_user(f"pupil{i}") for i in range(6)]
    for pupil in pupils:
        Enrollment.objects.create(student=pupil, school_class=world.class_a)
    _history([world.alice, *pupils], world, days=45)
    for student in pupils[:3]:
        participant_join(student=student)
        Reflection.objects.create(
            student=student, exercise=world.exercise, subject=world.math, what_i_learned="x"
        )
    large = {q: count_queries(client, page(world) + q) for q in queries}
    assert large == queries, (queries, large)
    assert large[""] <= 20
    assert count_queries(client, reverse("class_metrics_csv", args=[world.class_a.pk])) == (
        csv_small
    )


def test_the_csv_opens_in_excel_with_arabic_names(client, world):
    world.class_a.name = "=الجذع المشترك"
    world.class_a.save()
    for d in (2, 1):
        say(world.alice, world.choice_q, True, d)
    client.force_login(world.teacher_a)
    response = client.get(reverse("class_metrics_csv", args=[world.class_a.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "metrics-" in response["Content-Disposition"]
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))
    assert rows[0] == ["Metric", "Value"]
    values = {r[0]: r[1] for r in rows if len(r) == 2}
    assert values["Class"] == "'=الجذع المشترك"  # never run as a formula
    assert values["Students"] == "2"
    assert values["Learners who practised in the period"] == "1"
    days = rows[rows.index(["Day", "Daily active learners"]) + 1 :]
    today = timezone.localdate()
    assert len(days) == 28 and days[-1] == [today.isoformat(), "0"]
    assert days[-2] == [(today - timedelta(days=1)).isoformat(), "1"]
