"""A teacher opens a locked skill for one student or for the whole class (POST + CSRF, from
the class view). Only a teacher of the skill's subject in that class may; the services
check it and record who opened it and when."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import User
from schools.models import SchoolClass

from . import services
from .errors import OpeningNotAllowed
from .models import Skill


def _skill_from(request) -> Skill | None:
    raw = request.POST.get("skill", "")
    return Skill.objects.filter(pk=int(raw)).first() if raw.isdigit() else None


def _class_of(request, class_id: int) -> SchoolClass:
    if not request.user.is_teacher:
        raise PermissionDenied
    return get_object_or_404(SchoolClass, pk=class_id)


@require_POST
def open_for_class(request, class_id: int):
    school_class = _class_of(request, class_id)
    skill = _skill_from(request)
    if skill is None:
        messages.error(request, _("Please choose a skill to open."))
        return redirect("class_detail", class_id)
    try:
        services.skill_open_for_class(teacher=request.user, school_class=school_class, skill=skill)
    except OpeningNotAllowed as error:
        raise PermissionDenied(error.message) from error
    messages.success(
        request,
        _("%(skill)s is now open for the whole class.") % {"skill": skill.name},
    )
    return redirect("class_detail", class_id)


@require_POST
def open_for_student(request, class_id: int, student_id: int):
    school_class = _class_of(request, class_id)
    student = get_object_or_404(User, pk=student_id, role=User.Role.STUDENT)
    skill = _skill_from(request)
    if skill is None:
        messages.error(request, _("Please choose a skill to open."))
        return redirect("class_detail", class_id)
    try:
        services.skill_open_for_student(
            teacher=request.user, school_class=school_class, student=student, skill=skill
        )
    except OpeningNotAllowed as error:
        raise PermissionDenied(error.message) from error
    messages.success(
        request,
        _("%(skill)s is now open for %(student)s.") % {"skill": skill.name, "student": student},
    )
    return redirect("class_detail", class_id)
