"""The leaderboards page (choose a board; with htmx only the board is swapped) and the
privacy settings (one click each: join, leave, name or alias, one metric in or out)."""

import re

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from . import rules, selectors, services
from .errors import LeaderboardError
from .models import Metric, Period

SCOPE_FORMAT = re.compile(r"^[0-9]{1,18}(-[0-9]{1,18})?$")


class BadQuery(Exception):
    pass


def _choose(request, scopes: list[selectors.Scope]) -> tuple[selectors.Scope, str, str]:
    """The board asked for; a missing parameter takes its default. Raises BadQuery for an
    unreadable parameter and PermissionDenied for a board that is not the viewer's."""
    value = request.GET.get("scope", scopes[0].value)
    metric = request.GET.get("metric", rules.METRICS[0])
    period = request.GET.get("period", rules.WEEKLY)
    if metric not in rules.METRICS:
        raise BadQuery(_("Please choose one of the leaderboards."))
    if period not in rules.PERIODS:
        raise BadQuery(_("Please choose weekly or monthly."))
    if not SCOPE_FORMAT.match(value):
        raise BadQuery(_("Please choose one of your classes or subjects."))
    scope = next((s for s in scopes if s.value == value), None)
    if scope is None:
        raise PermissionDenied
    return scope, metric, period


@require_GET
def leaderboard(request):
    user = request.user
    if not (user.is_student or user.is_teacher):
        raise PermissionDenied
    scopes = selectors.board_scopes(user=user)
    context = {
        "scopes": scopes,
        "metrics": [(m, Metric(m).label) for m in rules.METRICS],
        "periods": Period.choices,
        "top_n": rules.TOP_N,
        "reflection_rule": {
            "prompts": rules.REFLECTION_MIN_PROMPTS,
            "words": rules.REFLECTION_MIN_WORDS,
            "per_day": rules.REFLECTIONS_PER_DAY,
        },
    }
    template = "leaderboards/_board.html" if request.htmx else "leaderboards/index.html"
    if not scopes:
        return render(request, template, context)
    try:
        scope, metric, period = _choose(request, scopes)
    except BadQuery as error:
        context["error"] = str(error)
        return render(request, template, context, status=400)
    except PermissionDenied:
        if not request.htmx:
            raise
        context["error"] = _("This leaderboard belongs to another class.")
        return render(request, template, context, status=403)
    context["board"] = selectors.board(viewer=user, scope=scope, metric=metric, period=period)
    return render(request, template, context)


def _student(request):
    if not (request.user.is_student and request.user.is_active):
        raise PermissionDenied
    return request.user


def _privacy_page(request, student, error: str = "", status: int = 200):
    prefs = selectors.privacy_settings(student=student)
    context = {
        "prefs": prefs,
        "metric_rows": [(m, Metric(m).label, included) for m, included in prefs.metrics],
        "top_n": rules.TOP_N,
        "min_participants": rules.MIN_PARTICIPANTS,
        "error": error,
    }
    return render(request, "leaderboards/privacy.html", context, status=status)


@require_GET
def privacy(request):
    return _privacy_page(request, _student(request))


def _back(request):
    if request.POST.get("next") == "leaderboards":
        return redirect("leaderboards:index")
    return redirect("leaderboards:privacy")


@require_POST
def privacy_change(request, action: str):
    student = _student(request)
    try:
        if action == "join":
            services.participant_join(student=student)
        elif action == "leave":
            services.participant_leave(student=student)
        elif action in ("show-name", "use-alias"):
            services.participant_show_name(student=student, show_name=action == "show-name")
        elif action in ("include", "skip"):
            services.participant_set_metric(
                student=student, metric=request.POST.get("metric", ""), included=action == "include"
            )
        else:
            raise LeaderboardError()
    except LeaderboardError as error:
        return _privacy_page(request, student, str(error.message), status=400)
    return _back(request)
