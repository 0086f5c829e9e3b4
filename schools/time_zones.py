"""Each person's pages read in their school's time zone.

The zone is looked up once, when the person signs in, and kept in the session: pages then
activate it without a query (the page query counts stay fixed). A school that changes its
zone is seen at its people's next sign-in.
"""

import contextlib
import zoneinfo

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils import timezone

from . import selectors

SESSION_KEY = "school_time_zone"


@receiver(user_logged_in)
def remember_time_zone(sender, request, user, **kwargs) -> None:
    zone = selectors.time_zone_for(user=user)
    if request is not None and hasattr(request, "session"):
        if zone:
            request.session[SESSION_KEY] = zone
        else:
            request.session.pop(SESSION_KEY, None)


class SchoolTimeZoneMiddleware:
    """Activates the time zone kept in the session (the default zone otherwise)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        timezone.deactivate()
        zone = getattr(request, "session", {}).get(SESSION_KEY)
        # A zone removed since sign-in leaves the default zone.
        with contextlib.suppress(zoneinfo.ZoneInfoNotFoundError, ValueError):
            if zone:
                timezone.activate(zoneinfo.ZoneInfo(zone))
        return self.get_response(request)
