"""The teacher's student page and class grid (with its cells and CSV). Every view asks
scope.teacher_scope first: a class that does not exist is 404, a class the user does not
teach is 403 (as the class view), a student not in the class is 404."""

import csv
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language_bidi, gettext
from django.views.decorators.http import require_GET

from mastery.models import Skill
from mastery.selectors import skill_displayed, skill_progress
from schools.models import SchoolClass
from schools.templatetags.teacher_links import GridCells, level_names

from . import charts, rules
from .grid import NAME, cell_attempts, class_grid
from .scope import TeacherScope, teacher_scope
from .student_page import class_student, student_page


def _class_and_scope(request, class_id: int) -> tuple[SchoolClass, TeacherScope]:
    school_class = get_object_or_404(SchoolClass, pk=class_id)
    scope = teacher_scope(teacher=request.user, class_id=class_id)
    if scope is None:
        raise PermissionDenied
    return school_class, scope


def _student(school_class: SchoolClass, student_id: int):
    student = class_student(school_class=school_class, student_id=student_id)
    if student is None:
        raise Http404
    return student


@require_GET
def student_detail(request, class_id: int, student_id: int):
    school_class, scope = _class_and_scope(request, class_id)
    student = _student(school_class, student_id)
    page = student_page(
        teacher=request.user, scope=scope, school_class=school_class, student=student
    )
    chart = charts.line_chart(
        {name: [v for _, v in weeks] for name, weeks in page.weekly.items()},
        rtl=get_language_bidi(),
    )
    return render(request, "dashboards/student_page.html", {"page": page, "chart": chart})


def _filtered_scope(request, scope: TeacherScope) -> tuple[TeacherScope, bool]:
    """The subjects asked for (default: all the teacher's subjects in the class), and whether
    something asked for was not one of them (then the default is shown, with a note)."""
    asked = request.GET.getlist("subject")
    if not asked:
        return scope, False
    ids = [int(v) for v in asked if v.isdigit()]
    refused = len(ids) != len(asked) or any(i not in scope.subject_ids for i in ids)
    if refused:
        return scope, True
    return scope.narrowed(ids), False


def _grid(request, school_class, scope):
    scope, refused = _filtered_scope(request, scope)
    grid = class_grid(
        scope=scope,
        school_class=school_class,
        sort=request.GET.get("sort"),
        descending=request.GET.get("dir") == "desc",
    )
    return grid, refused


def _query(grid, **changes) -> str:
    params = {
        "subject": grid.scope.subject_ids,
        "sort": grid.sort,
        "dir": "desc" if grid.descending else "asc",
    }
    params.update(changes)
    return urlencode(params, doseq=True)


@require_GET
def grid_page(request, class_id: int):
    school_class, scope = _class_and_scope(request, class_id)
    grid, refused = _grid(request, school_class, scope)

    def column(key: str, **extra) -> dict:
        """A sortable column: its link sorts by it (a second click reverses the order)."""
        flip = grid.sort == key and not grid.descending
        current = grid.sort == key
        return {
            "link": "?" + _query(grid, sort=key, dir="desc" if flip else "asc"),
            "sort": ("descending" if grid.descending else "ascending") if current else "",
            **extra,
        }

    return render(
        request,
        "dashboards/grid.html",
        {
            "grid": grid,
            "all_subjects": scope.subjects,
            "refused": refused,
            "name_column": column(NAME),
            "columns": [column(str(s.pk), skill=s) for s in grid.skills],
            "csv_query": _query(grid),
            # One prefix for every cell's address: a URL reversal per cell costs more
            # than the rest of a cell's rendering.
            "cells": GridCells(
                cell_base=reverse("class_grid_cell", args=[school_class.pk, 0, 0]).removesuffix(
                    "0/skills/0/"
                ),
                stuck_words=gettext("could use a new approach"),
                level_words=level_names(),
            ),
            "stuck_after": rules.STUCK_AFTER_ATTEMPTS,
            "stuck_below": rules.STUCK_BELOW,
            "missed_days": rules.MISSED_WINDOW_DAYS,
        },
    )


@require_GET
def grid_cell(request, class_id: int, student_id: int, skill_id: int):
    """One student's answers on one skill: the grid's cell, as a panel (htmx) or a page."""
    school_class, scope = _class_and_scope(request, class_id)
    student = _student(school_class, student_id)
    skill = get_object_or_404(Skill, pk=skill_id, subject_id__in=scope.subject_ids)
    context = {
        "school_class": school_class,
        "student": student,
        "skill": skill,
        "shown": skill_displayed(
            skill=skill, progress=skill_progress(student=student, skill=skill)
        ),
        "attempts": cell_attempts(student=student, skill=skill),
    }
    template = "dashboards/_grid_cell.html" if request.htmx else "dashboards/grid_cell.html"
    return render(request, template, context)


@require_GET
def grid_csv(request, class_id: int):
    """The grid as CSV: UTF-8 with a BOM, so Excel opens Arabic and French names as written."""
    school_class, scope = _class_and_scope(request, class_id)
    grid, _refused = _grid(request, school_class, scope)
    stamp = timezone.localdate().isoformat()
    name = slugify(school_class.name) or f"class-{school_class.pk}"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}-skills-{stamp}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    header = [gettext("Student")]
    for skill in grid.skills:
        header += [
            gettext("%(skill)s (%%)") % {"skill": skill.name},
            gettext("%(skill)s (level)") % {"skill": skill.name},
        ]
    header += [gettext("Average (%)"), gettext("Skills mastered")]
    writer.writerow([rules.csv_safe(h) for h in header])
    levels = level_names()
    for row in grid.rows:
        line = [rules.csv_safe(str(row.student))]
        for cell in row.cells:
            line += [cell.shown.percent, levels.get(cell.shown.level, cell.shown.level)]
        line += [row.mastery, row.mastered]
        writer.writerow(line)
    return response
