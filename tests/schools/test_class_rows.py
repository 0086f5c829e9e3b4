"""The class view's student table and attention list, written in Python for a class of 1,000
(schools/templatetags/class_rows.py): names escaped and isolated, the reader's language, the
page's CSRF token on every opening form, the same words on the teacher's student page."""

import re
from datetime import timedelta

import pytest
from django.middleware.csrf import _unmask_cipher_token
from django.urls import reverse
from django.utils import timezone

from schools.models import Enrollment
from tests.dashboards.helpers import answer
from tests.factories import make_user

pytestmark = pytest.mark.django_db

NAME = '<b onclick="x()">Ali & Co</b>'
ESCAPED = "&lt;b onclick=&quot;x()&quot;&gt;Ali &amp; Co&lt;/b&gt;"


@pytest.fixture
def away(world):
    """A student with a markup-like name who last practised twelve days ago."""
    student = make_user("ali", display_name=NAME)
    Enrollment.objects.create(student=student, school_class=world.class_a)
    long_ago = timezone.now() - timedelta(days=12)
    for _ in range(2):
        answer(student, world.choice_q, right=False, answered_at=long_ago, time_spent_ms=9000)
    return student


def _page(client, world, language: str) -> str:
    client.force_login(world.teacher_a)
    client.cookies["django_language"] = language
    response = client.get(reverse("class_detail", args=[world.class_a.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_name_is_escaped_and_isolated_in_the_table_and_the_attention_list(client, world, away):
    html = _page(client, world, "en")
    assert NAME not in html
    row = re.search(
        rf'<tr>\s*<th scope="row"><a [^>]*data-student-link="{away.pk}"[^>]*>(.*?)</a>', html
    )
    assert row and row.group(1) == ESCAPED
    item = re.search(rf'<li data-student="{away.pk}">(.*?)</li>\s*</ul>', html, re.S)
    assert item and ESCAPED in item.group(1)
    assert "No practice for 12 days." in item.group(1)
    # The locked skill's form names the student inside isolates, escaped.
    assert f"Skill to open for \u2068{ESCAPED}\u2069" in html


def test_rows_and_concerns_speak_the_readers_language(client, world, away):
    html = _page(client, world, "fr")
    assert "Pas d'entraînement depuis 12 jours." in html
    assert "<td>il y a 1\u00a0semaine, 5\u00a0jours</td>" in html  # the last practice
    assert "Compétence à ouvrir pour" in html
    assert "No practice for" not in html and " ago<" not in html
    html = _page(client, world, "ar")
    assert "No practice for" not in html and "Skill to open for" not in html


def test_every_opening_form_carries_the_pages_csrf_token(client, world, away):
    html = _page(client, world, "en")
    secret = client.cookies["csrftoken"].value
    forms = re.findall(r"<form [^>]*data-open-for-student[^>]*>.*?</form>", html, re.S)
    assert forms
    for form in forms:
        value = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
        assert value and _unmask_cipher_token(value.group(1)) == secret


def test_the_student_page_shows_the_same_concern_words(client, world, away):
    client.force_login(world.teacher_a)
    response = client.get(reverse("class_student", args=[world.class_a.pk, away.pk]))
    html = response.content.decode()
    assert '<li data-concern="inactive">No practice for 12 days.' in html
    assert "Suggestion: check in personally and agree on one small next step." in html
