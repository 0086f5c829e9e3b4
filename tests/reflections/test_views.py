import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from live.models import RoomEvent
from reflections import rules
from reflections.models import Encouragement, Reflection, ReflectionInvitationDismissal

from .conftest import make_reflection, make_run

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
SCRIPT = '<script>alert("gotcha")</script>'
ESCAPED = "&lt;script&gt;alert(&quot;gotcha&quot;)&lt;/script&gt;"


def as_user(client, user):
    client.force_login(user)
    return client


# --- permissions ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [
        pytest.param("alice", 200, id="the-student"),
        pytest.param("teacher_a", 200, id="teacher-of-the-subject"),
        pytest.param("bilal", 404, id="classmate"),
        pytest.param("chloe", 404, id="student-of-another-class"),
        pytest.param("teacher_c", 404, id="teacher-of-another-subject"),
        pytest.param("teacher_b", 404, id="teacher-of-another-class"),
        pytest.param("admin", 404, id="school-administrator"),
    ],
)
def test_reflection_page_permissions(client, people, reflection, who, status):
    user = getattr(people, who, None) or getattr(people.world, who)
    response = as_user(client, user).get(reverse("reflections:detail", args=[reflection.pk]))
    assert response.status_code == status
    if status == 200:
        assert reflection.what_i_learned in response.text
    else:
        assert reflection.what_i_learned not in response.text


