from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from dashboards.teacher import class_growth

from .models import SchoolClass
from .selectors import teacher_teaches_class


@require_GET
def class_detail(request, class_id: int):
    school_class = get_object_or_404(SchoolClass, pk=class_id)
    if not teacher_teaches_class(teacher=request.user, class_id=class_id):
        raise PermissionDenied
    growth = class_growth(teacher=request.user, school_class=school_class)
    return render(request, "schools/class_detail.html", {"growth": growth})
