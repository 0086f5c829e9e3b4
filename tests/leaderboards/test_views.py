import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from leaderboards.models import Participant, SkippedMetric
from schools.models import Enrollment
from tests.factories import make_user

from .conftest import join

pytestmark = pytest.mark.django_db

INDEX = reverse("leaderboards:index")
PRIVACY = reverse("leaderboards:privacy")


def change(action: str) -> str:
    return reverse("leaderboards:privacy_change", args=[action])


def test_anonymous_visitors_are_sent_to_log_in(client, board):
    for url in (INDEX, PRIVACY):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url
    response = client.post(change("join"))
    assert response.status_code == 302 and "/accounts/login/" in response.url
    assert not Participant.objects.exists()


def test_a_board_of_another_class_is_refused(client, board):
    w = board.world
    client.force_login(w.chloe)  # class B
    response = client.get(INDEX, {"scope": str(w.class_a.pk)})
    assert response.status_code == 403
    partial = client.get(INDEX, {"scope": str(w.class_a.pk)}, headers={"HX-Request": "true"})
    assert partial.status_code == 403
    assert "another class" in partial.text and "<html" not in partial.text
    # A subject of her own class that is not taught there is refused too.
    client.force_login(w.teacher_a)  # teaches maths in class A only
    assert client.get(INDEX, {"scope": f"{w.class_a.pk}-{w.physics.pk}"}).status_code == 403
    assert client.get(INDEX, {"scope": str(w.class_b.pk)}).status_code == 403


def test_only_students_and_teachers_open_leaderboards(client, board):
    client.force_login(make_user("headmaster", User.Role.ADMIN))
    assert client.get(INDEX).status_code == 403
    assert client.get(PRIVACY).status_code == 403
    client.force_login(board.world.teacher_a)
    assert client.get(PRIVACY).status_code == 403
    assert client.post(change("join")).status_code == 403
    assert not Participant.objects.exists()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"metric": "popularity"}, "Please choose one of the leaderboards."),
        ({"period": "yearly"}, "Please choose weekly or monthly."),
        ({"scope": "class-a"}, "Please choose one of your classes or subjects."),
        ({"scope": "1-2-3"}, "Please choose one of your classes or subjects."),
    ],
)
def test_bad_parameters_get_a_clear_error(client, board, params, message):
    client.force_login(board.world.alice)
    response = client.get(INDEX, params)
    assert response.status_code == 400
    assert message in response.text and "data-board-error" in response.text
    partial = client.get(INDEX, params, headers={"HX-Request": "true"})
    assert partial.status_code == 400 and message in partial.text


def test_the_page_offers_scopes_metrics_and_periods_and_htmx_swaps_the_board(client, board):
    w = board.world
    join(*board.class_a)
    client.force_login(w.alice)
    page = client.get(INDEX)
    assert page.status_code == 200
    html = page.text
    assert "data-nav-leaderboards" in html and 'hx-get="/leaderboards/"' in html
    for value in (str(w.class_a.pk), f"{w.class_a.pk}-{w.math.pk}", "consistency", "monthly"):
        assert f'value="{value}"' in html
    assert "data-board" in html and 'data-standing="in"' in html
    partial = client.get(
        INDEX,
        {"scope": f"{w.class_a.pk}-{w.math.pk}", "metric": "consistency", "period": "monthly"},
        headers={"HX-Request": "true"},
    )
    assert partial.status_code == 200
    assert "<html" not in partial.text and "Consistency" in partial.text
    assert "last 30 days" in partial.text


def test_a_teacher_sees_the_class_board_without_a_standing(client, board):
    join(*board.class_a)
    client.force_login(board.world.teacher_a)
    response = client.get(INDEX)
    assert response.status_code == 200
    assert 'data-standing="teacher"' in response.text and "data-participants" in response.text


def test_privacy_actions_are_one_click_each(client, board):
    alice = board.world.alice
    client.force_login(alice)
    assert 'data-privacy-status="out"' in client.get(PRIVACY).text
    assert client.post(change("join")).status_code == 302
    participant = Participant.objects.get(student=alice)
    assert not participant.show_name
    page = client.get(PRIVACY).text
    assert 'data-privacy-status="in"' in page and 'data-privacy-name="alias"' in page
    client.post(change("show-name"))
    assert Participant.objects.get(student=alice).show_name
    client.post(change("use-alias"))
    assert not Participant.objects.get(student=alice).show_name
    client.post(change("skip"), {"metric": "consistency"})
    assert list(SkippedMetric.objects.values_list("metric", flat=True)) == ["consistency"]
    assert 'data-privacy-metric="consistency" data-included="no"' in client.get(PRIVACY).text
    client.post(change("include"), {"metric": "consistency"})
    assert not SkippedMetric.objects.exists()
    back = client.post(change("leave"), {"next": "leaderboards"})
    assert back.status_code == 302 and back.url == INDEX
    assert not Participant.objects.exists()


def test_bad_privacy_requests_change_nothing(client, board):
    client.force_login(board.world.alice)
    assert client.get(change("join")).status_code == 405
    refused = client.post(change("show-name"))
    assert refused.status_code == 400 and "Join the leaderboards first" in refused.text
    client.post(change("join"))
    for action, data in (("skip", {"metric": "popularity"}), ("explode", {})):
        response = client.post(change(action), data)
        assert response.status_code == 400 and "data-privacy-error" in response.text
    assert not SkippedMetric.objects.exists()
    assert Participant.objects.count() == 1


def _queries(client, user, params) -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(INDEX, params).status_code == 200
    return len(ctx.captured_queries)


# session, user, scopes, the viewer's participation, the participants, then the metric's rows
# (the mastery metrics read the scope's skills first).
QUERIES = {
    "improvement": 7,
    "mastery_growth": 7,
    "consistency": 6,
    "peer_help": 6,
    "reflection_quality": 6,
}


@pytest.mark.parametrize("metric", list(QUERIES))
def test_a_board_costs_the_same_queries_whatever_the_class_size(client, board, metric):
    w = board.world
    join(*board.class_a)
    params = {"metric": metric}
    assert _queries(client, w.alice, params) == QUERIES[metric]
    for i in range(30):
        student = make_user(f"extra{i}")
        Enrollment.objects.create(student=student, school_class=w.class_a)
        join(student)
    assert _queries(client, w.alice, params) == QUERIES[metric]
    # A teacher: no participation of their own to read, but the unread-reflections badge.
    assert _queries(client, w.teacher_a, params) == QUERIES[metric]
