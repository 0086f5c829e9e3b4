"""A student's name linked to their page for the class's teachers, usable inside a sentence
({% blocktranslate with name=student|student_link:class_id %})."""

from functools import lru_cache
from html import escape as html_escape

from django import template
from django.conf import settings
from django.urls import get_script_prefix, reverse
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

register = template.Library()


@register.filter
def student_link(student, class_id):
    if student is None:
        return ""
    # Written directly (a class view of 1,000 has 2,000 of these): the path is escaped once,
    # the id is a number, the name is escaped here.
    path = _class_students_path(class_id, get_script_prefix(), settings.ROOT_URLCONF)
    pk = student.pk
    return mark_safe(  # noqa: S308
        f'<a href="{path}{pk}/" data-student-link="{pk}">{html_escape(str(student))}</a>'
    )


@lru_cache(maxsize=512)
def _class_students_path(class_id, script_prefix: str, urlconf: str) -> str:
    """The student page's address without the student's id, escaped: a class view of 1,000
    names reversed the same URL 3,000 times. Keyed on what reversing depends on."""
    return html_escape(reverse("class_student", args=[class_id, 0]).removesuffix("0/"))


@register.filter
def encourage_url(student) -> str:
    """reflections:encourage_student for `student`."""
    head, tail = _split_url("reflections:encourage_student", (), *_reverse_context())
    return f"{head}{student.pk}{tail}"


@register.filter
def open_skill_url(student, class_id) -> str:
    """open_skill_for_student for `student` in the class."""
    head, tail = _split_url("open_skill_for_student", (class_id,), *_reverse_context())
    return f"{head}{student.pk}{tail}"


_SENTINEL = 918273645


def _reverse_context() -> tuple[str, str]:
    return get_script_prefix(), settings.ROOT_URLCONF


@lru_cache(maxsize=512)
def _split_url(name: str, fixed: tuple, script_prefix: str, urlconf: str) -> tuple[str, str]:
    """A URL whose last argument is a student's id, split around that id: reversed once per
    page kind, not once per name on a list of 1,000. Keyed on what reversing depends on."""
    head, tail = reverse(name, args=[*fixed, _SENTINEL]).split(str(_SENTINEL))
    return head, tail


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


class GridCells:
    """A grid row's cells (dashboards/grid.html), written in Python: a class of 1,000 has
    8,000 cells, and a dozen template nodes each cost seconds. What varies between cells is
    only a level, whether it is stuck, two ids and a percentage, so the escaped text around
    them is made once per page. Numbers are written as the template wrote them (Django
    puts no thousands separator by default)."""

    def __init__(self, *, cell_base: str, stuck_words: str, level_words: dict[str, str]):
        from dashboards.rules import LEVEL_GLYPHS

        self.base = escape(cell_base)
        self._parts: dict[tuple[str, bool], tuple[str, str]] = {}
        for level in LEVEL_GLYPHS:
            for stuck in (False, True):
                name = level_words.get(level, level_words["not_started"])
                self._parts[level, stuck] = (
                    f"{escape(level)}{' cell-stuck' if stuck else ''}",
                    f'<span class="level-glyph" aria-hidden="true">'
                    f"{escape(LEVEL_GLYPHS[level])}</span>",
                    f'<span class="visually-hidden"> {escape(name)}'
                    f"{', ' + escape(stuck_words) if stuck else ''}</span>"
                    f"{STUCK_MARK if stuck else ''}</a>\n    </td>\n    ",
                )

    def row(self, row) -> str:
        student, parts = row.student.pk, []
        for skill, cell in row.pairs:
            level, percent = cell.shown.level, cell.shown.percent
            css, glyph, tail = self._parts[level, cell.stuck]
            href = f"{self.base}{student}/skills/{skill.pk}/"
            parts.append(
                f'\n    <td class="cell level-chip-{css}" data-cell="{skill.pk}" '
                f'data-percent="{percent}" data-level="{level}">\n      <a href="{href}" '
                f'hx-get="{href}" hx-target="#cell-detail" hx-swap="innerHTML">{glyph}'
                f'<span dir="ltr">{percent}%</span>{tail}'
            )
        return mark_safe("".join(parts))  # noqa: S308 - escaped above, or ids and numbers


@register.simple_tag
def grid_cells(cells: GridCells, row) -> str:
    return cells.row(row)


STUCK_MARK = '<span class="stuck-mark" aria-hidden="true">↻</span>'
