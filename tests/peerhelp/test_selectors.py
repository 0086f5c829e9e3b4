from datetime import timedelta

import pytest
from django.utils import timezone

from live.presence import presence_join
from live.rooms import user_room
from peerhelp import selectors, services
from peerhelp.models import HelpRequest

from .helpers import ask, classmate, completed, master, session, willing

pytestmark = pytest.mark.django_db


def test_help_given_counts_only_completed_sessions_in_the_window(world):
    dina = willing(classmate(world), world.skills[0])
    first = completed(world, helper=world.bilal)
    completed(world, helper=dina)
    session(world, helper=dina)  # still going: not counted
    HelpRequest.objects.filter(pk=first.pk).update(completed_at=timezone.now() - timedelta(days=10))
    everyone = [world.alice.pk, world.bilal.pk, dina.pk]
    assert selectors.help_given_counts(student_ids=everyone) == {
        world.alice.pk: 0,
        world.bilal.pk: 1,
        dina.pk: 1,
    }
    week = timezone.now() - timedelta(days=7)
    assert selectors.help_given_counts(student_ids=everyone, since=week) == {
        world.alice.pk: 0,
        world.bilal.pk: 0,
        dina.pk: 1,
    }
    assert selectors.help_given_counts(student_ids=[world.bilal.pk], until=week) == {
        world.bilal.pk: 1
    }


def test_help_sessions_count_per_class_and_window(world):
    first = completed(world)
    completed(world)
    HelpRequest.objects.filter(pk=first.pk).update(completed_at=timezone.now() - timedelta(days=10))
    week = timezone.now() - timedelta(days=7)
    assert selectors.help_sessions_count(school_class=world.class_a) == 2
    assert selectors.help_sessions_count(school_class=world.class_a, since=week) == 1
    assert selectors.help_sessions_count(school_class=world.class_a, until=week) == 1
    assert selectors.help_sessions_count(school_class=world.class_b) == 0


def test_suggestions_online_first_then_recognition(world, django_assert_num_queries):
    dina = willing(classmate(world, "dina"), world.skills[0])
    eve = willing(classmate(world, "eve"), world.skills[0])
    willing(world.bilal, world.skills[0])
    willing(classmate(world, "farid"), world.skills[1])  # another skill
    fay = willing(classmate(world, "fay"))
    master(fay, world.skills[0], p_known=0.85)  # not mastered yet
    for _ in range(3):
        completed(world, rating=5, helper=eve)
    completed(world, rating=4, helper=dina)
    now = timezone.now()
    # bilal has a page open right now; dina's page dropped a while ago.
    presence_join(
        room=user_room(world.bilal.pk), user=world.bilal, channel_name="t!b", announce=False
    )
    presence_join(
        room=user_room(dina.pk),
        user=dina,
        channel_name="t!d",
        announce=False,
        now=now - timedelta(minutes=5),
    )
    # Who is online is the presence store's answer (Redis), not a query.
    with django_assert_num_queries(5):
        found = selectors.suggested_helpers(requester=world.alice, skill=world.skills[0])
    assert [(s.student.username, s.online, s.level) for s in found] == [
        ("bilal", True, None),
        ("eve", False, "helpful_peer"),
        ("dina", False, "emerging_helper"),
    ]
    assert found[1].level_label == "Helpful peer"
    assert selectors.suggested_helpers(requester=world.chloe, skill=world.skills[0]) == []


def test_requests_a_student_can_help_with(world):
    dina = willing(classmate(world), world.skills[0])
    open_to_all = ask(world)
    asked_bilal = ask(world)
    willing(world.bilal, world.skills[0])
    asked_bilal.asked_helper = world.bilal
    asked_bilal.save()
    other_skill = ask(world, skill=world.skills[1])
    assert selectors.requests_to_help(student=dina) == [open_to_all]
    assert selectors.requests_to_help(student=world.bilal) == [open_to_all, asked_bilal]
    assert selectors.requests_to_help(student=world.alice) == []
    assert selectors.requests_to_help(student=world.chloe) == []
    services.helper_availability_set(student=dina, available=False)
    assert selectors.requests_to_help(student=dina) == []
    assert other_skill.status == "open"


def test_roles_participants_and_teachers_of_the_class_only(world):
    request = session(world)
    dina = willing(classmate(world), world.skills[0])
    assert selectors.request_role(user=world.alice, request=request) == "requester"
    assert selectors.request_role(user=world.bilal, request=request) == "helper"
    assert selectors.request_role(user=world.teacher_a, request=request) == "observer"
    for outsider in (dina, world.chloe, world.teacher_b):
        assert selectors.request_role(user=outsider, request=request) is None
    world.bilal.is_active = False
    assert selectors.request_role(user=world.bilal, request=request) is None


def test_recognition_of_a_helper(world):
    for rating, thanks in ((5, "Thank you!"), (5, ""), (5, "So clear")):
        completed(world, rating=rating, thank_you=thanks)
    found = selectors.recognition(student=world.bilal)
    assert found.level == "helpful_peer"
    assert found.badges == ["clear_explainer"]
    assert [r.thank_you for r in found.thanks] == ["So clear", "Thank you!"]
    assert found.next_step.level == "trusted_tutor" and found.next_step.sessions_needed == 5
    nobody = selectors.recognition(student=world.chloe)
    assert nobody.level is None and nobody.badges == []


def test_teacher_sees_their_classes_sessions_live_ones_first(world):
    done = completed(world)
    live = session(world)
    waiting = ask(world)
    assert [r.pk for r in selectors.teacher_sessions(teacher=world.teacher_a)] == [
        live.pk,
        waiting.pk,
        done.pk,
    ]
    assert selectors.teacher_sessions(teacher=world.teacher_b) == []


def test_chat_state_has_the_request_and_the_chat_in_order(world):
    request = session(world)
    services.help_message_send(request_id=request.pk, author=world.alice, text="one")
    services.help_message_send(request_id=request.pk, author=world.bilal, text="two")
    state = selectors.chat_state(request_id=request.pk)
    assert state["status"] == "accepted" and state["helper"]["name"] == "bilal"
    assert state["skill"]["name"]["en"] == "Addition"
    assert [(m["author"]["name"], m["text"]) for m in state["messages"]] == [
        ("alice", "one"),
        ("bilal", "two"),
    ]
