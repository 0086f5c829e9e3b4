"""A page that meets a transient database fault answers 503 with a retry note, not a 500."""

import logging
import sys

from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views import defaults

from .dbfaults import RETRY_AFTER_SECONDS, is_transient

logger = logging.getLogger(__name__)


def unavailable(request: HttpRequest, error: BaseException) -> HttpResponse:
    """503 with Retry-After. Rendered without the request's context processors: they would
    query the database that just failed (the user, the unread badge)."""
    logger.warning("database unavailable for %s %s: %s", request.method, request.path, error)
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {
                "code": "unavailable",
                "message": "The service is briefly unavailable. Retry in a few seconds.",
            },
            status=503,
        )
    else:
        response = HttpResponse(
            render_to_string("503.html", {"retry_after": RETRY_AFTER_SECONDS}), status=503
        )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """Turns a transient database error raised by a view into a 503 page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if is_transient(exception):
            return unavailable(request, exception)
        return None


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: a fault raised outside the view (saving the session, a middleware) is
    still a 503 when it was the database's; anything else is the usual 500."""
    error = sys.exc_info()[1]
    if is_transient(error):
        return unavailable(request, error)
    try:
        return defaults.server_error(request)
    except Exception:  # the 500 page itself must never fail
        return HttpResponseServerError(_("Something went wrong on our side."))
