from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import get_language_bidi
from django.views.decorators.http import require_GET

from challenges.selectors import invitations_waiting as challenge_invitations
from collaboration.selectors import invitations_waiting as group_invitations

from . import charts, home, selectors
from .live_now import teacher_live_now


def student_home(request):
    dash = selectors.student_dashboard(student=request.user)
    chart = charts.line_chart(
        {s.view.subject.name: [v for _, v in s.weekly] for s in dash.subjects},
        rtl=get_language_bidi(),
    )
    return render(request, "dashboards/student.html", {"dash": dash, "chart": chart})


@require_GET
def student_invitations(request):
    """The dashboard's invitations card: fetched after the page (so the dashboard's own
    queries stay fixed) and again whenever an invitation arrives or is answered."""
    if not request.user.is_student:
        raise PermissionDenied
    context = {
        "challenges": challenge_invitations(student=request.user),
        "groups": group_invitations(student=request.user),
    }
    return render(request, "dashboards/_invitations.html", context)


def teacher_home(request):
    classes = home.teacher_home(teacher=request.user)
    return render(request, "schools/teacher_home.html", {"classes": classes})


@require_GET
def live_now(request):
    """The live sessions of the teacher's classes; the list part refreshes itself (htmx)."""
    if not request.user.is_teacher:
        raise PermissionDenied
    live = teacher_live_now(teacher=request.user)
    template = "dashboards/_live_now.html" if request.htmx else "dashboards/live_now.html"
    return render(request, template, {"live": live})
