import pytest
from django.urls import reverse

from peerhelp.models import HelperAvailability, HelpRequest

from .helpers import ask, classmate, completed, session, willing

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"peerhelp:{name}", args=args)


def test_anonymous_visitors_are_sent_to_log_in(client, world):
    request = session(world)
    for target in (url("home"), url("ask"), url("chat", request.pk), url("wrap_up", request.pk)):
        response = client.get(target)
        assert response.status_code == 302 and "/accounts/login/" in response.url
    response = client.post(url("accept", request.pk))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_the_chat_page_only_for_the_two_and_teachers_of_the_class(client, world):
    request = session(world)
    dina = willing(classmate(world), world.skills[0])
    for outsider in (dina, world.chloe, world.teacher_b):
        client.force_login(outsider)
        assert client.get(url("chat", request.pk)).status_code == 404
        assert client.get(url("wrap_up", request.pk)).status_code == 404
    for insider, can_write in ((world.alice, True), (world.bilal, True), (world.teacher_a, False)):
        client.force_login(insider)
        page = client.get(url("chat", request.pk))
        assert page.status_code == 200
        assert "Your teachers can read this chat" in page.text or not can_write
        assert ("data-chat-form" in page.text) is can_write
        assert f'data-chat-url="/ws/peer-help/{request.pk}/"' in page.text


def test_the_teacher_reads_without_writing_and_is_told_so(client, world):
    request = session(world)
    client.force_login(world.teacher_a)
    page = client.get(url("chat", request.pk))
    assert "You are reading this chat as a teacher" in page.text
    assert 'data-role="observer"' in page.text


def test_ask_for_help_with_suggestions_and_a_chosen_helper(client, world):
    willing(world.bilal, world.skills[0])
    client.force_login(world.alice)
    page = client.get(url("ask") + f"?skill={world.skills[0].pk}")
    assert page.status_code == 200
    assert f'data-helper="{world.bilal.pk}"' in page.text
    assert "Your teachers can read peer-help chats" in page.text
    fragment = client.get(url("suggestions") + f"?skill={world.skills[0].pk}")
    assert f'data-helper="{world.bilal.pk}"' in fragment.text and "<html" not in fragment.text
    response = client.post(
        url("ask"),
        {
            "skill": world.skills[0].pk,
            "topic": "Carrying",
            "question": "<script>alert(1)</script>",
            "helper": world.bilal.pk,
        },
    )
    created = HelpRequest.objects.get()
    assert response.status_code == 302 and response.url == url("chat", created.pk)
    assert created.asked_helper == world.bilal
    page = client.get(url("chat", created.pk))
    assert "<script>alert(1)</script>" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text


def test_bad_asks_are_explained_and_change_nothing(client, world):
    willing(world.chloe, world.skills[0])
    client.force_login(world.alice)
    base = {"skill": world.skills[0].pk, "topic": "t", "question": "q"}
    for bad in (
        {"topic": ""},
        {"skill": world.physics_exercise.skill_id},
        {"helper": world.chloe.pk},  # another class: never suggested
        {"question": "x" * 1001},
    ):
        response = client.post(url("ask"), {**base, **bad})
        assert response.status_code == 400, bad
    assert not HelpRequest.objects.exists()
    assert (
        client.get(url("suggestions") + f"?skill={world.physics_exercise.skill_id}").status_code
        == 404
    )
    client.force_login(world.teacher_a)
    assert client.get(url("ask")).status_code == 403


def test_opt_in_with_one_click_then_see_and_accept_a_request(client, world):
    client.force_login(world.bilal)
    page = client.get(url("home"))
    assert 'data-available="no"' in page.text
    client.post(url("availability"), {"available": "1"})
    assert HelperAvailability.objects.get(student=world.bilal).is_available
    from .helpers import master

    master(world.bilal, world.skills[0])
    request = ask(world, question="How do I carry?")
    page = client.get(url("home"))
    assert f'data-accept="{request.pk}"' in page.text and "How do I carry?" in page.text
    response = client.post(url("accept", request.pk))
    assert response.status_code == 302 and response.url == url("chat", request.pk)
    request.refresh_from_db()
    assert request.helper == world.bilal


def test_a_request_already_taken_is_explained_kindly(client, world):
    request = session(world)
    dina = willing(classmate(world), world.skills[0])
    client.force_login(dina)
    response = client.post(url("accept", request.pk), follow=True)
    assert "Another classmate is already helping" in response.text
    client.force_login(world.chloe)
    assert client.post(url("accept", request.pk)).status_code == 403


def test_outsiders_cannot_cancel_finish_or_acknowledge(client, world):
    request = session(world)
    client.force_login(world.chloe)
    assert client.post(url("done", request.pk)).status_code == 403
    assert client.post(url("cancel", request.pk)).status_code == 403
    client.force_login(world.teacher_b)
    assert client.post(url("acknowledge", request.pk)).status_code == 403
    request.refresh_from_db()
    assert request.status == "accepted"


def test_done_then_wrap_up_for_each_side(client, world):
    request = session(world)
    client.force_login(world.alice)
    assert client.get(url("wrap_up", request.pk)).status_code == 302  # not done yet
    response = client.post(url("done", request.pk))
    assert response.url == url("wrap_up", request.pk)
    page = client.get(url("wrap_up", request.pk))
    assert 'name="rating"' in page.text and 'name="thank_you"' in page.text
    response = client.post(
        url("wrap_up", request.pk),
        {"rating": "5", "thank_you": "Thanks a lot!", "learned": "Tens regroup."},
    )
    assert response.status_code == 302
    assert client.post(url("wrap_up", request.pk), {"rating": "9"}).status_code == 400
    client.force_login(world.bilal)
    page = client.get(url("wrap_up", request.pk))
    assert 'name="rating"' not in page.text
    client.post(url("wrap_up", request.pk), {"learned": "Explaining helps me.", "rating": "1"})
    request.refresh_from_db()
    assert (request.rating, request.thank_you, request.helper_learned) == (
        5,
        "Thanks a lot!",
        "Explaining helps me.",
    )
    home = client.get(url("home"))
    assert "Thanks a lot!" in home.text and 'data-level="emerging_helper"' in home.text


def test_the_teacher_lists_their_classes_and_acknowledges(client, world):
    request = completed(world, rating=4)
    client.force_login(world.teacher_a)
    page = client.get(url("home"))
    assert f'data-acknowledge="{request.pk}"' in page.text and "4 of 5" in page.text
    client.post(url("acknowledge", request.pk))
    request.refresh_from_db()
    assert request.acknowledged_by == world.teacher_a
    assert "data-acknowledged" in client.get(url("home")).text
    client.force_login(world.teacher_b)
    assert f'data-help-request="{request.pk}"' not in client.get(url("home")).text


def test_a_session_whose_helper_left_the_school_still_reads_kindly(client, world):
    request = completed(world, rating=5)
    session(world)  # and another one still going on with the same helper
    request.helper.delete()  # the account is gone; the sessions stay in Alice's history
    client.force_login(world.alice)
    html = client.get(url("home")).text
    # Names are bidi isolates (U+2068 … U+2069) in the sentences that carry them.
    assert "\u2068A classmate\u2069 helped you" in html
    assert "Chat with \u2068a classmate\u2069" in html
    assert "None" not in html