def test_anonymous_is_sent_to_log_in(client, world, reflection, run):
    for url in [
        reverse("reflections:portfolio"),
        reverse("reflections:detail", args=[reflection.pk]),
        reverse("reflections:inbox"),
        reverse("reflections:encourage"),
        reverse("reflections:new", args=[world.exercise.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
    for url in [
        reverse("reflections:feedback", args=[reflection.pk]),
        reverse("reflections:dismiss", args=[run.pk]),
        reverse("reflections:encourage_student", args=[world.alice.pk]),
    ]:
        assert client.post(url, {"feedback": "x", "preset": "effort"}).status_code == 302
    assert not RoomEvent.objects.exists()
    assert not ReflectionInvitationDismissal.objects.exists()


@pytest.mark.parametrize(
    ("who", "status"),
    [
        pytest.param("alice", 403, id="the-student"),
        pytest.param("bilal", 403, id="classmate"),
        pytest.param("teacher_c", 404, id="teacher-of-another-subject"),
        pytest.param("teacher_b", 404, id="teacher-of-another-class"),
    ],
)
def test_only_the_subject_teacher_may_give_feedback(client, people, reflection, who, status):
    user = getattr(people, who, None) or getattr(people.world, who)
    response = as_user(client, user).post(
        reverse("reflections:feedback", args=[reflection.pk]), {"feedback": "Well done"}
    )
    assert response.status_code == status
    reflection.refresh_from_db()
    assert reflection.feedback == ""
    assert not RoomEvent.objects.exists()


def test_teachers_pages_are_for_teachers(client, world, people):
    as_user(client, world.alice)
    assert client.get(reverse("reflections:inbox")).status_code == 403
    assert client.get(reverse("reflections:encourage")).status_code == 403
    assert (
        client.post(
            reverse("reflections:encourage_student", args=[world.bilal.pk]), {"preset": "effort"}
        ).status_code
        == 403
    )
    as_user(client, people.admin)
    assert client.get(reverse("reflections:portfolio")).status_code == 403
    assert not Encouragement.objects.exists()


def test_a_student_may_not_reflect_on_another_class_subject(client, world):
    as_user(client, world.alice)
    url = reverse("reflections:new", args=[world.physics_exercise.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"what_i_learned": "x"}).status_code == 403
    assert client.get(reverse("reflections:new", args=[999999])).status_code == 404
    assert not Reflection.objects.exists()


def test_a_student_may_not_use_someone_else_s_pass(client, world, run):
    as_user(client, world.bilal)
    url = reverse("reflections:new", args=[world.exercise.pk])
    assert client.get(url, {"run": run.pk}).status_code == 404
    assert client.post(url, {"run": run.pk, "what_i_learned": "x"}).status_code == 404
    assert client.post(reverse("reflections:dismiss", args=[run.pk])).status_code == 404
    assert not Reflection.objects.exists()
    assert not ReflectionInvitationDismissal.objects.exists()


# --- the invitation and the student's form -------------------------------------------------


def test_practice_done_invites_to_reflect(client, world, run):
    response = as_user(client, world.alice).get(reverse("practice_done", args=[world.exercise.pk]))
    assert response.status_code == 200
    assert "data-reflection-invite" in response.text
    assert f"{reverse('reflections:new', args=[world.exercise.pk])}?run={run.pk}" in response.text
    assert reverse("reflections:dismiss", args=[run.pk]) in response.text


def test_no_invitation_for_an_unfinished_pass(client, world):
    make_run(world.alice, world.exercise, finished=False)
    response = as_user(client, world.alice).get(reverse("practice_done", args=[world.exercise.pk]))
    assert response.status_code == 200
    assert "data-reflection-invite" not in response.text


def test_dismiss_with_htmx_removes_the_invitation_for_good(client, world, run):
    as_user(client, world.alice)
    response = client.post(reverse("reflections:dismiss", args=[run.pk]), **HTMX)
    assert response.status_code == 200
    assert response.content == b""
    assert ReflectionInvitationDismissal.objects.filter(student=world.alice, run=run).exists()
    page = client.get(reverse("practice_done", args=[world.exercise.pk]))
    assert "data-reflection-invite" not in page.text
    # A new pass brings a new invitation.
    make_run(world.alice, world.exercise)
    page = client.get(reverse("practice_done", args=[world.exercise.pk]))
    assert "data-reflection-invite" in page.text


def test_dismiss_without_javascript_goes_back_to_the_results(client, world, run):
    as_user(client, world.alice)
    response = client.post(reverse("reflections:dismiss", args=[run.pk]))
    assert response.status_code == 302
    assert response.url == reverse("practice_done", args=[world.exercise.pk])
    page = client.get(response.url)
    assert "data-reflection-invite" not in page.text


def test_reflect_now_with_htmx_returns_just_the_form(client, world, run):
    as_user(client, world.alice)
    url = reverse("reflections:new", args=[world.exercise.pk])
    response = client.get(url, {"run": run.pk}, **HTMX)
    assert response.status_code == 200
    assert "<html" not in response.text
    assert 'name="what_i_learned"' in response.text
    assert f'name="run" value="{run.pk}"' in response.text
    assert 'name="confidence_before"' in response.text


def test_a_reflection_is_saved_with_htmx(client, world, run):
    as_user(client, world.alice)
    response = client.post(
        reverse("reflections:new", args=[world.exercise.pk]),
        {
            "run": run.pk,
            "what_i_learned": "Counting on is faster.",
            "how_i_overcame_it": "I drew a number line.",
            "confidence_before": "2",
            "confidence_after": "4",
            "difficulty": "2",
        },
        **HTMX,
    )
    assert response.status_code == 200
    reflection = Reflection.objects.get()
    assert f'data-reflection-saved="{reflection.pk}"' in response.text
    assert (reflection.run, reflection.confidence_before, reflection.confidence_after) == (
        run,
        2,
        4,
    )
    # The invitation is gone: this pass has its reflection.
    page = client.get(reverse("practice_done", args=[world.exercise.pk]))
    assert "data-reflection-invite" not in page.text


def test_a_reflection_is_saved_without_javascript(client, world):
    as_user(client, world.alice)
    response = client.post(
        reverse("reflections:new", args=[world.exercise.pk]), {"what_next": "Multiplication"}
    )
    reflection = Reflection.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("reflections:detail", args=[reflection.pk])
    assert reflection.confidence_before is None


def test_the_form_for_an_already_reflected_pass_leads_to_the_reflection(client, world, run):
    reflection = make_reflection(world.alice, world.exercise, run=run)
    as_user(client, world.alice)
    response = client.get(reverse("reflections:new", args=[world.exercise.pk]), {"run": run.pk})
    assert response.status_code == 302
    assert response.url == reverse("reflections:detail", args=[reflection.pk])
    response = client.post(
        reverse("reflections:new", args=[world.exercise.pk]), {"run": run.pk, "what_next": "b"}
    )
    assert response.status_code == 400
    assert "You already wrote a reflection for this pass." in response.text
    assert Reflection.objects.count() == 1


@pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "no-js"])
@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param({}, "Write a few words in at least one of the boxes.", id="empty"),
        pytest.param(
            {"what_i_learned": "   ", "confidence_after": "3"},
            "Write a few words in at least one of the boxes.",
            id="blank",
        ),
        pytest.param(
            {"what_was_challenging": "x" * (rules.REFLECTION_TEXT_MAX + 1)},
            f"Ensure this value has at most {rules.REFLECTION_TEXT_MAX} characters",
            id="too-long",
        ),
        pytest.param(
            {"what_i_learned": "ok", "confidence_after": "9"},
            "Select a valid choice.",
            id="bad-scale",
        ),
    ],
)
def test_bad_reflection_input_is_a_400_with_the_form(client, world, run, htmx, data, message):
    as_user(client, world.alice)
    response = client.post(
        reverse("reflections:new", args=[world.exercise.pk]),
        {"run": run.pk, **data},
        **(HTMX if htmx else {}),
    )
    assert response.status_code == 400
    assert message in response.text
    assert 'name="what_i_learned"' in response.text
    assert f'name="run" value="{run.pk}"' in response.text
    assert ("<html" in response.text) is not htmx
    assert not Reflection.objects.exists()


