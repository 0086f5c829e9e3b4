"""Pages for peer help: ask, the lists, the live chat page, the wrap-up, the teacher's list."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import selectors, services
from .errors import AlreadyTaken, InvalidRequest, NotAllowed, PeerHelpError
from .forms import HelpRequestForm, WrapUpForm


def _student(request):
    if not (request.user.is_student and request.user.is_active):
        raise PermissionDenied
    return request.user


def _askable_skill(student, raw):
    try:
        return selectors.askable_skills(student=student).filter(pk=int(raw)).first()
    except (TypeError, ValueError):
        return None


def _suggestions(student, skill):
    if skill is None:
        return []
    return selectors.suggested_helpers(requester=student, skill=skill)


def _found(request, pk: int):
    found = selectors.request_for(user=request.user, pk=pk)
    if found is None:
        raise Http404
    return found


@require_GET
def help_home(request):
    if request.user.is_teacher:
        sessions = selectors.teacher_sessions(teacher=request.user)
        return render(request, "peerhelp/teacher.html", {"sessions": sessions})
    student = _student(request)
    return render(
        request,
        "peerhelp/home.html",
        {
            "groups": selectors.student_requests(student=student),
            "to_help": selectors.requests_to_help(student=student),
            "available": selectors.is_available(student=student),
            "recognition": selectors.recognition(student=student),
        },
    )


@require_http_methods(["GET", "POST"])
def help_ask(request):
    student = _student(request)
    data = request.POST if request.method == "POST" else None
    skill = _askable_skill(student, (data or request.GET).get("skill"))
    suggestions = _suggestions(student, skill)
    initial = {"skill": skill.pk} if skill else {}
    form = HelpRequestForm(data, student=student, suggestions=suggestions, initial=initial)
    context = {"form": form, "suggestions": suggestions, "skill": skill}
    if request.method == "GET":
        return render(request, "peerhelp/ask.html", context)
    if form.is_valid():
        try:
            help_request = services.help_request_create(
                requester=student,
                skill=form.cleaned_data["skill"],
                topic=form.cleaned_data["topic"],
                question=form.cleaned_data["question"],
                helper=form.chosen_helper(),
            )
        except InvalidRequest as error:
            form.add_error(None, str(error.message))
        else:
            return redirect("peerhelp:chat", help_request.pk)
    return render(request, "peerhelp/ask.html", context, status=400)


@require_GET
def help_suggestions(request):
    """The suggested helpers for one skill (swapped into the ask form by htmx)."""
    student = _student(request)
    skill = _askable_skill(student, request.GET.get("skill"))
    if skill is None:
        raise Http404
    return render(
        request,
        "peerhelp/_helpers.html",
        {"suggestions": _suggestions(student, skill), "skill": skill},
    )


@require_POST
def help_availability(request):
    student = _student(request)
    available = request.POST.get("available") == "1"
    services.helper_availability_set(student=student, available=available)
    if available:
        messages.success(request, _("Thank you! Classmates can now ask you for help."))
    else:
        messages.info(request, _("You are no longer suggested as a helper. Thanks for helping!"))
    return redirect("peerhelp:home")


@require_GET
def help_chat(request, pk: int):
    help_request, role = _found(request, pk)
    return render(request, "peerhelp/chat.html", {"help": help_request, "role": role})


@require_POST
def help_accept(request, pk: int):
    student = _student(request)
    try:
        services.help_request_accept(request_id=pk, helper=student)
    except AlreadyTaken as error:
        messages.info(request, str(error.message))
        return redirect("peerhelp:home")
    except PeerHelpError as error:
        raise PermissionDenied(str(error.message)) from error
    return redirect("peerhelp:chat", pk)


@require_POST
def help_cancel(request, pk: int):
    student = _student(request)
    try:
        services.help_request_cancel(request_id=pk, requester=student)
    except NotAllowed as error:
        raise PermissionDenied(str(error.message)) from error
    except PeerHelpError as error:
        messages.info(request, str(error.message))
    return redirect("peerhelp:home")


@require_POST
def help_done(request, pk: int):
    student = _student(request)
    try:
        services.help_session_complete(request_id=pk, user=student)
    except NotAllowed as error:
        raise PermissionDenied(str(error.message)) from error
    except PeerHelpError as error:
        messages.info(request, str(error.message))
        return redirect("peerhelp:chat", pk)
    return redirect("peerhelp:wrap_up", pk)


@require_http_methods(["GET", "POST"])
def help_wrap_up(request, pk: int):
    help_request, role = _found(request, pk)
    if role not in selectors.PARTICIPANTS:
        raise PermissionDenied
    if help_request.status != help_request.Status.COMPLETED:
        return redirect("peerhelp:chat", pk)
    rates = role == selectors.REQUESTER
    initial = {
        "rating": help_request.rating,
        "thank_you": help_request.thank_you,
        "learned": help_request.requester_learned if rates else help_request.helper_learned,
    }
    form = WrapUpForm(request.POST or None, rates=rates, initial=initial)
    context = {"help": help_request, "role": role, "form": form}
    if request.method == "GET":
        return render(request, "peerhelp/wrap_up.html", context)
    if form.is_valid():
        try:
            services.help_session_wrap_up(request_id=pk, user=request.user, **form.cleaned_data)
        except PeerHelpError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("Thank you for wrapping up. Learning together counts!"))
            return redirect("peerhelp:home")
    return render(request, "peerhelp/wrap_up.html", context, status=400)


@require_POST
def help_acknowledge(request, pk: int):
    try:
        services.help_session_acknowledge(request_id=pk, teacher=request.user)
    except NotAllowed as error:
        raise PermissionDenied(str(error.message)) from error
    except PeerHelpError as error:
        messages.info(request, str(error.message))
    else:
        messages.success(request, _("Acknowledged. The helper has been told."))
    return redirect("peerhelp:home")
