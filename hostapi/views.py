"""The hand-off from Madrasti 2.0: "Open my growth" exchanges a host token for a session."""

import time

from django.conf import settings
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from . import services
from .errors import HostSignInError, TokenMissing

# A hand-off into another account waits this long for the person's click.
PENDING_KEY = "host_handoff_pending"
PENDING_SECONDS = 300


# The host's page posts the form from its own origin (no CSRF cookie of ours there); the token
# itself is the proof, single-use and verified before anything is written.
@csrf_exempt
@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def handoff(request):
    data = request.POST if request.method == "POST" else request.GET
    try:
        token = data.get("token", "").strip()
        if not token:
            raise TokenMissing()
        user = services.handoff_redeem(token=token, in_url=request.method == "GET")
    except HostSignInError as error:
        return render(
            request,
            "hostapi/handoff_error.html",
            {"code": error.code, "message": error.message},
            status=error.status,
        )
    target = data.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = settings.LOGIN_REDIRECT_URL
    lang = data.get("lang") if data.get("lang") in dict(settings.LANGUAGES) else ""
    current = request.user
    if current.is_authenticated and current.pk != user.pk:
        # Someone else is signed in on this browser. A hand-off must not swap accounts
        # silently (a planted link would sign a pupil into another account, where their
        # words would land): the token is spent, the switch waits for a click on our own
        # CSRF-protected form.
        request.session[PENDING_KEY] = {
            "user": user.pk,
            "next": target,
            "lang": lang,
            "until": time.time() + PENDING_SECONDS,
        }
        return render(
            request, "hostapi/handoff_switch.html", {"current": current, "arriving": user}
        )
    return _sign_in(request, user, target, lang)


@require_POST
@never_cache
def handoff_switch(request):
    """The click that confirms a hand-off into another account (see `handoff`)."""
    pending = request.session.pop(PENDING_KEY, None)
    if not pending or pending["until"] < time.time():
        return redirect(settings.LOGIN_REDIRECT_URL)
    user = get_user_model().objects.filter(pk=pending["user"], is_active=True).first()
    if user is None:
        return redirect(settings.LOGIN_REDIRECT_URL)
    return _sign_in(request, user, pending["next"], pending["lang"])


def _sign_in(request, user, target: str, lang: str):
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    # 303: the browser follows with a GET, so a reload never re-posts the token.
    response = redirect(target)
    response.status_code = 303
    # The host's interface language, so the dashboard opens in the language the student uses.
    if lang:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            lang,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite="Lax",
            secure=request.is_secure(),
        )
    return response
