"""Pages for study groups: list, create, the group page, the live session, a session record.

Every view asks selectors who is asking: members and the class's teachers see a group; a
classmate outside it sees only its card on the list; anyone else gets a 404.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from . import selectors, services, sessions
from .errors import GroupError
from .forms import GoalForm, GroupForm, InviteForm, ReflectionForm


def _group_or_404(request, pk: int):
    found = selectors.group_for(user=request.user, pk=pk)
    if found is None:
        raise Http404
    return found


def _member_group_or_404(request, pk: int):
    group, role = _group_or_404(request, pk)
    if role != selectors.MEMBER:
        raise PermissionDenied
    return group


@require_GET
def group_list(request):
    if request.user.is_teacher:
        groups = selectors.teacher_groups(teacher=request.user)
        return render(request, "collaboration/list.html", {"observing": groups})
    if not request.user.is_student:
        raise PermissionDenied
    return render(
        request,
        "collaboration/list.html",
        {"lists": selectors.student_groups(student=request.user)},
    )


@require_http_methods(["GET", "POST"])
def group_new(request):
    if not request.user.is_student:
        raise PermissionDenied
    if request.method == "GET":
        return render(request, "collaboration/new.html", {"form": GroupForm(student=request.user)})
    form = GroupForm(request.POST, student=request.user)
    if form.is_valid():
        try:
            group = services.group_create(creator=request.user, **form.cleaned_data)
        except GroupError as error:
            form.add_error(None, str(error.message))
        else:
            return redirect("groups:detail", group.pk)
    return render(request, "collaboration/new.html", {"form": form}, status=400)


def _detail_context(request, group, role, **forms):
    member_list = selectors.members(group=group)
    context = {
        "group": group,
        "role": role,
        "members": member_list,
        "goals": selectors.goals_progress(group=group, member_list=member_list),
        "sessions": selectors.session_history(group=group),
        "live": bool(selectors.open_session_groups(group_ids=[group.pk])),
    }
    if role == selectors.MEMBER:
        context["invite_form"] = forms.get("invite_form") or InviteForm(group=group)
        context["goal_form"] = forms.get("goal_form") or GoalForm(group=group)
    return context


@require_GET
def group_detail(request, pk: int):
    group, role = _group_or_404(request, pk)
    return render(request, "collaboration/detail.html", _detail_context(request, group, role))


@require_GET
def group_live(request, pk: int):
    group, role = _group_or_404(request, pk)
    return render(request, "collaboration/live.html", {"group": group, "role": role})


@require_POST
def group_join(request, pk: int):
    try:
        services.group_join(group_id=pk, student=request.user)
    except GroupError as error:
        raise PermissionDenied(str(error.message)) from error
    return redirect("groups:detail", pk)


@require_POST
def group_leave(request, pk: int):
    _member_group_or_404(request, pk)
    services.group_leave(group_id=pk, student=request.user)
    return redirect("groups:list")


@require_POST
def group_invite(request, pk: int):
    group = _member_group_or_404(request, pk)
    form = InviteForm(request.POST, group=group)
    if form.is_valid():
        try:
            services.group_invite(
                group_id=pk, inviter=request.user, invitee=form.cleaned_data["invitee"]
            )
        except GroupError as error:
            form.add_error(None, str(error.message))
        else:
            return redirect("groups:detail", pk)
    context = _detail_context(request, group, selectors.MEMBER, invite_form=form)
    return render(request, "collaboration/detail.html", context, status=400)


@require_GET
def invitation_notice(request, pk: int):
    """One invitation with its answers, for the invitee's live notice on any page."""
    invitation = selectors.pending_invitation(student=request.user, pk=pk)
    if invitation is None:
        raise Http404
    return render(request, "collaboration/_invitation.html", {"invitation": invitation})


@require_POST
def invitation_respond(request, pk: int, action: str):
    """Join or "not this time"; from a notice or the card (htmx) answered in place."""
    if action not in ("accept", "decline"):
        raise Http404
    accept = action == "accept"
    try:
        invitation = services.invitation_respond(
            invitation_id=pk, student=request.user, accept=accept
        )
    except GroupError as error:
        if request.htmx:
            context = {"pk": pk, "message": error.message}
            return render(request, "includes/invitation_closed.html", context, status=409)
        raise Http404 from error
    if request.htmx:
        if accept:
            return HttpResponseClientRedirect(reverse("groups:detail", args=[invitation.group_id]))
        return HttpResponse("")
    if accept:
        return redirect("groups:detail", invitation.group_id)
    return redirect("groups:list")


@require_POST
def goal_add(request, pk: int):
    group = _member_group_or_404(request, pk)
    form = GoalForm(request.POST, group=group)
    if form.is_valid():
        try:
            services.group_goal_add(group_id=pk, member=request.user, **form.cleaned_data)
        except GroupError as error:
            form.add_error(None, str(error.message))
        else:
            return redirect("groups:detail", pk)
    context = _detail_context(request, group, selectors.MEMBER, goal_form=form)
    return render(request, "collaboration/detail.html", context, status=400)


@require_POST
def goal_remove(request, pk: int, goal_pk: int):
    _member_group_or_404(request, pk)
    services.group_goal_remove(group_id=pk, member=request.user, goal_id=goal_pk)
    return redirect("groups:detail", pk)


@require_http_methods(["GET", "POST"])
def session_detail(request, pk: int):
    found = selectors.session_for(user=request.user, pk=pk)
    if found is None:
        raise Http404
    session, role = found
    may_reflect = selectors.may_reflect(user=request.user, session=session)
    form = ReflectionForm()
    status = 200
    if request.method == "POST":
        if not may_reflect:
            raise PermissionDenied
        form = ReflectionForm(request.POST)
        if form.is_valid():
            try:
                sessions.session_reflect(
                    session_id=pk, student=request.user, text=form.cleaned_data["text"]
                )
            except GroupError as error:
                form.add_error(None, str(error.message))
            else:
                return redirect("groups:session", pk)
        status = 400
    context = {
        **selectors.session_record(session=session),
        "role": role,
        "form": form if may_reflect else None,
    }
    return render(request, "collaboration/session.html", context, status=status)
