"""The page a locked-out login gets (django-axes' AXES_LOCKOUT_CALLABLE): 429, kind words."""

import math

from django.conf import settings
from django.shortcuts import render


def locked_out(request, original_response=None, credentials=None):
    seconds = settings.AXES_COOLOFF_TIME.total_seconds()
    response = render(
        request,
        "registration/locked_out.html",
        {"cooloff_minutes": math.ceil(seconds / 60)},
        status=429,
    )
    response["Retry-After"] = str(math.ceil(seconds))
    return response
