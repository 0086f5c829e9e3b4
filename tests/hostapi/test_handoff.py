"""'Open my growth': a host token exchanged once for a session, then the dashboard."""

import pytest
from django.urls import reverse

from accounts.models import User
from hostapi.models import HandoffRedemption
from schools.models import Enrollment
from tests.hostapi.helpers import bad_tokens, mint

pytestmark = pytest.mark.django_db

URL = "/auth/handoff/"


def test_the_form_post_signs_in_and_lands_on_the_dashboard(client, world, host_jwt):
    response = client.post(URL, {"token": mint()})
    assert response.status_code == 303 and response["Location"] == reverse("home")
    assert "no-store" in response["Cache-Control"]
    user = User.objects.get(email="nour@madrasti.test")
    assert (user.external_ref, user.role, user.first_name, user.last_name) == (
        "4242",
        "student",
        "Nour",
        "Amrani",
    )
    assert not user.has_usable_password() and not user.is_staff
    assert client.session["_auth_user_id"] == str(user.pk)


def test_a_replayed_handoff_is_refused(client, world, host_jwt):
    token = mint()
    assert client.post(URL, {"token": token}).status_code == 303
    client.logout()
    response = client.post(URL, {"token": token})
    assert response.status_code == 401
    assert 'data-code="token_replayed"' in response.text
    assert "_auth_user_id" not in client.session
    assert HandoffRedemption.objects.count() == 1


def test_a_short_lived_link_works_once(client, world, host_jwt):
    token = mint(lifetime=60)
    assert client.get(URL, {"token": token}).status_code == 303
    client.logout()
    assert client.get(URL, {"token": token}).status_code == 401


def test_a_long_lived_token_is_refused_in_a_link(client, world, host_jwt):
    response = client.get(URL, {"token": mint(lifetime=3600)})
    assert response.status_code == 401 and "token_too_long_lived" in response.text
    assert not User.objects.filter(email="nour@madrasti.test").exists()
    # The same token through the form is fine: it never sat in a URL.
    assert client.post(URL, {"token": mint(lifetime=3600)}).status_code == 303


@pytest.mark.parametrize("case", sorted(bad_tokens()))
def test_bad_tokens_are_refused_and_sign_nobody_in(client, world, host_jwt, case):
    make, code = bad_tokens()[case]
    response = client.post(URL, {"token": make()})
    assert response.status_code == 401
    assert f'data-code="{code}"' in response.text
    assert "_auth_user_id" not in client.session
    assert not User.objects.filter(email="nour@madrasti.test").exists()


def test_no_token_is_a_clear_error(client, host_jwt):
    response = client.post(URL, {})
    assert response.status_code == 400 and "token_missing" in response.text


def test_errors_speak_the_visitors_language(client, world, host_jwt):
    response = client.post(URL, {"token": mint(expired=True)}, headers={"accept-language": "fr"})
    assert response.status_code == 401 and 'lang="fr"' in response.text


def test_an_existing_account_is_updated_not_duplicated(client, world, host_jwt):
    token = mint(user_id=9, email=world.alice.email.upper(), full_name="Alice Bennani")
    assert client.post(URL, {"token": token}).status_code == 303
    world.alice.refresh_from_db()
    assert (world.alice.external_ref, world.alice.last_name) == ("9", "Bennani")
    assert User.objects.filter(email__iexact=world.alice.email).count() == 1
    # Her email changed on the host: the host id keeps her account (and history).
    client.logout()
    assert client.post(URL, {"token": mint(user_id=9, email="alice.new@x.ma")}).status_code == 303
    world.alice.refresh_from_db()
    assert world.alice.email == "alice.new@x.ma"


def test_two_accounts_for_one_person_are_not_merged_silently(client, world, host_jwt):
    world.alice.external_ref = "9"
    world.alice.save()
    response = client.post(URL, {"token": mint(user_id=9, email=world.bilal.email)})
    assert response.status_code == 409 and "account_conflict" in response.text


def test_other_roles_and_inactive_accounts_are_refused(client, world, host_jwt):
    response = client.post(URL, {"token": mint(email="p@x.ma", role="DRIVER")})
    assert response.status_code == 403 and "role_not_supported" in response.text
    world.bilal.is_active = False
    world.bilal.save()
    response = client.post(URL, {"token": mint(user_id=5, email=world.bilal.email)})
    assert response.status_code == 403 and "account_inactive" in response.text