def test_the_text_typed_is_kept_when_the_form_comes_back(client, world):
    as_user(client, world.alice)
    response = client.post(
        reverse("reflections:new", args=[world.exercise.pk]),
        {"what_i_learned": "I learned <b>this</b>", "what_next": "y" * 2000},
    )
    assert response.status_code == 400
    assert "I learned &lt;b&gt;this&lt;/b&gt;" in response.text


# --- escaping ------------------------------------------------------------------------------


def test_user_text_is_escaped_everywhere(client, world):
    world.teacher_a.display_name = '<img src=x onerror="alert(1)">'
    world.teacher_a.save()
    reflection = make_reflection(
        world.alice,
        world.exercise,
        what_i_learned=SCRIPT,
        what_was_challenging=SCRIPT,
        feedback=SCRIPT,
        encouragement_text=SCRIPT,
        feedback_by=world.teacher_a,
    )
    Encouragement.objects.create(teacher=world.teacher_a, student=world.alice, text=SCRIPT)
    pages = [
        (world.alice, reverse("reflections:portfolio")),
        (world.alice, reverse("reflections:detail", args=[reflection.pk])),
        (world.teacher_a, reverse("reflections:inbox")),
        (world.teacher_a, reverse("reflections:detail", args=[reflection.pk])),
    ]
    for user, url in pages:
        text = as_user(client, user).get(url).text
        assert SCRIPT not in text, url
        assert "<script>alert" not in text, url
        assert '<img src=x onerror="alert(1)">' not in text, url
    student_page = as_user(client, world.alice).get(reverse("reflections:portfolio")).text
    assert student_page.count(ESCAPED) >= 4  # learned, challenging, feedback, encouragement...
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in student_page


# --- the teacher's inbox and feedback ------------------------------------------------------


def test_inbox_lists_students_reflections_unread_first(client, world):
    read = make_reflection(world.bilal, world.exercise, what_i_learned="Read one")
    unread = make_reflection(world.alice, world.exercise, what_i_learned="Unread one")
    Reflection.objects.filter(pk=read.pk).update(teacher_read_at=read.created_at)
    make_reflection(world.chloe, world.exercise, what_i_learned="Class B one")
    response = as_user(client, world.teacher_a).get(reverse("reflections:inbox"))
    assert response.status_code == 200
    items = re.findall(r'data-inbox-item="(\d+)"', response.text)
    assert items == [str(unread.pk), str(read.pk)]
    assert "Class B one" not in response.text


def test_inbox_class_filter(client, world):
    make_reflection(world.alice, world.exercise)
    as_user(client, world.teacher_a)
    response = client.get(reverse("reflections:inbox"), {"class": world.class_a.pk})
    assert response.status_code == 200
    assert "data-inbox-item" in response.text
    # A class the teacher does not teach is not theirs to browse.
    assert client.get(reverse("reflections:inbox"), {"class": world.class_b.pk}).status_code == 404
    assert client.get(reverse("reflections:inbox"), {"class": "x"}).status_code == 404


def test_unread_count_in_the_teacher_s_nav(client, world, reflection):
    make_reflection(world.bilal, world.exercise)
    as_user(client, world.teacher_a)
    home = client.get(reverse("home")).text
    assert re.search(r"data-unread-reflections>2<", home)
    client.get(reverse("reflections:detail", args=[reflection.pk]))
    home = client.get(reverse("home")).text
    assert re.search(r"data-unread-reflections>1<", home)
    student_home = as_user(client, world.alice).get(reverse("home")).text
    assert reverse("reflections:portfolio") in student_home
    assert "data-unread-reflections" not in student_home


