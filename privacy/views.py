"""A student's own data page and download; a parent's download of a child's data."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from family.selectors import child_for

from . import export
from .responses import archive_response


@require_GET
def my_data(request):
    if not request.user.is_student:
        raise PermissionDenied
    return render(request, "privacy/my_data.html")


@require_GET
def my_archive(request):
    if not request.user.is_student:
        raise PermissionDenied
    return archive_response(
        export.student_export(student=request.user, language=request.LANGUAGE_CODE)
    )


@require_GET
def child_archive(request, child_id: int):
    if not request.user.is_parent:
        raise PermissionDenied
    child = child_for(parent=request.user, child_id=child_id)
    if child is None:
        raise Http404
    return archive_response(export.student_export(student=child, language=request.LANGUAGE_CODE))