def test_next_stays_on_this_site(client, world, host_jwt):
    response = client.post(URL, {"token": mint(), "next": "https://evil.example/"})
    assert response["Location"] == reverse("home")
    response = client.post(URL, {"token": mint(), "next": "/leaderboards/"})
    assert response["Location"] == "/leaderboards/"


def test_class_claims_enrol_and_a_move_keeps_history(client, world, host_jwt):
    world.class_a.external_ref, world.class_b.external_ref = "31", "32"
    world.class_a.save()
    world.class_b.save()
    world.school.external_ref = "1"
    world.school.save()
    assert client.post(URL, {"token": mint(class_ids=[31], school_id=1)}).status_code == 303
    user = User.objects.get(email="nour@madrasti.test")
    assert list(
        Enrollment.objects.filter(student=user, is_active=True).values_list(
            "school_class__name", flat=True
        )
    ) == ["TC-A"]
    client.logout()
    assert client.post(URL, {"token": mint(class_ids=[32, 999], school_id=1)}).status_code == 303
    rows = dict(
        Enrollment.objects.filter(student=user).values_list("school_class__name", "is_active")
    )
    assert rows == {"TC-A": False, "TC-B": True}


def test_a_teacher_lands_on_their_classes(client, world, host_jwt):
    token = mint(user_id=77, email=world.teacher_a.email, role="TEACHER")
    assert client.post(URL, {"token": token}).status_code == 303
    page = client.get(reverse("home"))
    assert page.status_code == 200 and "TC-A" in page.text


def test_the_development_token_command_makes_a_working_link(client, world, host_jwt):
    from io import StringIO

    from django.core.management import call_command

    host_jwt.DEBUG = True
    out = StringIO()
    call_command("host_token", world.alice.email, "--seconds", "60", stdout=out)
    link = out.getvalue().splitlines()[1]
    assert client.get(link.removeprefix("http://127.0.0.1:8000")).status_code == 303


def test_the_hosts_language_comes_along(client, world, host_jwt):
    response = client.post(URL, {"token": mint(), "lang": "ar"})
    assert response.cookies["django_language"].value == "ar"
    page = client.get(reverse("home"))
    assert 'lang="ar"' in page.text and 'dir="rtl"' in page.text
    assert "django_language" not in client.post(URL, {"token": mint(), "lang": "xx"}).cookies


# --- someone else is already signed in on this browser: ask, never switch silently ---------


def _signed_in_as_someone_else(client, world):
    client.force_login(world.alice)
    return world.alice


def test_a_handoff_into_another_account_asks_first(client, world, host_jwt):
    first = _signed_in_as_someone_else(client, world)
    response = client.post(URL, {"token": mint(), "next": "/reflections/"})
    assert response.status_code == 200
    assert 'data-handoff="switch"' in response.text
    assert first.get_full_name() in response.text and "Nour" in response.text
    assert client.session["_auth_user_id"] == str(first.pk)


def test_confirming_the_switch_signs_in_the_new_account(client, world, host_jwt):
    _signed_in_as_someone_else(client, world)
    client.post(URL, {"token": mint(), "next": "/reflections/"})
    response = client.post(reverse("host_handoff_switch"))
    assert response.status_code == 303 and response["Location"] == "/reflections/"
    nour = User.objects.get(email="nour@madrasti.test")
    assert client.session["_auth_user_id"] == str(nour.pk)
    # The pending switch is spent: a second confirmation does nothing.
    client.logout()
    assert client.post(reverse("host_handoff_switch")).status_code in (302, 303, 400)
    assert "_auth_user_id" not in client.session


def test_a_switch_needs_our_own_csrf_token(world, host_jwt):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    first = _signed_in_as_someone_else(browser, world)
    browser.post(URL, {"token": mint()})
    assert browser.post(reverse("host_handoff_switch")).status_code == 403
    assert browser.session["_auth_user_id"] == str(first.pk)


def test_a_handoff_for_the_signed_in_person_just_continues(client, world, host_jwt):
    assert client.post(URL, {"token": mint()}).status_code == 303
    response = client.post(URL, {"token": mint()})
    assert response.status_code == 303 and response["Location"] == reverse("home")
