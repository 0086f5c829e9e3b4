"""Each person's pages read in their school's time zone: looked up at sign-in, kept in the
session (no query on each page), Africa/Casablanca by default, and only real zone names."""

from datetime import UTC, datetime

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from schools import selectors
from schools.models import School
from schools.time_zones import SESSION_KEY
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_a_school_reads_in_casablanca_unless_told_otherwise(world):
    assert world.school.time_zone == "Africa/Casablanca"
    assert selectors.time_zone_for(user=world.alice) == "Africa/Casablanca"
    assert selectors.time_zone_for(user=world.teacher_a) == "Africa/Casablanca"
    assert selectors.time_zone_for(user=make_user("nobody", role="admin")) is None


def test_only_a_real_zone_name_is_accepted(world):
    world.school.time_zone = "Mars/Olympus"
    with pytest.raises(ValidationError):
        world.school.full_clean()
    world.school.time_zone = "Europe/Paris"
    world.school.full_clean()


def test_pages_read_in_the_school_zone_kept_at_sign_in(client, world):
    School.objects.filter(pk=world.school.pk).update(time_zone="Asia/Tokyo")
    client.force_login(world.alice)
    assert client.session[SESSION_KEY] == "Asia/Tokyo"
    html = client.get(reverse("home")).text
    assert 'data-time-zone="Asia/Tokyo"' in html


def test_a_page_shows_the_clock_of_the_school_not_utc(client, world):
    client.force_login(world.teacher_a)
    html = client.get(reverse("home")).text
    assert 'data-time-zone="Africa/Casablanca"' in html
    assert 'data-locale="en-GB"' in html
    moment = datetime(2026, 11, 28, 13, 31, tzinfo=UTC)  # 14:31 in Casablanca (UTC+1)
    with timezone.override("Africa/Casablanca"):
        assert Template("{{ t|time }}").render(Context({"t": moment})) == "14:31"
