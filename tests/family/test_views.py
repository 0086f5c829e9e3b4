"""A parent's week: only their own children, growth against the child's own past, nothing
comparative, no raw answers, in three languages."""

import re

import pytest
from django.urls import reverse

from accounts.models import User
from mastery.selectors import displayed_mastery
from tests.factories import make_user
from tests.family.helpers import helped_once, moment, parent_of, practise, reflect

pytestmark = pytest.mark.django_db


def week_page(client, parent, child, **headers):
    client.force_login(parent)
    return client.get(reverse("family:child", args=[child.pk]), **headers)


def test_a_parent_sees_their_childs_week_with_the_displayed_number(client, world):
    practise(world.bilal, world.choice_q, right=4)
    parent = parent_of(world.bilal)
    response = week_page(client, parent, world.bilal)
    assert response.status_code == 200
    shown = displayed_mastery(student=world.bilal, skills=[world.skills[0]])[world.skills[0].pk]
    html = response.text
    assert shown.percent > 0
    block = re.search(r"data-skills-grew.*?</section>", html, re.S).group(0)
    assert "Addition" in block
    assert f"<span data-mastery-value>{shown.percent}</span>%" in block
    assert f'data-gained="{shown.percent}"' in block
    assert 'data-practice-days="1"' in html


def test_only_their_own_children(client, world):
    parent = parent_of(world.bilal)
    client.force_login(parent)
    for other in (world.alice, world.teacher_a, parent):
        assert client.get(reverse("family:child", args=[other.pk])).status_code == 404
    assert client.get(reverse("family:child", args=[999999])).status_code == 404
    # Another parent's child, and a child switched off, are not theirs either.
    other_parent = parent_of(world.chloe, username="khadija")
    assert client.get(reverse("family:child", args=[world.chloe.pk])).status_code == 404
    world.bilal.is_active = False
    world.bilal.save()
    assert client.get(reverse("family:child", args=[world.bilal.pk])).status_code == 404
    assert other_parent.pk != parent.pk


@pytest.mark.parametrize("role", [User.Role.STUDENT, User.Role.TEACHER])
def test_the_family_pages_are_for_parents(client, world, role):
    someone = make_user(f"someone_{role}", role)
    client.force_login(someone)
    assert client.get(reverse("family:home")).status_code == 403
    assert client.get(reverse("family:child", args=[world.bilal.pk])).status_code == 403
    assert client.post(reverse("family:weekly_email"), {"on": "0"}).status_code == 403


def test_nothing_comparative_and_no_raw_answers(client, world):
    """Bilal's classmate grows more; his parent sees only Bilal, against his own past."""
    practise(world.alice, world.choice_q, right=6)
    practise(world.bilal, world.choice_q, right=2)
    request = helped_once(world)
    moment(world.bilal, world.exercise)
    html = week_page(client, parent_of(world.bilal), world.bilal).text
    assert world.alice.username not in html and str(world.alice) not in html
    growth = html.split('id="settings-title"')[0]  # the page's closing note says "never ranks"
    for word in ("rank", "Rank", "average", "Average", "Top ", "leaderboard", "better than"):
        assert word not in growth, word
    # No question, no answer, no classmate's words.
    assert world.choice_q.prompt not in html
    assert request.topic not in html and request.question not in html
    assert "Merci Bilal" not in html
    # What Bilal did is there, in kind words.
    assert 'data-help-given="1"' in html and "classmate said thank you" in html
    assert 'data-moment="persistence"' in html


def test_reflections_appear_only_when_the_child_shares_them(client, world):
    reflect(world.bilal, world.exercise, "Carrying the ten made sense today", shared=True)
    reflect(world.bilal, world.exercise, "Private thoughts about fractions", shared=False)
    html = week_page(client, parent_of(world.bilal), world.bilal).text
    assert "Carrying the ten made sense today" in html
    assert "Private thoughts about fractions" not in html


def test_the_student_shares_a_reflection_in_one_click(client, world):
    reflection = reflect(world.bilal, world.exercise, "I checked my work", shared=False)
    assert reflection.shared_with_family is False
    client.force_login(world.bilal)
    detail = client.get(reverse("reflections:detail", args=[reflection.pk])).text
    assert "Share with my family" in detail
    url = reverse("reflections:family_share", args=[reflection.pk])
    response = client.post(url, {"shared": "1"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "data-shared-with-family" in response.text
    reflection.refresh_from_db()
    assert reflection.shared_with_family is True
    # Nobody else can share it: not a classmate, not a parent.
    client.force_login(world.alice)
    assert client.post(url, {"shared": "0"}).status_code == 404
    client.force_login(parent_of(world.bilal))
    assert client.post(url, {"shared": "0"}).status_code == 403
    reflection.refresh_from_db()
    assert reflection.shared_with_family is True


def test_a_quiet_week_is_said_kindly(client, world):
    html = week_page(client, parent_of(world.bilal), world.bilal).text
    assert "data-quiet-week" in html and "good way to start again" in html


def test_siblings_switch_and_home_opens_the_first_child(client, world):
    parent = parent_of(world.bilal, world.chloe)
    client.force_login(parent)
    response = client.get(reverse("home"), follow=True)
    assert response.redirect_chain[-1][0].startswith("/family/children/")
    html = response.text
    assert "sibling-switch" in html
    assert reverse("family:child", args=[world.bilal.pk]) in html
    assert reverse("family:child", args=[world.chloe.pk]) in html


def test_a_parent_without_children_is_told_what_happens_next(client, world):
    client.force_login(make_user("lonely", User.Role.PARENT))
    response = client.get(reverse("family:home"))
    assert response.status_code == 200 and "data-no-children" in response.text


@pytest.mark.parametrize(("language", "title"), [("ar", "أسبوع"), ("fr", "semaine")])
def test_the_week_reads_in_arabic_and_french(client, world, language, title):
    practise(world.bilal, world.choice_q, right=3)
    response = week_page(client, parent_of(world.bilal), world.bilal, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200 and title in response.text
