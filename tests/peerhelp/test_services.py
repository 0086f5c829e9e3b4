import threading

import pytest
from django.db import connection, transaction
from django.db.utils import IntegrityError
from django.dispatch import receiver

from live.models import RoomEvent
from live.rooms import user_room
from peerhelp import services
from peerhelp.errors import AlreadyTaken, InvalidRequest, NotAllowed, NotAvailable
from peerhelp.models import HelperAvailability, HelpMessage, HelpRequest
from peerhelp.room import peer_help_room
from project import signals
from tests.factories import build_world

from .helpers import ask, classmate, completed, master, session, willing

pytestmark = pytest.mark.django_db


def user_events(user) -> list[tuple[str, dict]]:
    return list(
        RoomEvent.objects.filter(room=user_room(user.pk))
        .order_by("seq")
        .values_list("type", "payload")
    )


def room_types(request) -> list[str]:
    return list(
        RoomEvent.objects.filter(room=peer_help_room(request.pk))
        .order_by("seq")
        .values_list("type", flat=True)
    )


def test_opting_in_is_one_switch(world):
    services.helper_availability_set(student=world.bilal, available=True)
    services.helper_availability_set(student=world.bilal, available=False)
    assert HelperAvailability.objects.get(student=world.bilal).is_available is False
    with pytest.raises(NotAllowed):
        services.helper_availability_set(student=world.teacher_a, available=True)


def test_a_request_reaches_every_willing_classmate_who_mastered_the_skill(world):
    dina = willing(classmate(world), world.skills[0])
    willing(world.bilal, world.skills[0])
    willing(world.chloe, world.skills[0])  # another class
    eve = classmate(world, "eve")
    master(eve, world.skills[0])  # mastered, but did not offer to help
    request = ask(world, topic="  Carrying  ")
    assert request.school_class == world.class_a and request.topic == "Carrying"
    assert request.status == HelpRequest.Status.OPEN and request.asked_helper is None
    for helper in (world.bilal, dina):
        [(kind, payload)] = user_events(helper)
        assert kind == "peerhelp.requested"
        assert payload["request"]["question"] == "Why do we carry the 1 in 17 + 5?"
        assert payload["asked_you"] is False
    assert user_events(world.chloe) == user_events(eve) == user_events(world.alice) == []


def test_asking_one_classmate_reaches_only_them(world):
    dina = willing(classmate(world), world.skills[0])
    willing(world.bilal, world.skills[0])
    request = ask(world, helper=dina)
    assert request.asked_helper == dina
    assert [k for k, _ in user_events(dina)] == ["peerhelp.requested"]
    assert user_events(world.bilal) == []
    with pytest.raises(NotAllowed):
        services.help_request_accept(request_id=request.pk, helper=world.bilal)
    services.help_request_accept(request_id=request.pk, helper=dina)


def test_bad_requests_change_nothing(world):
    willing(world.bilal, world.skills[0])
    willing(world.chloe, world.skills[0])
    with pytest.raises(InvalidRequest):
        ask(world, topic="   ")
    with pytest.raises(InvalidRequest):
        ask(world, question="")
    with pytest.raises(InvalidRequest):
        ask(world, question="x" * 1001)
    with pytest.raises(InvalidRequest):  # physics is not taught to class A
        ask(world, skill=world.physics_exercise.skill)
    with pytest.raises(InvalidRequest):  # not a suggested helper (another class)
        ask(world, helper=world.chloe)
    with pytest.raises(InvalidRequest):  # not mastered
        ask(world, helper=world.bilal, skill=world.skills[1])
    with pytest.raises(NotAllowed):
        services.help_request_create(
            requester=world.teacher_a, skill=world.skills[0], topic="t", question="q"
        )
    assert not HelpRequest.objects.exists()
    assert not RoomEvent.objects.exists()


def test_open_requests_are_capped(world):
    for _ in range(3):
        ask(world)
    with pytest.raises(InvalidRequest):
        ask(world)
    services.help_request_cancel(request_id=HelpRequest.objects.first().pk, requester=world.alice)
    ask(world)


