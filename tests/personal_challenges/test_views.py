"""Pages: my challenges, setting one, one-click pause and set aside; privacy; bad input."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from personal_challenges import services
from personal_challenges.models import PersonalChallenge

from .helpers import scored_sheet

pytestmark = pytest.mark.django_db
Kind, Status = PersonalChallenge.Kind, PersonalChallenge.Status


def streak(student, **extra) -> PersonalChallenge:
    return services.personal_challenge_create(
        student=student, kind=Kind.LEARNING_STREAK, target=extra.pop("target", 3), **extra
    )


def test_my_challenges_lists_active_completed_and_expired_with_kind_words(client, world):
    active = streak(world.alice, why="I want a habit")
    done = streak(world.alice)
    PersonalChallenge.objects.filter(pk=done.pk).update(
        status=Status.COMPLETED, completed_at=timezone.now(), progress=3, best_progress=3
    )
    over = streak(world.alice, target=10)
    PersonalChallenge.objects.filter(pk=over.pk).update(
        deadline=timezone.localdate() - timedelta(days=1), progress=2, best_progress=7
    )
    client.force_login(world.alice)
    html = client.get(reverse("personal_challenges:list")).text
    active_part = html.split('data-group="active"')[1].split('data-group="completed"')[0]
    assert f'data-personal-challenge="{active.pk}"' in active_part
    assert 'role="progressbar"' in active_part and "0 of 3 days in a row" in active_part
    assert f'data-personal-challenge="{done.pk}"' in html.split('data-group="completed"')[1]
    expired = html.split('data-group="expired"')[1]
    assert f'data-personal-challenge="{over.pk}"' in expired
    assert "Keep going — you got 7 of 10 days." in expired
    assert "Failed" not in html and "failed" not in html


def test_setting_a_score_challenge_offers_the_suggestion_and_creates_it(client, world):
    exercise, _ = scored_sheet(world)
    client.force_login(world.alice)
    picker = client.get(reverse("personal_challenges:new")).text
    assert 'data-kind="beat_score"' in picker and 'data-kind="help_others"' in picker
    form = client.get(reverse("personal_challenges:new"), {"kind": "beat_score"}).text
    assert "your best 50% (suggested: 75%)" in form
    assert 'name="target" value="75"' in form
    response = client.post(
        reverse("personal_challenges:new"),
        {"kind": "beat_score", "exercise": exercise.pk, "target": "", "why": "<b>me</b>"},
    )
    assert response.status_code == 302
    challenge = PersonalChallenge.objects.get()
    assert (challenge.target, challenge.why) == (75, "<b>me</b>")
    detail = client.get(reverse("personal_challenges:detail", args=[challenge.pk])).text
    assert "&lt;b&gt;me&lt;/b&gt;" in detail and "<b>me</b>" not in detail


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"kind": "beat_score", "target": "40"}, "target"),
        ({"kind": "beat_score", "target": "abc"}, "target"),
        ({"kind": "learning_streak", "target": "0"}, "target"),
        ({"kind": "learning_streak", "target": "3", "deadline": "2001-01-01"}, "deadline"),
        ({"kind": "daily_practice", "daily_unit": "hours", "daily_goal": "3"}, "daily_unit"),
        ({"kind": "master_skill", "skill": "999999"}, "skill"),
    ],
)
def test_bad_input_gets_a_clear_error_and_changes_nothing(client, world, data, field):
    exercise, _ = scored_sheet(world)
    data = {**data, "exercise": exercise.pk} if data["kind"] == "beat_score" else data
    client.force_login(world.alice)
    response = client.post(reverse("personal_challenges:new"), data)
    assert response.status_code == 400
    assert f'data-field-error="{field}"' in response.text
    assert not PersonalChallenge.objects.exists()


def test_an_unknown_kind_is_refused_with_the_choices(client, world):
    client.force_login(world.alice)
    response = client.post(reverse("personal_challenges:new"), {"kind": "race", "target": "3"})
    assert response.status_code == 400 and "data-error" in response.text
    assert 'data-kind="learning_streak"' in response.text
    assert not PersonalChallenge.objects.exists()


def test_pause_resume_and_set_aside_are_one_click(client, world):
    challenge = streak(world.alice)
    client.force_login(world.alice)
    url = reverse("personal_challenges:action", args=[challenge.pk, "pause"])
    card = client.post(url, headers={"HX-Request": "true"})
    assert card.status_code == 200 and 'data-status="paused"' in card.text
    assert 'data-action="resume"' in card.text
    client.post(reverse("personal_challenges:action", args=[challenge.pk, "resume"]))
    challenge.refresh_from_db()
    assert challenge.status == Status.ACTIVE
    response = client.post(reverse("personal_challenges:action", args=[challenge.pk, "set-aside"]))
    assert response.status_code == 302
    challenge.refresh_from_db()
    assert challenge.status == Status.SET_ASIDE
    assert (
        client.post(
            reverse("personal_challenges:action", args=[challenge.pk, "delete"])
        ).status_code
        == 404
    )


def test_a_private_challenge_is_missing_for_everyone_else(client, world):
    challenge = streak(world.alice)
    detail = reverse("personal_challenges:detail", args=[challenge.pk])
    for other in (world.bilal, world.chloe, world.teacher_a, world.teacher_b):
        client.force_login(other)
        assert client.get(detail).status_code == 404
        assert challenge.pk not in [
            v.challenge.pk
            for v in (client.get(reverse("personal_challenges:shared")).context or {}).get(
                "views", []
            )
        ]
    client.force_login(world.bilal)
    for action in ("pause", "set-aside"):
        url = reverse("personal_challenges:action", args=[challenge.pk, action])
        assert client.post(url).status_code == 404
    share = reverse("personal_challenges:share", args=[challenge.pk])
    assert client.post(share, {"shared": "1"}).status_code == 404
    assert client.get(reverse("personal_challenges:reflect", args=[challenge.pk])).status_code == (
        404
    )
    challenge.refresh_from_db()
    assert challenge.status == Status.ACTIVE and not challenge.shared_with_teachers
    client.logout()
    assert client.get(detail).status_code == 302  # to the login page


def test_sharing_shows_it_to_the_students_own_teachers_only(client, world):
    challenge = streak(world.alice, strategy="Ten minutes after school")
    client.force_login(world.alice)
    share = reverse("personal_challenges:share", args=[challenge.pk])
    assert client.post(share, {"shared": "maybe"}).status_code == 400
    challenge.refresh_from_db()
    assert not challenge.shared_with_teachers
    assert client.post(share, {"shared": "1"}).status_code == 302
    detail = reverse("personal_challenges:detail", args=[challenge.pk])
    client.force_login(world.teacher_a)
    page = client.get(detail)
    assert page.status_code == 200 and "Ten minutes after school" in page.text
    assert 'data-action="pause"' not in page.text  # a teacher only reads it
    shared = client.get(reverse("personal_challenges:shared")).text
    assert f'data-personal-challenge="{challenge.pk}"' in shared
    client.force_login(world.teacher_b)  # teaches chloe's class, not alice's
    assert client.get(detail).status_code == 404
    client.force_login(world.bilal)
    assert client.get(detail).status_code == 404


def test_the_reflection_link_leads_into_the_reflections_flow(client, world):
    from tests.growth.helpers import run_through

    exercise, items = scored_sheet(world)
    challenge = services.personal_challenge_create(
        student=world.alice, kind=Kind.BEAT_SCORE, exercise=exercise
    )
    run_through(world.alice, items, wrong_first=1)
    challenge.refresh_from_db()
    client.force_login(world.alice)
    page = client.get(reverse("personal_challenges:list")).text
    assert "data-reflect" in page
    response = client.get(reverse("personal_challenges:reflect", args=[challenge.pk]))
    assert response.url == (
        reverse("reflections:new", args=[exercise.pk]) + f"?run={challenge.reflect_run_id}"
    )
    assert client.get(response.url).status_code == 200


def test_the_reflection_link_is_missing_for_everyone_but_the_owner(client, world):
    challenge = streak(world.alice)
    services.personal_challenge_share(student=world.alice, challenge=challenge, shared=True)
    reflect = reverse("personal_challenges:reflect", args=[challenge.pk])
    # Her teacher (it is shared with them), another teacher, a classmate: all 404, never 403.
    for someone in (world.teacher_a, world.teacher_b, world.bilal, world.chloe):
        client.force_login(someone)
        assert client.get(reflect).status_code == 404
    client.force_login(world.alice)
    assert client.get(reflect).status_code == 302


def test_teachers_and_students_land_on_their_own_page(client, world):
    client.force_login(world.teacher_a)
    assert client.get(reverse("personal_challenges:list")).url == reverse(
        "personal_challenges:shared"
    )
    assert client.get(reverse("personal_challenges:new")).status_code == 403
    client.force_login(world.alice)
    assert client.get(reverse("personal_challenges:shared")).status_code == 403


def test_the_dashboard_card_shows_open_challenges_in_one_query(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.alice)
    with CaptureQueriesContext(connection) as empty:
        html = client.get(reverse("home")).text
    assert 'data-section="my-challenges"' in html and "Set a challenge" in html
    for _ in range(4):
        streak(world.alice)
    with CaptureQueriesContext(connection) as full:
        html = client.get(reverse("home")).text
    card = html.split('data-section="my-challenges"')[1].split("</section>")[0]
    assert card.count("data-personal-challenge=") == 3  # a few, not all
    assert len(full.captured_queries) == len(empty.captured_queries)
