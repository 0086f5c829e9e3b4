"""Where browsers report Content-Security-Policy violations (SECURE_CSP "report-uri").

Logged as warnings, so a page that breaks the policy shows in the server's log (and fails
the end-to-end tests, which read it). Anyone can post here: the body is capped and only
logged, never stored."""

import logging

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

logger = logging.getLogger("project.csp")
MAX_REPORT_BYTES = 4096


@csrf_exempt
@login_not_required
@require_POST
def csp_report(request):
    body = request.body[:MAX_REPORT_BYTES].decode(errors="replace")
    logger.warning("CSP violation: %s", body)
    return HttpResponse(status=204)
