from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from mastery.selectors import class_overview

from .models import SchoolClass
from .selectors import teacher_teaches_class


@require_GET
def class_detail(request, class_id: int):
    school_class = get_object_or_404(SchoolClass, pk=class_id)
    if not teacher_teaches_class(teacher=request.user, class_id=class_id):
        raise PermissionDenied
    overview = class_overview(school_class=school_class, teacher=request.user)
    return render(request, "schools/class_detail.html", {"school_class": school_class, **overview})
