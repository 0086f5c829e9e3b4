"""Pages for friendly challenges: invite, my challenges, and the live match page."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from . import selectors, services
from .errors import ChallengeError, InvalidInvitation
from .forms import ChallengeForm


@require_GET
def challenge_list(request):
    if request.user.is_teacher:
        live = selectors.class_live_challenges(teacher=request.user)
        return render(request, "challenges/list.html", {"observing": live})
    if not request.user.is_student:
        raise PermissionDenied
    groups = selectors.student_challenges(student=request.user)
    return render(request, "challenges/list.html", {"groups": groups, "now": timezone.now()})


@require_http_methods(["GET", "POST"])
def challenge_new(request):
    if not request.user.is_student:
        raise PermissionDenied
    if request.method == "GET":
        initial = {k: request.GET[k] for k in ("opponent", "exercise", "kind") if k in request.GET}
        form = ChallengeForm(student=request.user, initial=initial)
        return render(request, "challenges/new.html", {"form": form})
    form = ChallengeForm(request.POST, student=request.user)
    if form.is_valid():
        try:
            services.challenge_invite(challenger=request.user, **form.cleaned_data)
        except InvalidInvitation as error:
            form.add_error(None, str(error.message))
        else:
            return redirect("challenges:list")
    return render(request, "challenges/new.html", {"form": form}, status=400)


@require_GET
def challenge_invitation(request, pk: int):
    """One invitation with its answers, for the invitee's live notice on any page."""
    challenge = selectors.invitation_for(student=request.user, pk=pk)
    if challenge is None:
        raise Http404
    return render(request, "challenges/_invitation.html", {"challenge": challenge})


@require_POST
def challenge_respond(request, pk: int, action: str):
    """Accept (to the match) or "not this time". From a notice or a card (htmx) the answer
    is given in place: declining removes the invitation, a refusal is explained there."""
    if action not in ("accept", "decline"):
        raise Http404
    accept = action == "accept"
    try:
        services.challenge_respond(challenge_id=pk, player=request.user, accept=accept)
    except ChallengeError as error:
        if request.htmx:
            context = {"pk": pk, "message": error.message}
            return render(request, "includes/invitation_closed.html", context, status=409)
        raise PermissionDenied(str(error.message)) from error
    if request.htmx:
        if accept:
            return HttpResponseClientRedirect(reverse("challenges:play", args=[pk]))
        return HttpResponse("")
    if accept:
        return redirect("challenges:play", pk)
    return redirect("challenges:list")


@require_GET
def challenge_play(request, pk: int):
    found = selectors.challenge_for(user=request.user, pk=pk)
    if found is None:
        raise Http404
    challenge, role = found
    rematch = None
    if role == selectors.PLAYER:
        mine = challenge.challenger_id == request.user.pk
        other = challenge.opponent if mine else challenge.challenger
        rematch = {"opponent": other.pk, "exercise": challenge.exercise_id, "kind": challenge.kind}
    return render(
        request,
        "challenges/play.html",
        {"challenge": challenge, "role": role, "rematch": rematch},
    )
