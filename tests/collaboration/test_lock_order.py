"""One lock order for every study-group write (docs/protocol.md, "Lock order"): the group's
row, then the rows under it (its open session, an invitation), then the room's cursor. Read
from the SQL each path sends, so a path that changes its order fails here first."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from collaboration import services, sessions
from collaboration.room import study_group_room
from live import presence
from tests.factories import make_user

from .helpers import arrive, make_group

pytestmark = pytest.mark.django_db

CURSOR = "live_roomcursor"


def locks(queries) -> list[str]:
    """The tables each statement locks, in order: FOR UPDATE rows and the cursor's upsert."""
    order = []
    for query in queries:
        sql = query["sql"]
        if "FOR UPDATE" in sql:
            order.append(re.search(r'FROM "?(\w+)"?', sql).group(1))
        elif f"INSERT INTO {CURSOR}" in sql or f'UPDATE "{CURSOR}"' in sql:
            order.append(CURSOR)
    return [t for i, t in enumerate(order) if i == 0 or order[i - 1] != t]


def test_chat_and_presence_lock_the_group_then_the_session_then_the_cursor(world):
    g = make_group(world)
    arrive(g.group, world.alice)
    with CaptureQueriesContext(connection) as chat:
        sessions.session_chat(group_id=g.group.pk, author=world.alice, text="hello")
    with CaptureQueriesContext(connection) as joining:
        arrive(g.group, world.bilal)
    with CaptureQueriesContext(connection) as leaving:
        presence.presence_leave(
            room=study_group_room(g.group.pk), user=world.alice, channel_name="sock-alice"
        )
        presence.presence_leave(
            room=study_group_room(g.group.pk), user=world.bilal, channel_name="sock-bilal"
        )
        presence.presence_sweep(now=timezone.now() + timedelta(seconds=60))
    shared = ["collaboration_studygroup", "collaboration_groupsession", CURSOR]
    assert locks(chat.captured_queries) == shared
    # Presence first takes its own row (no other path locks it), then the same order.
    assert locks(joining.captured_queries) == ["live_presenceroom", *shared]
    assert locks(leaving.captured_queries)[-4:] == ["live_presenceroom", *shared]


def test_joining_and_accepting_an_invitation_lock_the_group_first(world):
    g = make_group(world, is_open=False)
    emma, finn = make_user("emma"), make_user("finn")
    for student in (emma, finn):
        student.enrollments.create(school_class=world.class_a)
    invitations = [
        services.group_invite(group_id=g.group.pk, inviter=world.alice, invitee=s)
        for s in (emma, finn)
    ]
    with CaptureQueriesContext(connection) as joining:
        services.group_join(group_id=g.group.pk, student=emma)
    with CaptureQueriesContext(connection) as accepting:
        services.invitation_respond(invitation_id=invitations[1].pk, student=finn, accept=True)
    order = ["collaboration_studygroup", "collaboration_groupinvitation", CURSOR]
    assert locks(joining.captured_queries) == order
    assert locks(accepting.captured_queries) == order
