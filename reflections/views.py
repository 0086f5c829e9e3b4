"""Pages for reflections and encouragement. Every page works without JavaScript; with htmx,
forms swap in place (a 400 or 429 answer carries the form with its errors)."""

from functools import wraps
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import User
from mastery.models import Exercise, ExerciseRun
from schools.selectors import (
    student_can_access_subject,
    teacher_classes,
    teacher_subjects,
    teacher_teaches_student,
)

from . import rules, selectors, services
from .errors import NotAllowed, TooManyEncouragements
from .forms import EncouragementForm, FeedbackForm, ReflectionForm, add_service_errors
from .models import Reflection


def student_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_student:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def teacher_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_teacher:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _visible(request, pk: int) -> Reflection:
    reflection = selectors.reflection_for(user=request.user, pk=pk)
    if reflection is None:
        raise Http404
    return reflection


# --- student -------------------------------------------------------------------------------


@require_GET
def portfolio(request):
    """ "My reflections": the student's portfolio with feedback, and messages from teachers."""
    if request.user.is_teacher:
        return redirect("reflections:inbox")
    if not request.user.is_student:
        raise PermissionDenied
    page = Paginator(
        selectors.student_portfolio(student=request.user), rules.PORTFOLIO_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "reflections/portfolio.html",
        {"page": page, "encouragements": selectors.student_encouragements(student=request.user)},
    )


def _exercise_for(request, exercise_id: int) -> Exercise:
    exercise = get_object_or_404(Exercise.objects.select_related("skill__subject"), pk=exercise_id)
    if not student_can_access_subject(student=request.user, subject_id=exercise.skill.subject_id):
        raise PermissionDenied
    return exercise


def _run_for(request, exercise: Exercise) -> ExerciseRun | None:
    raw = request.POST.get("run") if request.method == "POST" else request.GET.get("run")
    if not raw:
        return None
    run = ExerciseRun.objects.filter(
        pk=_int(raw) or 0, student=request.user, exercise=exercise
    ).first()
    if run is None:
        raise Http404
    return run


@require_http_methods(["GET", "POST"])
@student_required
def reflection_new(request, exercise_id: int):
    exercise = _exercise_for(request, exercise_id)
    run = _run_for(request, exercise)
    template = "reflections/_form.html" if request.htmx else "reflections/new.html"
    if request.method == "GET":
        existing = Reflection.objects.filter(run=run).first() if run else None
        if existing is not None:
            return redirect("reflections:detail", existing.pk)
        context = {"form": ReflectionForm(), "exercise": exercise, "run": run}
        return render(request, template, context)

    form = ReflectionForm(request.POST)
    if form.is_valid():
        try:
            reflection = services.reflection_create(
                student=request.user, exercise=exercise, run=run, **form.cleaned_data
            )
        except NotAllowed as error:
            raise PermissionDenied(error.message) from error
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if request.htmx:
                return render(request, "reflections/_thanks.html", {"reflection": reflection})
            return redirect("reflections:detail", reflection.pk)
    context = {"form": form, "exercise": exercise, "run": run}
    return render(request, template, context, status=400)


@require_POST
@student_required
def invitation_dismiss(request, run_id: int):
    run = get_object_or_404(ExerciseRun, pk=run_id, student=request.user)
    services.reflection_invitation_dismiss(student=request.user, run=run)
    if request.htmx:
        return HttpResponse("")
    return redirect("practice_done", run.exercise_id)


@require_POST
@student_required
def reflection_family_share(request, pk: int):
    """One click: show this reflection to my family (or stop)."""
    reflection = get_object_or_404(Reflection, pk=pk, student=request.user)
    services.reflection_share_with_family(
        student=request.user, reflection=reflection, shared=request.POST.get("shared") == "1"
    )
    if request.htmx:
        return render(request, "reflections/_family_share.html", {"reflection": reflection})
    return redirect("reflections:detail", reflection.pk)


# --- both sides ----------------------------------------------------------------------------


@require_GET
def reflection_detail(request, pk: int):
    reflection = _visible(request, pk)
    context = {"reflection": reflection}
    if request.user.is_teacher:
        services.reflection_mark_read(teacher=request.user, reflection=reflection)
        context["form"] = FeedbackForm(initial=_feedback_initial(reflection))
    return render(request, "reflections/detail.html", context)


def _feedback_initial(reflection: Reflection) -> dict:
    return {
        "feedback": reflection.feedback,
        "encouragement_preset": reflection.encouragement_preset,
        "encouragement_text": reflection.encouragement_text,
    }


# --- teacher -------------------------------------------------------------------------------


