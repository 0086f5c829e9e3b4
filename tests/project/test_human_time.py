"""`since` counts in each language's words: Arabic says "يومين" (two days) and "يوم واحد",
never "2 يومين" or "1 يوم"; 3 to 10 take the plural, 11 and up the singular."""

from datetime import timedelta

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

NOW = timezone.now()


def since(language: str, **ago) -> str:
    template = Template("{% load human_time %}{{ when|since:now }}")
    with translation.override(language):
        text = template.render(Context({"when": NOW - timedelta(**ago), "now": NOW}))
    return text.replace("\xa0", " ")


@pytest.mark.parametrize(
    ("ago", "words"),
    [
        ({"days": 1}, "يوم واحد"),
        ({"days": 2}, "يومين"),
        ({"days": 3}, "3 أيام"),
        ({"days": 11}, "أسبوع واحد، 4 أيام"),
        ({"hours": 2, "minutes": 3}, "ساعتين، 3 دقائق"),
        ({"minutes": 11}, "11 دقيقة"),
        ({"seconds": 20}, "لحظات"),
        ({"days": 14}, "أسبوعين"),
    ],
)
def test_arabic_durations_use_the_six_forms(ago, words):
    assert since("ar", **ago) == words


def test_french_and_english_durations():
    assert since("fr", days=2) == "2 jours"
    assert since("fr", days=1) == "1 jour"
    assert since("en", days=1, hours=3) == "1 day, 3 hours"


def test_a_missing_date_says_nothing():
    template = Template("{% load human_time %}[{{ when|since }}]")
    assert template.render(Context({"when": None})) == "[]"
