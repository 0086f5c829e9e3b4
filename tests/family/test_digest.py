"""The weekly email to parents: who gets it, what it says (and does not), how it stops."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from family import digest
from family.models import FamilyPreference
from family.services import family_digests_send
from tests.family.helpers import helped_once, parent_of, practise, reflect

pytestmark = pytest.mark.django_db


@pytest.fixture
def email_on(settings):
    settings.EMAIL_ENABLED = True
    settings.SITE_URL = "https://growth.example.ma"
    return settings


def test_a_parent_gets_one_short_positive_email_a_week(world, email_on):
    practise(world.bilal, world.choice_q, right=4)
    helped_once(world)
    reflect(world.bilal, world.exercise, "Words that stay on the page", shared=True)
    parent = parent_of(world.bilal)
    now = timezone.now()
    assert family_digests_send(now=now) == (1, 0)
    [message] = mail.outbox
    assert message.to == [parent.email] and "week" in message.subject
    body = message.body
    assert "Addition" in body and "Helped a classmate once" in body
    assert "1 reflection shared with you" in body
    # The child's words, the classmates and their words stay out of a mailbox.
    assert "Words that stay on the page" not in body and "Merci" not in body
    assert str(world.alice) not in body
    assert "https://growth.example.ma/family/" in body
    assert message.extra_headers["List-Unsubscribe"].startswith("<https://growth.example.ma/")
    # Not twice in a week; again the next week.
    assert family_digests_send(now=now + timedelta(hours=3)) == (0, 0)
    assert family_digests_send(now=now + timedelta(days=7)) == (1, 0)


def test_quiet_weeks_and_stopped_emails_send_nothing(world, email_on):
    quiet = parent_of(world.chloe, username="quiet_parent")
    stopped = parent_of(world.bilal, username="stopped_parent")
    practise(world.bilal, world.choice_q, right=2)
    FamilyPreference.objects.create(parent=stopped, weekly_email=False)
    assert family_digests_send(now=timezone.now()) == (0, 1)
    assert mail.outbox == [] and quiet.pk


def test_the_email_speaks_the_parents_language(world, email_on):
    skill = world.skills[0]
    skill.name_fr, skill.name_ar = "L'addition", "الجمع"
    skill.save()
    practise(world.bilal, world.choice_q, right=3)
    parent = parent_of(world.bilal)
    FamilyPreference.objects.create(parent=parent, language="ar")
    family_digests_send(now=timezone.now())
    assert "الجمع" in mail.outbox[0].body and "L'addition" not in mail.outbox[0].body


def test_the_stop_link_needs_no_sign_in_and_a_button(world, email_on):
    parent = parent_of(world.bilal)
    url = reverse("family:unsubscribe", args=[digest.unsubscribe_token(parent)])
    client = Client()
    assert client.get(url).status_code == 200
    assert not FamilyPreference.objects.filter(parent=parent, weekly_email=False).exists()
    response = client.post(url)
    assert response.status_code == 200 and "data-unsubscribed" in response.text
    assert FamilyPreference.objects.get(parent=parent).weekly_email is False
    assert client.get(url[:-3] + "xyz/").status_code == 404
    # A student's id signed the same way is still not a parent's switch.
    forged = reverse("family:unsubscribe", args=[digest.unsubscribe_token(world.bilal)])
    assert client.post(forged).status_code == 404


def test_the_switch_on_the_page(client, world):
    parent = parent_of(world.bilal)
    client.force_login(parent)
    response = client.post(
        reverse("family:weekly_email"), {"on": "0", "child": world.bilal.pk}, HTTP_HX_REQUEST="true"
    )
    assert 'data-weekly-email="off"' in response.text
    assert FamilyPreference.objects.get(parent=parent).weekly_email is False
    response = client.post(reverse("family:weekly_email"), {"on": "1", "child": "evil.example"})
    assert response["Location"] == reverse("family:home")


def test_the_command_refuses_without_email_and_reports(world, settings, email_on):
    practise(world.bilal, world.choice_q, right=3)
    parent_of(world.bilal)
    out = StringIO()
    call_command("send_family_digest", "--dry-run", stdout=out)
    assert "would send 1" in out.getvalue() and mail.outbox == []
    settings.EMAIL_ENABLED = False
    with pytest.raises(CommandError):
        call_command("send_family_digest")


def test_the_scheduler_sends_the_weekly_email_daily_at_most_once_a_week(world, settings):
    from family.tasks import send_family_digest

    assert ("family.tasks.send_family_digest", 24 * 3600) in settings.PERIODIC_TASKS
    practise(world.bilal, world.choice_q, right=3)
    parent = parent_of(world.bilal)
    settings.EMAIL_ENABLED = False
    assert "skipped" in send_family_digest.call() and mail.outbox == []
    settings.EMAIL_ENABLED = True
    assert send_family_digest.call() == {"sent": 1, "quiet": 0}
    assert send_family_digest.call() == {"sent": 0, "quiet": 0}
    assert [m.to for m in mail.outbox] == [[parent.email]]
