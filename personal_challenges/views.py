"""Pages for personal challenges. Every page works without JavaScript; with htmx, the one-click
actions swap the challenge's card in place."""

from functools import wraps

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from reflections.forms import add_service_errors

from . import rules, selectors, services
from .errors import NotAllowed
from .forms import ChallengeForm
from .models import PersonalChallenge


def student_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_student:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _visible(request, pk: int) -> PersonalChallenge:
    challenge = selectors.challenge_for(user=request.user, pk=pk)
    if challenge is None:
        raise Http404
    return challenge


def _own(request, pk: int) -> PersonalChallenge:
    challenge = _visible(request, pk)
    if challenge.student_id != request.user.pk:
        raise Http404
    return challenge


@require_GET
def challenge_list(request):
    if request.user.is_teacher:
        return redirect("personal_challenges:shared")
    if not request.user.is_student:
        raise PermissionDenied
    groups = selectors.student_challenges(student=request.user)
    template = (
        "personal_challenges/_groups.html" if request.htmx else "personal_challenges/list.html"
    )
    return render(request, template, {"groups": groups, "max_active": rules.MAX_ACTIVE})


@require_http_methods(["GET", "POST"])
@student_required
def challenge_new(request):
    options = selectors.creation_options(student=request.user)
    kinds = selectors.available_kinds()
    kind = request.POST.get("kind") if request.method == "POST" else request.GET.get("kind")
    if kind not in kinds:
        if request.method == "POST":
            context = {"options": options, "kinds": kinds, "bad_kind": True}
            return render(request, "personal_challenges/pick.html", context, status=400)
        context = {"options": options, "kinds": kinds}
        return render(request, "personal_challenges/pick.html", context)
    if request.method == "GET":
        form = ChallengeForm(kind=kind, options=options)
        return render(request, "personal_challenges/new.html", {"form": form, "kind": kind})
    form = ChallengeForm(request.POST, kind=kind, options=options)
    if form.is_valid():
        data = dict(form.cleaned_data)
        try:
            challenge = services.personal_challenge_create(student=request.user, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect(reverse("personal_challenges:list") + f"#challenge-{challenge.pk}")
    return render(request, "personal_challenges/new.html", {"form": form, "kind": kind}, status=400)


@require_GET
def challenge_detail(request, pk: int):
    challenge = _visible(request, pk)
    view = selectors.ChallengeView(challenge, timezone.localdate())
    return render(
        request,
        "personal_challenges/detail.html",
        {"view": view, "challenge": challenge, "mine": challenge.student_id == request.user.pk},
    )


ACTIONS = {
    "pause": services.personal_challenge_pause,
    "resume": services.personal_challenge_resume,
    "set-aside": services.personal_challenge_set_aside,
}


@require_POST
@student_required
def challenge_action(request, pk: int, action: str):
    service = ACTIONS.get(action)
    if service is None:
        raise Http404
    challenge = _own(request, pk)
    error = None
    try:
        service(student=request.user, challenge=challenge)
    except NotAllowed as refused:
        raise Http404 from refused
    except ValidationError as refused:
        error = " ".join(refused.messages)
    if request.htmx:
        view = selectors.ChallengeView(challenge, timezone.localdate())
        return render(
            request,
            "personal_challenges/_card.html",
            {"view": view, "error": error},
            status=400 if error else 200,
        )
    if error:
        groups = selectors.student_challenges(student=request.user)
        context = {"groups": groups, "max_active": rules.MAX_ACTIVE, "error": error}
        return render(request, "personal_challenges/list.html", context, status=400)
    return redirect(reverse("personal_challenges:list") + f"#challenge-{challenge.pk}")


@require_POST
@student_required
def challenge_share(request, pk: int):
    challenge = _own(request, pk)
    raw = request.POST.get("shared")
    if raw not in ("0", "1"):
        return render(
            request,
            "personal_challenges/detail.html",
            {
                "view": selectors.ChallengeView(challenge, timezone.localdate()),
                "challenge": challenge,
                "mine": True,
                "error": True,
            },
            status=400,
        )
    services.personal_challenge_share(student=request.user, challenge=challenge, shared=raw == "1")
    return redirect("personal_challenges:detail", challenge.pk)


@require_GET
def challenge_reflect(request, pk: int):
    """The reflection a completion invites: the reflections flow, on the exercise practised
    when the challenge was completed (its pass too, when it finished one). Only the owner
    has one: anyone else, a teacher it is shared with included, gets 404."""
    challenge = _own(request, pk)
    if challenge.reflection_id:
        return redirect("reflections:detail", challenge.reflection_id)
    if challenge.status != PersonalChallenge.Status.COMPLETED or not challenge.reflect_exercise_id:
        return redirect("reflections:portfolio")
    url = reverse("reflections:new", args=[challenge.reflect_exercise_id])
    if challenge.reflect_run_id:
        url += f"?run={challenge.reflect_run_id}"
    return redirect(url)


@require_GET
def shared_list(request):
    if not request.user.is_teacher:
        raise PermissionDenied
    views = selectors.shared_with_teacher(teacher=request.user)
    return render(request, "personal_challenges/shared.html", {"views": views})
