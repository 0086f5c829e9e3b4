from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from dashboards.teacher import UnknownSubject, class_growth

from .models import SchoolClass
from .selectors import teacher_teaches_class


def subject_filter(request) -> int | None:
    """The ?subject= filter as an id; absent or empty means all the teacher's subjects."""
    raw = request.GET.get("subject") or ""
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError:
        raise Http404 from None


@require_GET
def class_detail(request, class_id: int):
    school_class = get_object_or_404(SchoolClass, pk=class_id)
    if not teacher_teaches_class(teacher=request.user, class_id=class_id):
        raise PermissionDenied
    try:
        growth = class_growth(
            teacher=request.user, school_class=school_class, subject_id=subject_filter(request)
        )
    except UnknownSubject:
        raise Http404 from None
    return render(request, "schools/class_detail.html", {"growth": growth})
