"""A student's name linked to their page for the class's teachers, usable inside a sentence
({% blocktranslate with name=student|student_link:class_id %})."""

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext

register = template.Library()


@register.filter
def student_link(student, class_id):
    if student is None:
        return ""
    return format_html(
        '<a href="{}" data-student-link="{}">{}</a>',
        reverse("class_student", args=[class_id, student.pk]),
        student.pk,
        student,
    )


@register.filter
def level_glyph(level: str) -> str:
    """The level's shape (dashboards.rules.LEVEL_GLYPHS), hidden from screen readers."""
    from dashboards.rules import LEVEL_GLYPHS

    return format_html(
        '<span class="level-glyph" aria-hidden="true">{}</span>', LEVEL_GLYPHS.get(level, "·")
    )


@register.filter
def level_name(level: str) -> str:
    """The level's name in the reader's language (the same words as includes/level_name.html)."""
    return level_names().get(level, level_names()["not_started"])


def level_names() -> dict[str, str]:
    """Read in the active language on each call."""
    return {
        "not_started": gettext("Not started"),
        "beginner": gettext("Beginner"),
        "developing": gettext("Developing"),
        "proficient": gettext("Proficient"),
        "mastered": gettext("Mastered"),
    }