def test_opening_a_reflection_marks_it_read_once(client, world, reflection):
    as_user(client, world.teacher_a)
    client.get(reverse("reflections:detail", args=[reflection.pk]))
    reflection.refresh_from_db()
    first = reflection.teacher_read_at
    assert first is not None
    client.get(reverse("reflections:detail", args=[reflection.pk]))
    reflection.refresh_from_db()
    assert reflection.teacher_read_at == first
    # The student reading their own reflection changes nothing.
    Reflection.objects.filter(pk=reflection.pk).update(teacher_read_at=None)
    as_user(client, world.alice).get(reverse("reflections:detail", args=[reflection.pk]))
    reflection.refresh_from_db()
    assert reflection.teacher_read_at is None


def test_feedback_with_htmx_reaches_the_student(client, world, reflection):
    as_user(client, world.teacher_a)
    response = client.post(
        reverse("reflections:feedback", args=[reflection.pk]),
        {"feedback": "Drawing a number line was a smart move.", "encouragement_preset": "strategy"},
        **HTMX,
    )
    assert response.status_code == 200
    assert "data-feedback-sent" in response.text
    assert "<html" not in response.text
    event = RoomEvent.objects.get()
    assert (event.room, event.type) == (f"user.{world.alice.pk}", "reflection.feedback")
    assert event.payload["feedback"] == "Drawing a number line was a smart move."
    page = as_user(client, world.alice).get(reverse("reflections:portfolio")).text
    assert "Drawing a number line was a smart move." in page
    assert "I like how you worked that out" in page  # the preset, in the reader's language


def test_feedback_without_javascript_redirects_to_the_reflection(client, world, reflection):
    as_user(client, world.teacher_a)
    response = client.post(
        reverse("reflections:feedback", args=[reflection.pk]), {"encouragement_text": "Bravo!"}
    )
    assert response.status_code == 302
    assert response.url == reverse("reflections:detail", args=[reflection.pk]) + "?sent=1"
    assert "data-feedback-sent" in client.get(response.url).text
    assert RoomEvent.objects.count() == 1


@pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "no-js"])
@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param({}, "Write a few words of feedback or choose an encouragement.", id="empty"),
        pytest.param(
            {"feedback": "x" * (rules.FEEDBACK_TEXT_MAX + 1)},
            f"Ensure this value has at most {rules.FEEDBACK_TEXT_MAX} characters",
            id="too-long",
        ),
    ],
)
def test_bad_feedback_is_a_400_with_the_form(client, world, reflection, htmx, data, message):
    as_user(client, world.teacher_a)
    response = client.post(
        reverse("reflections:feedback", args=[reflection.pk]), data, **(HTMX if htmx else {})
    )
    assert response.status_code == 400
    assert message in response.text
    assert 'name="feedback"' in response.text
    assert ("<html" in response.text) is not htmx
    reflection.refresh_from_db()
    assert not reflection.has_feedback
    assert not RoomEvent.objects.exists()


# --- the student's portfolio ---------------------------------------------------------------


def test_portfolio_shows_own_reflections_with_feedback_and_messages(client, world):
    mine = make_reflection(
        world.alice,
        world.exercise,
        what_i_learned="Mine",
        feedback="Lovely work",
        feedback_by=world.teacher_a,
        confidence_before=2,
        confidence_after=4,
    )
    make_reflection(world.bilal, world.exercise, what_i_learned="Not mine")
    Encouragement.objects.create(teacher=world.teacher_a, student=world.alice, preset="growth")
    Encouragement.objects.create(teacher=world.teacher_a, student=world.bilal, text="For Bilal")
    page = as_user(client, world.alice).get(reverse("reflections:portfolio")).text
    assert "Mine" in page and "Lovely work" in page
    assert "Not mine" not in page and "For Bilal" not in page
    assert "Look how much you have grown" in page
    assert "up 2 steps" in page
    assert f'data-reflection="{mine.pk}"' in page


def test_teacher_is_sent_from_portfolio_to_inbox(client, world):
    response = as_user(client, world.teacher_a).get(reverse("reflections:portfolio"))
    assert response.status_code == 302
    assert response.url == reverse("reflections:inbox")


# --- encouragement -------------------------------------------------------------------------


def test_encourage_page_lists_the_class(client, world):
    as_user(client, world.teacher_a)
    response = client.get(reverse("reflections:encourage"))
    assert response.status_code == 200
    assert f'data-roster-student="{world.alice.pk}"' in response.text
    assert f'data-roster-student="{world.chloe.pk}"' not in response.text
    other_class = client.get(reverse("reflections:encourage"), {"class": world.class_b.pk})
    assert other_class.status_code == 404


