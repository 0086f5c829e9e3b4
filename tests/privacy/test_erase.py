"""Erasure: a marker written everywhere a student can write is gone afterwards, from every
text and JSON column of every table and from what anyone else can still load (pages, room
replays, snapshots), while classmates' shared records and class counts stay whole."""

import json

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.contrib.admin.models import LogEntry
from django.contrib.sessions.models import Session
from django.db import connection
from django.urls import reverse

from accounts.models import ParentLink, User
from challenges.models import Challenge
from challenges.selectors import challenge_state
from collaboration.models import GroupMessage, GroupSession, StudyGroup
from collaboration.selectors import session_state
from hostapi.models import HandoffRedemption
from live.selectors import room_events_since
from mastery.models import Attempt
from peerhelp.models import HelpMessage, HelpRequest
from peerhelp.selectors import chat_state, help_sessions_count
from privacy.erase import student_erase
from privacy.errors import NotAStudent
from privacy.models import ErasureRecord
from tests.factories import make_user
from tests.privacy.scenario import MARKER, everything

pytestmark = pytest.mark.django_db

TEXT_TYPES = ("character varying", "text", "jsonb", "json", "character")


def marker_hits(marker: str = MARKER) -> set[tuple[str, str]]:
    """Every (table, column) of the database whose text holds the marker."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND data_type = ANY(%s)",
            [list(TEXT_TYPES)],
        )
        columns = cursor.fetchall()
        hits = set()
        for table, column in columns:
            cursor.execute(
                f'SELECT 1 FROM "{table}" WHERE "{column}"::text LIKE %s LIMIT 1',  # noqa: S608
                [f"%{marker}%"],
            )
            if cursor.fetchone():
                hits.add((table, column))
    return hits


def pages(world, scenario) -> dict[User, list[str]]:
    group, asked, helped = scenario.group, scenario.asked, scenario.helped
    session = GroupSession.objects.filter(group=group).order_by("started_at").first()
    shared = [
        reverse("groups:list"),
        reverse("groups:detail", args=[group.pk]),
        reverse("groups:session", args=[session.pk]),
        reverse("challenges:list"),
        reverse("home"),
    ]
    return {
        scenario.classmate: [
            *shared,
            reverse("peerhelp:home"),
            reverse("peerhelp:chat", args=[asked.pk]),
            reverse("challenges:play", args=[scenario.challenge_id]),
            reverse("leaderboards:index"),
        ],
        scenario.other: [reverse("peerhelp:chat", args=[helped.pk]), reverse("groups:list")],
        world.teacher_a: [
            *shared,
            reverse("peerhelp:home"),
            reverse("peerhelp:chat", args=[asked.pk]),
            reverse("peerhelp:chat", args=[helped.pk]),
            reverse("reflections:inbox"),
            reverse("personal_challenges:shared"),
            reverse("class_detail", args=[world.class_a.pk]),
            reverse("live_now"),
            reverse("challenges:play", args=[scenario.challenge_id]),
        ],
        scenario.parent: [reverse("family:home")],
    }


def seen_by_others(client, world, scenario) -> list[str]:
    """Where anyone else still meets the marker: pages, room replays, fresh snapshots."""
    found = []
    for user, urls in pages(world, scenario).items():
        client.force_login(user)
        for url in urls:
            response = client.get(url, follow=True)
            assert response.status_code in (200, 404), (user, url, response.status_code)
            if MARKER in response.text:
                found.append(f"{user.username} {url}")
    for room in scenario.rooms():
        if MARKER in json.dumps(room_events_since(room=room, since=0), ensure_ascii=False):
            found.append(f"replay {room}")
    snapshots = {
        "chat asked": lambda: chat_state(request_id=scenario.asked.pk),
        "chat helped": lambda: chat_state(request_id=scenario.helped.pk),
        "group": lambda: session_state(group_id=scenario.group.pk),
        "challenge": lambda: challenge_state(challenge_id=scenario.challenge_id),
    }
    for name, snapshot in snapshots.items():
        if MARKER in json.dumps(snapshot(), ensure_ascii=False, default=str):
            found.append(f"snapshot {name}")
    return found


def test_the_marker_is_gone_everywhere(client, world):
    scenario = everything(world)
    before = {table for table, _column in marker_hits()}
    expected = {
        "accounts_user",
        "mastery_attempt",
        "reflections_reflection",
        "peerhelp_helprequest",
        "peerhelp_helpmessage",
        "collaboration_studygroup",
        "collaboration_groupsession",
        "collaboration_groupmessage",
        "collaboration_groupinsight",
        "collaboration_groupproposal",
        "collaboration_groupreflection",
        "challenges_challenge",
        "personal_challenges_personalchallenge",
        "live_roomevent",
        "django_admin_log",
    }
    assert expected <= before, expected - before  # the marker was really planted
    seen = seen_by_others(client, world, scenario)
    assert any("peerhelp" in s for s in seen) and any("replay" in s for s in seen)

    root = make_user("root", User.Role.ADMIN, is_staff=True, is_superuser=True)
    record = student_erase(student=scenario.student, by=root)

    assert marker_hits() == set()
    assert seen_by_others(client, world, scenario) == []
    assert not User.objects.filter(username="alice").exists()
    stored = json.dumps(record.counts)
    assert "alice" not in stored and MARKER not in stored
    assert record.erased_by == root and record.stand_in.is_erased


def test_classmates_shared_records_and_class_counts_stay_whole(world):
    scenario = everything(world)
    alice = scenario.student
    attempts = Attempt.objects.filter(student=alice).count()
    helped_in_class = help_sessions_count(school_class=world.class_a)
    bilal_lines = HelpMessage.objects.filter(author=world.bilal).count()
    record = student_erase(student=alice, by=None)
    stand_in = record.stand_in
    assert (
        stand_in.is_active,
        stand_in.email,
        stand_in.first_name,
        stand_in.has_usable_password(),
    ) == (
        False,
        "",
        "",
        False,
    )
    assert str(stand_in) == "Former student"
    # The learning record stays, without identity; the class still counts its help sessions.
    assert Attempt.objects.filter(student=stand_in).count() == attempts
    assert help_sessions_count(school_class=world.class_a) == helped_in_class
    asked = HelpRequest.objects.get(pk=scenario.asked.pk)
    assert asked.requester == stand_in and asked.helper == world.bilal and asked.topic == "—"
    assert HelpMessage.objects.filter(author=world.bilal).count() == bilal_lines
    assert HelpMessage.objects.filter(author=stand_in).count() == 0
    # Bilal keeps his match and his group (renamed), and his own chat line in it.
    challenge = Challenge.objects.get(pk=scenario.challenge_id)
    assert (challenge.challenger, challenge.opponent, challenge.message) == (
        stand_in,
        world.bilal,
        "",
    )
    group = StudyGroup.objects.get(pk=scenario.group.pk)
    assert (group.created_by, group.name, group.description) == (stand_in, "—", "")
    assert GroupMessage.objects.filter(author=world.bilal, text="Nice idea!").exists()
    assert not ParentLink.objects.filter(parent=scenario.parent).exists()
    assert ErasureRecord.objects.count() == 1
    # Sign-ins, the login throttle's records, the admin's history about her: gone.
    assert not HandoffRedemption.objects.exists()
    assert not AccessAttempt.objects.filter(username="alice").exists()
    assert not AccessFailureLog.objects.filter(username="alice").exists()
    assert not LogEntry.objects.filter(object_id=str(alice.pk)).exists()
    assert not any(
        s.get_decoded().get("_auth_user_id") == str(alice.pk) for s in Session.objects.all()
    )


def test_only_a_student_is_erased(world):
    with pytest.raises(NotAStudent):
        student_erase(student=world.teacher_a, by=None)
    parent = make_user("someone", User.Role.PARENT)
    with pytest.raises(NotAStudent):
        student_erase(student=parent, by=None)
    assert User.objects.filter(pk__in=[world.teacher_a.pk, parent.pk]).count() == 2


def test_the_admin_erases_after_a_confirmation(client, world):
    client.force_login(make_user("root", User.Role.ADMIN, is_staff=True, is_superuser=True))
    url = reverse("admin:accounts_user_changelist")
    chosen = {"action": "erase_students", "_selected_action": [world.alice.pk, world.teacher_a.pk]}
    page = client.post(url, chosen)
    assert page.status_code == 200 and "cannot be undone" in page.text
    assert "not a student" in page.text
    assert User.objects.filter(pk=world.alice.pk).exists()  # nothing happened yet
    done = client.post(url, {**chosen, "confirmed": "yes", "understood": "on"}, follow=True)
    assert done.status_code == 200 and "1 student erased." in done.text
    assert not User.objects.filter(pk=world.alice.pk).exists()
    assert User.objects.filter(pk=world.teacher_a.pk).exists()
    # Students are never deleted outright (classmates' records would go with them).
    changelist = client.get(url).text
    assert "delete_selected" not in changelist and "erased-" not in changelist
    change = client.get(reverse("admin:accounts_user_change", args=[world.bilal.pk])).text
    assert reverse("admin:accounts_user_delete", args=[world.bilal.pk]) not in change
