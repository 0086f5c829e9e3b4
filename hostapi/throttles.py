"""Rate limit of the attempts API, per platform client (django-ninja's throttling)."""

import threading

from django.conf import settings
from ninja.throttling import AuthRateThrottle


class ClientTokenThrottle(AuthRateThrottle):
    """`API_RATE_LIMIT` requests per client token (its ApiClient row, or the person of a
    personal token), in a sliding window
    kept in the cache (Redis in production, so shared by every process).

    ninja keeps a request's window on the throttle object itself, which every request thread
    shares; here it lives in a thread-local, so two clients' windows never mix. The rate is
    read from settings on each request."""

    scope = "attempts"
    _state = threading.local()

    def __init__(self):
        super().__init__(settings.API_RATE_LIMIT)

    def allow_request(self, request) -> bool:
        self.num_requests, self.duration = self.parse_rate(settings.API_RATE_LIMIT)
        return super().allow_request(request)

    def get_cache_key(self, request) -> str | None:
        auth = getattr(request, "auth", None)
        if auth is None:
            return None  # refused before by authentication
        # A platform token (ApiClient) or a person's own token (PersonalToken: per person).
        user = getattr(auth, "user", None)
        ident = f"user-{user.pk}" if user is not None else f"client-{auth.pk}"
        return self.cache_format % {"scope": self.scope, "ident": ident}

    # The per-request window, one per thread.
    key = property(lambda self: self._state.key, lambda self, v: setattr(self._state, "key", v))
    history = property(
        lambda self: self._state.history, lambda self, v: setattr(self._state, "history", v)
    )
    now = property(lambda self: self._state.now, lambda self, v: setattr(self._state, "now", v))
