"""A class goal's title and unlock are the teacher's words, in one to three languages: each
reader sees theirs, or the one written with a "written in" note (issue 11: French titles in
the en and ar interfaces, with nothing saying why)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from classgoals import rules
from classgoals.models import ClassGoal, ClassMilestone
from classgoals.templatetags.teacher_words import shown

from .helpers import class_events, counting_from_the_first_day, finish_exercise, make_goal

pytestmark = pytest.mark.django_db

FR_ONLY = {"fr": "Tous ensemble"}
THREE = {"ar": "كلنا معا", "fr": "Tous ensemble", "en": "All together"}


def page(client, user, language: str) -> str:
    client.force_login(user)
    url = reverse("classgoals:list", args=[user.enrollments.first().school_class_id])
    return client.get(url, HTTP_ACCEPT_LANGUAGE=language).text


def test_shown_prefers_the_readers_language_then_notes_the_written_one():
    assert shown(THREE, "ar").text == "كلنا معا" and not shown(THREE, "ar").note
    with translation.override("en"):
        fallback = shown({"ar": "كلنا معا", "fr": "", "en": ""}, "fr")
        assert (fallback.text, fallback.lang, fallback.note) == (
            "كلنا معا",
            "ar",
            "written in Arabic",
        )
    assert shown({"fr": "", "ar": "", "en": ""}, "fr").text == ""


def test_written_texts_are_trimmed_and_cover_every_language():
    written = rules.written_texts({"fr": "  Tous  ", "de": "Alle"})
    assert written == {"fr": "Tous", "ar": "", "en": ""}
    assert rules.first_written(written) == "Tous"


@pytest.mark.parametrize(("language", "noted"), [("fr", False), ("en", True), ("ar", True)])
def test_a_goal_written_in_french_only_says_so_to_other_readers(client, world, language, noted):
    make_goal(world, title=FR_ONLY, unlocks={"fr": "Un jeu"})
    html = page(client, world.alice, language)
    assert 'lang="fr" data-goal-title>Tous ensemble</strong>' in html
    assert 'lang="fr" data-goal-unlocks>Un jeu</span>' in html
    assert html.count('data-written-in="fr"') == (2 if noted else 0)
    if language == "en":
        assert 'data-written-in="fr">(written in French)</span>' in html


@pytest.mark.parametrize("language", ["ar", "fr", "en"])
def test_a_goal_in_three_languages_reads_in_each_readers_own(client, world, language):
    make_goal(world, title=THREE, unlocks={"ar": "لعبة", "fr": "Un jeu", "en": "A game"})
    html = page(client, world.alice, language)
    assert f'lang="{language}" data-goal-title>{THREE[language]}</strong>' in html
    assert "data-written-in" not in html


def test_the_milestone_keeps_each_language_as_written_and_the_event_carries_them(world):
    with translation.override("ar"):  # the answer that reaches it may run in any language
        goal = counting_from_the_first_day(
            make_goal(world, title=THREE, unlocks={"fr": "Un jeu"}, target=1)
        )
        finish_exercise(world, world.alice)
    milestone = ClassMilestone.objects.get(goal=goal)
    assert (milestone.title_ar, milestone.title_fr, milestone.title_en) == (
        THREE["ar"],
        THREE["fr"],
        THREE["en"],
    )
    assert (milestone.unlocked_fr, milestone.unlocked_en) == ("Un jeu", None)
    reached = class_events(world, type="goal.reached")[0].payload["milestone"]
    assert reached["title"] == THREE
    assert reached["unlocked"] == {"ar": "", "fr": "Un jeu", "en": ""}


def form_data(**texts):
    today = timezone.localdate()
    return {
        "kind": "exercises",
        "target": "3",
        "start_date": today.isoformat(),
        "end_date": (today + timedelta(days=7)).isoformat(),
        **texts,
    }


def test_the_form_takes_any_one_language_and_refuses_none(client, world):
    client.force_login(world.teacher_a)
    url = reverse("classgoals:new", args=[world.class_a.pk])
    form = client.get(url, HTTP_ACCEPT_LANGUAGE="fr").text
    for name in ("title_ar", "title_fr", "title_en", "unlocks_ar", "unlocks_fr", "unlocks_en"):
        assert f'name="{name}"' in form
    refused = client.post(url, form_data(title_ar="  ", unlocks_en="A game"))
    assert refused.status_code == 400
    assert "Please write it in at least one language." in refused.text
    assert not ClassGoal.objects.exists()
    saved = client.post(url, form_data(title_ar="كلنا معا", unlocks_en="A game"))
    assert saved.status_code == 302
    goal = ClassGoal.objects.get()
    assert (goal.title_ar, goal.title_fr, goal.title_en) == ("كلنا معا", None, None)
    assert goal.unlocks_en == "A game"
    edit = client.get(reverse("classgoals:edit", args=[world.class_a.pk, goal.pk])).text
    assert 'value="كلنا معا"' in edit
    client.post(
        reverse("classgoals:edit", args=[world.class_a.pk, goal.pk]),
        form_data(title_ar="كلنا معا", title_fr="Tous ensemble", unlocks_en="A game"),
    )
    goal.refresh_from_db()
    assert (goal.title_ar, goal.title_fr) == ("كلنا معا", "Tous ensemble")
