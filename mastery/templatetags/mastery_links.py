"""Where to practise a skill: its own practice page (one question after another, never runs
out), or its first exercise where that page does not exist."""

from django import template
from django.urls import NoReverseMatch, reverse

register = template.Library()

SKILL_PRACTICE_NAMES = ("skill_practice", "mastery:skill_practice")


def practise_url_for(skill) -> str:
    for name in SKILL_PRACTICE_NAMES:
        try:
            return reverse(name, args=[skill.pk])
        except NoReverseMatch:
            continue
    first = min(skill.exercises.all(), key=lambda e: (e.position, e.pk), default=None)
    return reverse("practice", args=[first.pk]) if first else ""


@register.simple_tag
def practise_url(skill) -> str:
    return practise_url_for(skill)