def test_accepting_opens_the_chat_and_tells_everyone_concerned(world):
    dina = willing(classmate(world), world.skills[0])
    request = session(world)
    assert request.status == HelpRequest.Status.ACCEPTED and request.helper == world.bilal
    assert request.accepted_at is not None
    assert room_types(request) == ["accepted"]
    assert [k for k, _ in user_events(world.alice)] == ["peerhelp.accepted"]
    assert [k for k, _ in user_events(dina)] == ["peerhelp.requested", "peerhelp.closed"]
    # Accepting again (a double click) changes nothing; someone else is told kindly.
    assert services.help_request_accept(request_id=request.pk, helper=world.bilal) == request
    with pytest.raises(AlreadyTaken):
        services.help_request_accept(request_id=request.pk, helper=dina)
    assert room_types(request) == ["accepted"]


def test_only_eligible_classmates_may_accept(world):
    request = ask(world)
    for outsider in (world.bilal, world.chloe, world.alice, world.teacher_a):
        with pytest.raises(NotAllowed):
            services.help_request_accept(request_id=request.pk, helper=outsider)
    master(world.bilal, world.skills[0])  # mastered but not opted in
    with pytest.raises(NotAllowed):
        services.help_request_accept(request_id=request.pk, helper=world.bilal)
    willing(world.bilal)
    services.help_request_accept(request_id=request.pk, helper=world.bilal)


def test_a_withdrawn_request_cannot_be_accepted(world):
    willing(world.bilal, world.skills[0])
    request = ask(world)
    with pytest.raises(NotAllowed):
        services.help_request_cancel(request_id=request.pk, requester=world.bilal)
    services.help_request_cancel(request_id=request.pk, requester=world.alice)
    with pytest.raises(NotAvailable):
        services.help_request_accept(request_id=request.pk, helper=world.bilal)
    assert room_types(request) == ["cancelled"]
    assert [k for k, _ in user_events(world.bilal)] == ["peerhelp.requested", "peerhelp.closed"]


@pytest.mark.django_db(transaction=True)
def test_two_helpers_accepting_at_once_exactly_one_wins():
    world = build_world()
    helpers = [willing(world.bilal, world.skills[0])]
    helpers += [willing(classmate(world, f"helper{i}"), world.skills[0]) for i in range(3)]
    request = ask(world)
    barrier = threading.Barrier(len(helpers))
    outcomes = {}

    def accept(helper):
        try:
            barrier.wait()
            services.help_request_accept(request_id=request.pk, helper=helper)
            outcomes[helper.username] = "won"
        except AlreadyTaken:
            outcomes[helper.username] = "taken"
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(h,)) for h in helpers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes.values()) == ["taken", "taken", "taken", "won"]
    winner = next(name for name, outcome in outcomes.items() if outcome == "won")
    request.refresh_from_db()
    assert request.helper.username == winner
    assert room_types(request) == ["accepted"]
    assert [k for k, _ in user_events(world.alice)] == ["peerhelp.accepted"]


def test_the_database_refuses_inconsistent_status_rows(world):
    request = ask(world)
    with pytest.raises(IntegrityError), transaction.atomic():
        HelpRequest.objects.filter(pk=request.pk).update(status=HelpRequest.Status.ACCEPTED)
    with pytest.raises(IntegrityError), transaction.atomic():
        HelpRequest.objects.filter(pk=request.pk).update(helper=world.bilal)


def test_deleting_a_helper_keeps_the_session_of_the_helped_student(world):
    request = completed(world, rating=5)
    world.bilal.delete()
    request.refresh_from_db()
    assert request.status == "completed" and request.helper is None
    assert list(request.messages.values_list("author__username", flat=True)) == ["alice"]


def test_chat_lines_are_stored_then_published_in_order(world):
    request = session(world)
    services.help_message_send(request_id=request.pk, author=world.alice, text=" Hi <b>! ")
    services.help_message_send(request_id=request.pk, author=world.bilal, text="Hello")
    assert list(HelpMessage.objects.values_list("author__username", "text")) == [
        ("alice", "Hi <b>!"),
        ("bilal", "Hello"),
    ]
    assert room_types(request) == ["accepted", "message", "message"]
    last = RoomEvent.objects.filter(room=peer_help_room(request.pk)).last()
    assert last.payload["message"]["author"]["name"] == "bilal"