def test_send_encouragement_with_htmx(client, world):
    as_user(client, world.teacher_a)
    url = reverse("reflections:encourage_student", args=[world.bilal.pk])
    form = client.get(url, **HTMX)
    assert form.status_code == 200
    assert f'id="encourage-{world.bilal.pk}"' in form.text
    response = client.post(url, {"text": "Your persistence this week was wonderful."}, **HTMX)
    assert response.status_code == 200
    assert "data-encouragement-sent" in response.text
    sent = Encouragement.objects.get()
    assert (sent.teacher, sent.student) == (world.teacher_a, world.bilal)
    event = RoomEvent.objects.get()
    assert (event.room, event.type) == (f"user.{world.bilal.pk}", "encouragement.new")


def test_send_encouragement_without_javascript(client, world):
    as_user(client, world.teacher_a)
    url = reverse("reflections:encourage_student", args=[world.alice.pk])
    response = client.post(url, {"preset": "next_step"})
    assert response.status_code == 302
    assert response.url == url + "?sent=1"
    assert "data-encouragement-sent" in client.get(response.url).text
    assert Encouragement.objects.get().preset == "next_step"


def test_encouragement_only_to_own_students(client, world, people):
    as_user(client, world.teacher_a)
    for student in (world.chloe, world.teacher_b):
        url = reverse("reflections:encourage_student", args=[student.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, {"preset": "effort"}).status_code == 404
    assert not Encouragement.objects.exists()
    assert not RoomEvent.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param({}, "Pick one of the suggestions or write a few words of your own.", id="0"),
        pytest.param(
            {"text": "x" * (rules.ENCOURAGEMENT_TEXT_MAX + 1)},
            f"Ensure this value has at most {rules.ENCOURAGEMENT_TEXT_MAX} characters",
            id="too-long",
        ),
        pytest.param({"preset": "fireworks"}, "Select a valid choice.", id="no-such-preset"),
    ],
)
def test_bad_encouragement_is_a_400_with_the_form(client, world, data, message):
    as_user(client, world.teacher_a)
    response = client.post(
        reverse("reflections:encourage_student", args=[world.alice.pk]), data, **HTMX
    )
    assert response.status_code == 400
    assert message in response.text
    assert 'name="text"' in response.text
    assert not Encouragement.objects.exists()
    assert not RoomEvent.objects.exists()


def test_too_many_encouragements_is_a_429_with_a_kind_message(client, world):
    as_user(client, world.teacher_a)
    url = reverse("reflections:encourage_student", args=[world.alice.pk])
    for _ in range(rules.ENCOURAGEMENTS_PER_STUDENT):
        assert client.post(url, {"preset": "effort"}, **HTMX).status_code == 200
    response = client.post(url, {"preset": "effort"}, **HTMX)
    assert response.status_code == 429
    assert "Your next words will mean even more tomorrow." in response.text
    assert 'name="text"' in response.text
    assert Encouragement.objects.count() == rules.ENCOURAGEMENTS_PER_STUDENT


# --- cost --------------------------------------------------------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_pages_cost_the_same_queries_for_1_or_many_reflections(client, world):
    def grow(count):
        for _ in range(count):
            make_reflection(world.alice, world.exercise, feedback="ok", feedback_by=world.teacher_a)
            make_reflection(world.bilal, world.exercise)
            Encouragement.objects.create(
                teacher=world.teacher_a, student=world.alice, preset="effort"
            )

    grow(1)
    pages = [
        (world.alice, reverse("reflections:portfolio")),
        (world.teacher_a, reverse("reflections:inbox")),
        (world.teacher_a, reverse("reflections:encourage")),
    ]
    before = [_queries(as_user(client, u), url) for u, url in pages]
    grow(6)
    after = [_queries(as_user(client, u), url) for u, url in pages]
    assert after == before


# --- languages -----------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["ar", "fr", "en"])
def test_pages_render_in_every_language(client, world, run, language):
    reflection = make_reflection(world.alice, world.exercise, feedback="ok")
    client.cookies["django_language"] = language
    as_user(client, world.alice)
    for url in [
        reverse("reflections:portfolio"),
        reverse("reflections:detail", args=[reflection.pk]),
        reverse("reflections:new", args=[world.exercise.pk]),
        reverse("practice_done", args=[world.exercise.pk]),
    ]:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200, url
        assert f'lang="{language}"' in response.text
    as_user(client, world.teacher_a)
    for url in [
        reverse("reflections:inbox"),
        reverse("reflections:detail", args=[reflection.pk]),
        reverse("reflections:encourage"),
        reverse("reflections:encourage_student", args=[world.alice.pk]),
    ]:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200, url
        assert ('dir="rtl"' in response.text) is (language == "ar")
