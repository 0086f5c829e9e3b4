"""Nobody appears without opting in, and nothing on a board tells who an alias is."""

import json

import pytest
from django.urls import reverse
from django.utils import timezone

from leaderboards import selectors, services
from live.models import RoomEvent

from .conftest import days_ago, join, snapshot

pytestmark = pytest.mark.django_db

INDEX = reverse("leaderboards:index")


def identities(user) -> list[str]:
    """Everything that names a student or points at their row."""
    return [str(user.pk), user.username, user.display_name or user.username, user.email]


def grow(board, now):
    """Everyone in class A practises; gus most of all (5 days), then farah, emre..."""
    add = board.world.skills[0]
    for rank, student in enumerate(board.class_a):
        for d in range(rank):
            snapshot(student, add, days_ago(now, d), 50)


def render(client, viewer, **params) -> str:
    client.force_login(viewer)
    response = client.get(INDEX, {"metric": "consistency", **params})
    assert response.status_code == 200
    partial = client.get(INDEX, {"metric": "consistency", **params}, headers={"HX-Request": "1"})
    return response.text + partial.text


def test_a_student_who_did_not_opt_in_never_appears(client, board):
    now = timezone.now()
    grow(board, now)
    alice, bilal, dina, emre, farah, gus = board.class_a
    join(alice, bilal, dina, emre, farah)  # gus, the most regular, did not join
    result = selectors.board(
        viewer=alice,
        scope=selectors.board_scopes(user=alice)[0],
        metric="consistency",
        period="weekly",
        now=now,
    )
    assert result.participants == 5
    assert [e.score for e in result.entries] == [4, 3, 2, 1]  # no 5: gus is not there
    for viewer in (alice, gus, board.world.teacher_a):
        html = render(client, viewer)
        for leak in identities(gus)[1:]:
            if viewer != gus:
                assert leak not in html


def test_the_page_names_nobody_who_chose_an_alias(client, board):
    now = timezone.now()
    grow(board, now)
    alice, bilal, dina, emre, farah, gus = board.class_a
    join(alice, bilal, dina, emre, gus)
    join(farah, show_name=True)  # she chose her name
    for viewer in (alice, bilal, board.world.teacher_a, board.teacher_c):
        html = render(client, viewer)
        assert "data-board-entries" in html
        assert "Farah Wildenstein" in html  # shown by choice
        for other in (dina, emre, gus):  # ids 910001.. and names that appear nowhere else
            for leak in identities(other):
                assert leak not in html, f"{leak} visible to {viewer}"
        for other in (alice, bilal):
            if other != viewer:
                assert other.email not in html
                assert f'"{other.pk}"' not in html and f"/{other.pk}/" not in html
        # Nothing user-shaped is attached to a row: only the rank.
        assert "data-student" not in html and "data-user" not in html
    # Aliases of the top places are shown as aliases.
    assert "Student " in render(client, alice)


def test_every_socket_payload_about_leaderboards_is_the_students_own(board):
    alice, bilal, *_ = board.class_a
    join(*board.class_a)
    services.participant_show_name(student=bilal, show_name=True)
    services.participant_set_metric(student=alice, metric="consistency", included=False)
    services.participant_leave(student=alice)
    events = RoomEvent.objects.filter(type="leaderboard.privacy")
    assert events.count() == len(board.class_a) + 3
    for event in events:
        owner = int(event.room.removeprefix("user."))
        text = json.dumps(event.payload)
        assert set(event.payload) == {"participating", "show_name", "metrics"}
        for student in board.class_a:
            if student.pk != owner:
                for leak in identities(student):
                    assert leak not in text


def test_a_board_with_four_participants_is_not_shown(client, board):
    now = timezone.now()
    grow(board, now)
    alice, bilal, dina, emre, farah, gus = board.class_a
    join(alice, bilal, dina, emre)
    join(gus, show_name=True)
    services.participant_set_metric(student=gus, metric="consistency", included=False)
    html = render(client, alice)
    assert "data-board-closed" in html and "data-board-entries" not in html
    assert "Student " not in html and "Gus Xanthopoulos" not in html
    assert "data-percentile" not in html
    # The other metrics still count gus: five participants there.
    other = render(client, alice, metric="improvement")
    assert "data-board-closed" not in other and "5 participants" in other


def test_leaving_removes_a_student_from_every_board_at_once(client, board):
    now = timezone.now()
    grow(board, now)
    alice, bilal, dina, emre, farah, gus = board.class_a
    join(alice, bilal, dina, emre, farah)
    join(gus, show_name=True)
    assert "Gus Xanthopoulos" in render(client, alice)
    client.force_login(gus)
    client.post(reverse("leaderboards:privacy_change", args=["leave"]))
    html = render(client, alice)
    assert "Gus Xanthopoulos" not in html
    assert "data-participants" in html and "5 participants" in html
    for metric in ("improvement", "mastery_growth", "reflection_quality"):
        assert "Gus Xanthopoulos" not in render(client, alice, metric=metric)


def test_aliases_are_stable_per_board_and_the_viewer_alone_is_told_theirs(client, board):
    now = timezone.now()
    grow(board, now)
    join(*board.class_a)
    gus = board.class_a[-1]
    scope = selectors.board_scopes(user=gus)[0]

    def mine(period, when=now, metric="consistency"):
        result = selectors.board(viewer=gus, scope=scope, metric=metric, period=period, now=when)
        return result.viewer_alias, [e.alias for e in result.entries if e.is_viewer]

    alias, shown = mine("weekly")
    assert shown == [alias]
    # A week later the same board keeps the same alias; another board gives another one.
    assert mine("weekly", now + timezone.timedelta(days=7))[0] == alias
    others = {mine("monthly")[0], mine("weekly", metric="improvement")[0]}
    assert others != {alias}  # the same number on all three boards: a one-in-a-million
    html = render(client, gus)
    assert f"“Student {alias}”" in html and "data-you" in html
    # Others see the alias, never the name next to it.
    html = render(client, board.class_a[0])
    assert f"Student {alias}" in html and "Gus Xanthopoulos" not in html
