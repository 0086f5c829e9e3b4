"""The class metrics page and its CSV (docs/teacher-metrics.md). Who may open them is the
student page's and the grid's rule (teacher_views._class_and_scope): a teacher of the class,
in the subjects they teach it."""

import csv

from django import forms
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language_bidi, gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from project.widgets import LocalizedDateInput

from . import charts
from . import metrics_rules as mr
from .metrics import ClassMetrics, class_metrics
from .rules import csv_safe
from .teacher_views import _class_and_scope, _filtered_scope

PERIOD_CHOICES = [
    (mr.WEEK, _("This week")),
    (mr.FOUR_WEEKS, _("Last 4 weeks")),
    (mr.TERM, _("This term")),
    (mr.CUSTOM, _("Dates of your choice")),
]

RANGE_ERRORS = {
    "missing": _("Choose both dates of the range."),
    "order": _("The first date must be on or before the last one."),
    "future": _("The last date cannot be after today."),
    "too_long": _("Choose a range of at most a year, from last school year on."),
    "unknown": _("Choose one of the periods."),
}


class PeriodForm(forms.Form):
    period = forms.ChoiceField(label=_("Period"), choices=PERIOD_CHOICES, required=False)
    start = forms.DateField(label=_("From"), required=False, widget=LocalizedDateInput())
    end = forms.DateField(label=_("To"), required=False, widget=LocalizedDateInput())


def _period(request) -> tuple[PeriodForm, mr.Period, str]:
    """The period asked for, or the default one with the reason it was not used."""
    today = timezone.localdate()
    form = PeriodForm(request.GET or None)
    default = mr.period_for(mr.DEFAULT_PERIOD, today=today)
    if not request.GET.get("period"):
        return form, default, ""
    if not form.is_valid():
        return form, default, str(RANGE_ERRORS["missing"])
    data = form.cleaned_data
    try:
        period = mr.period_for(
            data["period"] or mr.DEFAULT_PERIOD, today=today, start=data["start"], end=data["end"]
        )
    except mr.BadRange as bad:
        return form, default, str(RANGE_ERRORS[str(bad)])
    return form, period, ""


def _metrics(request, class_id: int):
    """The metrics asked for, the form, a refused range's reason, whether a subject asked
    for was refused, and every subject the teacher teaches in the class."""
    school_class, full = _class_and_scope(request, class_id)
    scope, refused = _filtered_scope(request, full)
    form, period, error = _period(request)
    metrics = class_metrics(scope=scope, school_class=school_class, period=period)
    return metrics, form, error, refused, full.subjects


@require_GET
def metrics_page(request, class_id: int):
    metrics, form, error, refused, subjects = _metrics(request, class_id)
    rtl = get_language_bidi()
    return render(
        request,
        "dashboards/metrics.html",
        {
            "m": metrics,
            "form": form,
            "range_error": error,
            "refused": refused,
            "all_subjects": subjects,
            "query": request.GET.urlencode(),
            "active_chart": charts.bar_chart(
                [b.value for b in metrics.daily_active], top=metrics.students, rtl=rtl
            ),
            "mastery_chart": charts.points_chart([b.value for b in metrics.mastery_trend], rtl=rtl),
            "quality_chart": charts.points_chart(
                [b.value if b.count else None for b in metrics.quality], rtl=rtl
            ),
            "retention_gap": mr.RETENTION_GAP_DAYS,
            "low_below": mr.LOW_PERFORMER_BELOW,
        },
    )


def _rows(m: ClassMetrics) -> list[tuple[str, object]]:
    r = m.retention
    rows = [
        (gettext("Class"), m.school_class.name),
        (gettext("Subjects"), ", ".join(s.name for s in m.scope.subjects)),
        (gettext("First day"), m.period.start.isoformat()),
        (gettext("Last day"), m.period.end.isoformat()),
        (gettext("Students"), m.students),
        (gettext("Daily active learners (on a day with practice)"), m.daily_active_average),
        (gettext("Learners who practised in the period"), m.active_learners),
        (gettext("Longest streak, median (days)"), m.streak_median),
        (gettext("Longest streak in the class (days)"), m.streak_longest),
        (gettext("Exercise passes finished"), m.passes),
        (gettext("Passes followed by a reflection (%)"), _pct(m.completion)),
        (gettext("Reflections written"), m.reflections),
        (gettext("Students who reflected"), m.reflecting_students),
        (gettext("Thoughtful reflections (%)"), _pct(m.thoughtful_share)),
        (gettext("Thoughtful reflections, period before (%)"), _pct(m.thoughtful_before)),
        (gettext("Average mastery at the start (%)"), m.mastery_start),
        (gettext("Average mastery at the end (%)"), m.mastery_end),
        (gettext("Skills mastered at the start"), m.mastered_start),
        (gettext("Skills mastered at the end"), m.mastered_end),
        (gettext("Students whose mastery grew"), m.growing),
        (gettext("Skills back after 30 days or more"), r.cases),
        (gettext("Still mastered when practised again (%)"), _pct(r.observed)),
        (gettext("Predicted by the model (%)"), _pct(r.predicted)),
        (gettext("Peer help sessions"), m.help_sessions),
        (gettext("Peer help sessions completed"), m.help_completed),
        (gettext("Students who helped"), m.helpers),
        (gettext("Students helped"), m.helped),
        (gettext("Taking part in leaderboards"), m.participants),
        (gettext("Left the leaderboards in the period"), m.left),
        (gettext("Joined the leaderboards in the period"), m.joined),
    ]
    names = {
        "reflection_quality": gettext("Warning sign: reflection quality is falling"),
        "low_performers": gettext("Warning sign: students still beginning practise less"),
        "leaderboards": gettext("Warning sign: students are leaving the leaderboards"),
    }
    rows += [(names[s.kind], gettext("yes")) for s in m.signs]
    return rows


def _pct(value: int | None) -> object:
    return "" if value is None else value


@require_GET
def metrics_csv(request, class_id: int):
    """The metrics as CSV: UTF-8 with a BOM (Excel then opens Arabic as written), the
    summary first, then the daily active learners day by day."""
    metrics = _metrics(request, class_id)[0]
    name = slugify(metrics.school_class.name) or f"class-{metrics.school_class.pk}"
    stamp = f"{metrics.period.start.isoformat()}_{metrics.period.end.isoformat()}"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}-metrics-{stamp}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([gettext("Metric"), gettext("Value")])
    for label, value in _rows(metrics):
        writer.writerow([csv_safe(label), csv_safe(value) if isinstance(value, str) else value])
    writer.writerow([])
    writer.writerow([gettext("Day"), gettext("Daily active learners")])
    for bucket in metrics.daily_active:
        writer.writerow([bucket.first.isoformat(), bucket.value])
    return response
