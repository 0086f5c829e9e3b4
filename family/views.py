"""A parent's pages: each child's week, the sibling switcher, the weekly email switch.

Only a parent who follows a child sees anything of them: any other id answers 404, so a
guessed id tells nothing."""

from functools import wraps

from django.contrib.auth.decorators import login_not_required
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import User

from . import digest, selectors, services
from .models import FamilyPreference


def parent_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_parent:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _preference(request) -> FamilyPreference:
    """The parent's settings; the language they read in is remembered for their email."""
    preference = FamilyPreference.objects.filter(parent=request.user).first()
    if preference is None or preference.language != request.LANGUAGE_CODE:
        services.family_language_remember(parent=request.user, language=request.LANGUAGE_CODE)
    return preference or FamilyPreference(parent=request.user)


@require_GET
@parent_required
def family_home(request):
    children = selectors.children_of(parent=request.user)
    if children:
        return redirect("family:child", children[0].pk)
    return render(request, "family/no_children.html")


@require_GET
@parent_required
def child_week(request, child_id: int):
    children = selectors.children_of(parent=request.user)
    child = next((c for c in children if c.pk == child_id), None)
    if child is None:
        raise Http404
    return render(
        request,
        "family/child_week.html",
        {
            "children": children,
            "week": selectors.child_week(child=child),
            "weekly_email": _preference(request).weekly_email,
        },
    )


@require_POST
@parent_required
def weekly_email(request):
    on = request.POST.get("on") == "1"
    services.weekly_email_set(parent=request.user, on=on)
    child = request.POST.get("child", "")
    if request.htmx:
        return render(request, "family/_weekly_email.html", {"weekly_email": on, "child_id": child})
    return redirect("family:child", int(child)) if child.isdigit() else redirect("family:home")


@login_not_required
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    """The link in every weekly email: no sign-in needed, a button (never a bare GET) turns
    the email off, so a mail scanner following links changes nothing."""
    try:
        parent = User.objects.get(pk=digest.read_unsubscribe_token(token), role=User.Role.PARENT)
    except (signing.BadSignature, User.DoesNotExist):
        raise Http404 from None
    done = request.method == "POST"
    if done:
        services.weekly_email_set(parent=parent, on=False)
    return render(request, "family/unsubscribe.html", {"done": done, "token": token})
