"""The hand-off from Madrasti 2.0: "Open my growth" exchanges a host token for a session."""

from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from . import services
from .errors import HostSignInError, TokenMissing


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
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    target = data.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = settings.LOGIN_REDIRECT_URL
    # 303: the browser follows with a GET, so a reload never re-posts the token.
    response = redirect(target)
    response.status_code = 303
    # The host's interface language, so the dashboard opens in the language the student uses.
    if data.get("lang") in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            data["lang"],
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite="Lax",
            secure=request.is_secure(),
        )
    return response