def test_chat_refuses_outsiders_blank_long_and_closed(world):
    dina = willing(classmate(world), world.skills[0])
    request = session(world)
    for outsider in (dina, world.chloe, world.teacher_a):
        with pytest.raises(NotAllowed):
            services.help_message_send(request_id=request.pk, author=outsider, text="hello")
    with pytest.raises(InvalidRequest):
        services.help_message_send(request_id=request.pk, author=world.alice, text="   ")
    with pytest.raises(InvalidRequest):
        services.help_message_send(request_id=request.pk, author=world.alice, text="x" * 1001)
    services.help_session_complete(request_id=request.pk, user=world.bilal)
    with pytest.raises(NotAvailable):
        services.help_message_send(request_id=request.pk, author=world.alice, text="thanks")
    assert not HelpMessage.objects.exists()


def test_completing_sends_the_signal_once_inside_the_transaction(world):
    seen = []

    @receiver(signals.help_session_completed)
    def on_completed(sender, session, **kwargs):
        seen.append((session.pk, session.helper_id, session.requester_id, session.skill_id))

    try:
        request = session(world)
        with pytest.raises(NotAllowed):
            services.help_session_complete(request_id=request.pk, user=world.teacher_a)
        services.help_session_complete(request_id=request.pk, user=world.alice)
        services.help_session_complete(request_id=request.pk, user=world.bilal)  # already done
    finally:
        signals.help_session_completed.disconnect(on_completed)
    assert seen == [(request.pk, world.bilal.pk, world.alice.pk, world.skills[0].pk)]
    request.refresh_from_db()
    assert request.status == "completed" and request.completed_by == world.alice
    assert room_types(request) == ["accepted", "completed"]
    assert [k for k, _ in user_events(world.bilal)][-1] == "peerhelp.completed"


def test_wrap_up_rating_thanks_and_what_each_learned(world):
    request = completed(world)
    with pytest.raises(NotAllowed):  # the helper does not rate themselves
        services.help_session_wrap_up(request_id=request.pk, user=world.bilal, rating=5)
    with pytest.raises(InvalidRequest):
        services.help_session_wrap_up(request_id=request.pk, user=world.alice, rating=6)
    services.help_session_wrap_up(
        request_id=request.pk,
        user=world.alice,
        rating=5,
        thank_you="Clearer than the textbook!",
        learned="Carrying is regrouping tens.",
    )
    services.help_session_wrap_up(
        request_id=request.pk, user=world.bilal, learned="Explaining made it clearer to me."
    )
    # Saving again does not thank twice.
    services.help_session_wrap_up(request_id=request.pk, user=world.alice, rating=5)
    request.refresh_from_db()
    assert (request.rating, request.thank_you) == (5, "Clearer than the textbook!")
    assert request.requester_learned == ""  # the last save wrote no learning note
    assert request.helper_learned == "Explaining made it clearer to me."
    thanked = [p for k, p in user_events(world.bilal) if k == "peerhelp.thanked"]
    assert len(thanked) == 1 and thanked[0]["thank_you"] == "Clearer than the textbook!"


def test_wrap_up_waits_for_the_end_and_is_for_the_two_only(world):
    request = session(world)
    with pytest.raises(NotAvailable):
        services.help_session_wrap_up(request_id=request.pk, user=world.alice, rating=4)
    services.help_session_complete(request_id=request.pk, user=world.alice)
    with pytest.raises(NotAllowed):
        services.help_session_wrap_up(request_id=request.pk, user=world.chloe, learned="x")


def test_a_teacher_of_the_class_acknowledges_once_and_the_helper_hears_it(world):
    request = completed(world, rating=4)
    with pytest.raises(NotAllowed):
        services.help_session_acknowledge(request_id=request.pk, teacher=world.teacher_b)
    with pytest.raises(NotAllowed):
        services.help_session_acknowledge(request_id=request.pk, teacher=world.bilal)
    services.help_session_acknowledge(request_id=request.pk, teacher=world.teacher_a)
    services.help_session_acknowledge(request_id=request.pk, teacher=world.teacher_a)
    acknowledged = [p for k, p in user_events(world.bilal) if k == "peerhelp.acknowledged"]
    assert len(acknowledged) == 1 and acknowledged[0]["teacher"]["name"] == "teacher_a"
    request.refresh_from_db()
    assert request.acknowledged_by == world.teacher_a


def test_an_open_session_cannot_be_acknowledged(world):
    request = session(world)
    with pytest.raises(NotAvailable):
        services.help_session_acknowledge(request_id=request.pk, teacher=world.teacher_a)