@require_POST
@teacher_required
def reflection_feedback(request, pk: int):
    reflection = _visible(request, pk)
    form = FeedbackForm(request.POST)
    if form.is_valid():
        try:
            reflection = services.reflection_give_feedback(
                teacher=request.user, reflection=reflection, **form.cleaned_data
            )
        except NotAllowed as error:
            raise PermissionDenied(error.message) from error
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if request.htmx:
                form = FeedbackForm(initial=_feedback_initial(reflection))
                context = {"reflection": reflection, "form": form, "sent": True}
                return render(request, "reflections/_feedback_panel.html", context)
            return redirect(reverse("reflections:detail", args=[reflection.pk]) + "?sent=1")
    template = "reflections/_feedback_panel.html" if request.htmx else "reflections/detail.html"
    return render(request, template, {"reflection": reflection, "form": form}, status=400)


def _selected_class(request, classes):
    """The class chosen with ?class=, one the teacher teaches (404 otherwise), or None."""
    raw = request.GET.get("class")
    if not raw:
        return None
    selected = next((c for c in classes if c.pk == _int(raw)), None)
    if selected is None:
        raise Http404
    return selected


INBOX_SHOWS = ("", "unanswered", "new")


@require_GET
@teacher_required
def inbox(request):
    """Filters: class, subject (both among the teacher's), and all / unanswered / new."""
    classes = list(teacher_classes(teacher=request.user).order_by("name"))
    selected = _selected_class(request, classes)
    subjects = list(teacher_subjects(teacher=request.user))
    subject = _selected_subject(request, subjects)
    show = request.GET.get("show", "")
    if show not in INBOX_SHOWS:
        raise Http404
    subject_id = subject.pk if subject else None
    where = {"teacher": request.user, "school_class": selected, "subject_id": subject_id}
    reflections = selectors.teacher_inbox(**where, show=show)
    page = Paginator(reflections, rules.INBOX_PAGE_SIZE).get_page(request.GET.get("page"))
    filters = {"class": selected and selected.pk, "subject": subject and subject.pk}
    return render(
        request,
        "reflections/inbox.html",
        {
            "classes": classes,
            "selected": selected,
            "subjects": subjects,
            "subject": subject,
            "show": show,
            "counts": selectors.teacher_inbox_counts(**where),
            "page": page,
            "filters_query": urlencode({k: v for k, v in filters.items() if v}),
            "pager_query": urlencode({k: v for k, v in {**filters, "show": show}.items() if v}),
        },
    )


def _selected_subject(request, subjects):
    """The subject chosen with ?subject=, one the teacher teaches (404 otherwise), or None."""
    raw = request.GET.get("subject")
    if not raw:
        return None
    selected = next((s for s in subjects if s.pk == _int(raw)), None)
    if selected is None:
        raise Http404
    return selected


@require_GET
@teacher_required
def encourage(request):
    """A class's students, each with a "send encouragement" action."""
    classes = list(teacher_classes(teacher=request.user).order_by("name"))
    selected = _selected_class(request, classes) or (classes[0] if classes else None)
    roster = (
        selectors.encouragement_roster(teacher=request.user, school_class=selected)
        if selected
        else []
    )
    return render(
        request,
        "reflections/encourage.html",
        {
            "classes": classes,
            "selected": selected,
            "roster": roster,
        },
    )


def _student_of(request, student_id: int) -> User:
    student = get_object_or_404(User, pk=student_id, role=User.Role.STUDENT, is_active=True)
    if not teacher_teaches_student(teacher=request.user, student_id=student.pk):
        raise Http404
    return student


@require_http_methods(["GET", "POST"])
@teacher_required
def encourage_student(request, student_id: int):
    student = _student_of(request, student_id)
    template = (
        "reflections/_encourage_form.html" if request.htmx else "reflections/encourage_student.html"
    )
    context = {"student": student, "sent": request.GET.get("sent") == "1"}
    auto_id = f"encourage-{student.pk}-%s"  # unique ids when several forms share a page
    if request.method == "GET":
        return render(request, template, {**context, "form": EncouragementForm(auto_id=auto_id)})

    form = EncouragementForm(request.POST, auto_id=auto_id)
    status = 400
    if form.is_valid():
        try:
            services.encouragement_send(teacher=request.user, student=student, **form.cleaned_data)
        except NotAllowed as error:
            raise Http404 from error
        except TooManyEncouragements as error:
            form.add_error(None, ValidationError(error.message, code=error.code))
            status = 429
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if request.htmx:
                context.update({"form": EncouragementForm(auto_id=auto_id), "sent": True})
                return render(request, template, context)
            return redirect(reverse("reflections:encourage_student", args=[student.pk]) + "?sent=1")
    return render(request, template, {**context, "form": form}, status=status)
