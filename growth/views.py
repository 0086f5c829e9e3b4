from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from schools.models import SchoolClass
from schools.selectors import teacher_teaches_class

from . import selectors


def _student(request):
    if not request.user.is_student:
        raise PermissionDenied
    return request.user


@require_GET
def my_bests(request):
    """The student's own personal bests; nobody else's are reachable from here."""
    view = selectors.student_bests(student=_student(request))
    return render(request, "growth/bests.html", {"view": view})


@require_GET
def my_moments(request):
    """The student's own learning moments (private: only they and their teachers see them)."""
    view = selectors.student_moments(student=_student(request))
    return render(request, "growth/moments.html", {"view": view})


@require_GET
def class_effort(request, class_id: int):
    """Read-only: learning moments and rushing in a class the teacher teaches."""
    if not teacher_teaches_class(teacher=request.user, class_id=class_id):
        raise PermissionDenied
    school_class = get_object_or_404(SchoolClass, pk=class_id)
    view = selectors.class_effort(school_class=school_class, teacher=request.user)
    return render(request, "growth/class_effort.html", {"view": view})
