"""Class goals pages: the class's goals (its students and teachers), and for its teachers,
setting and editing them."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from schools.models import SchoolClass

from . import selectors, services
from .errors import GoalError, InvalidGoal, NotAllowed
from .forms import ClassGoalForm, add_goal_errors
from .models import ClassGoal


def _class_for(request, class_id: int, *, teacher_only: bool) -> tuple[SchoolClass, str]:
    school_class = get_object_or_404(SchoolClass, pk=class_id)
    role = selectors.class_member_role(user=request.user, school_class_id=class_id)
    if role is None or (teacher_only and role != "teacher"):
        raise PermissionDenied
    return school_class, role


@require_GET
def goal_list(request, class_id: int):
    school_class, role = _class_for(request, class_id, teacher_only=False)
    goals = selectors.class_goals(
        school_class_id=class_id, today=timezone.localdate(), current_only=role != "teacher"
    )
    return render(
        request,
        "classgoals/list.html",
        {
            "school_class": school_class,
            "goals": goals,
            "role": role,
            "today": timezone.localdate(),
            "editable": _editable(request, role, class_id, goals),
        },
    )


def _editable(request, role: str, class_id: int, goals) -> set[int]:
    if role != "teacher":
        return set()
    return selectors.editable_goal_ids(teacher=request.user, school_class_id=class_id, goals=goals)


@require_GET
def goal_card(request, class_id: int):
    """The class's goals card alone, for a live refresh after a progress event."""
    school_class, role = _class_for(request, class_id, teacher_only=False)
    goals = selectors.class_goals(school_class_id=class_id, today=timezone.localdate())
    return render(
        request,
        "classgoals/_card.html",
        {
            "school_class": school_class,
            "goals": goals,
            "role": role,
            "today": timezone.localdate(),
            "editable": _editable(request, role, class_id, goals),
        },
    )


def _form_page(request, school_class, form, goal=None, status=200):
    return render(
        request,
        "classgoals/form.html",
        {"school_class": school_class, "form": form, "goal": goal},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def goal_new(request, class_id: int):
    school_class, _ = _class_for(request, class_id, teacher_only=True)
    if request.method == "GET":
        today = timezone.localdate()
        form = ClassGoalForm(
            teacher=request.user,
            school_class=school_class,
            initial={"start_date": today, "end_date": today + timezone.timedelta(days=14)},
        )
        return _form_page(request, school_class, form)
    form = ClassGoalForm(request.POST, teacher=request.user, school_class=school_class)
    if form.is_valid():
        try:
            services.class_goal_create(
                teacher=request.user, school_class=school_class, **form.goal_fields()
            )
        except InvalidGoal as error:
            add_goal_errors(form, error.errors)
        else:
            return redirect("classgoals:list", class_id)
    return _form_page(request, school_class, form, status=400)


@require_http_methods(["GET", "POST"])
def goal_edit(request, class_id: int, pk: int):
    school_class, _ = _class_for(request, class_id, teacher_only=True)
    goal = get_object_or_404(ClassGoal, pk=pk, school_class=school_class)
    if goal.pk not in selectors.editable_goal_ids(
        teacher=request.user, school_class_id=class_id, goals=[goal]
    ):
        # A goal of another subject stays as its teachers set it: read-only.
        raise PermissionDenied
    if request.method == "GET":
        initial = ClassGoalForm.initial_for(goal)
        form = ClassGoalForm(teacher=request.user, school_class=school_class, initial=initial)
        return _form_page(request, school_class, form, goal)
    form = ClassGoalForm(request.POST, teacher=request.user, school_class=school_class)
    if form.is_valid():
        try:
            services.class_goal_update(teacher=request.user, goal=goal, **form.goal_fields())
        except InvalidGoal as error:
            add_goal_errors(form, error.errors)
        except NotAllowed as error:
            raise PermissionDenied from error
        except GoalError as error:
            form.add_error(None, str(error.message))
        else:
            return redirect("classgoals:list", class_id)
    return _form_page(request, school_class, form, goal, status=400)
