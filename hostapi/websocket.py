"""Websockets for clients that cannot carry our session cookie (the host's apps).

The client offers two subprotocols, `madrasti-jwt` and its access token:

    new WebSocket(url, ["madrasti-jwt", accessToken])

The token never appears in the URL (proxies and logs keep URLs). The server answers with the
`madrasti-jwt` subprotocol, as browsers require. A refused token still gets an answer: the
socket opens, sends `{"type": "error", "code": ..., "message": ...}` and closes with 4401.
"""

from channels.db import database_sync_to_async
from django.contrib.auth.models import AnonymousUser
from django.utils import translation

from . import services
from .errors import HostSignInError

SUBPROTOCOL = "madrasti-jwt"


def token_from_subprotocols(subprotocols) -> str | None:
    offered = list(subprotocols or [])
    if SUBPROTOCOL not in offered:
        return None
    index = offered.index(SUBPROTOCOL)
    return offered[index + 1] if index + 1 < len(offered) else ""


def _language(scope) -> str:
    for name, value in scope.get("headers", []):
        if name == b"accept-language":
            for part in value.decode("latin-1").split(","):
                code = part.split(";")[0].strip()
                if code:
                    try:
                        return translation.get_supported_language_variant(code)
                    except LookupError:
                        continue
    return translation.get_language()


def _sign_in(token: str, language: str):
    try:
        return services.token_sign_in(token=token), None
    except HostSignInError as error:
        with translation.override(language):
            return AnonymousUser(), {"code": error.code, "message": str(error.message)}


class HostTokenMiddleware:
    """Route a socket that carries a host token to `token_app` with that person as its user;
    every other socket goes through `cookie_app` (the usual origin check and session).

    A token socket skips the Origin check: that check stops other sites from riding on a
    visitor's cookie, and a token socket uses no cookie.
    """

    def __init__(self, token_app, cookie_app):
        self.token_app = token_app
        self.cookie_app = cookie_app

    async def __call__(self, scope, receive, send):
        token = token_from_subprotocols(scope.get("subprotocols"))
        if token is None:
            return await self.cookie_app(scope, receive, send)
        user, error = await database_sync_to_async(_sign_in)(token, _language(scope))
        scope = dict(scope, user=user, accepted_subprotocol=SUBPROTOCOL)
        if error is not None:
            scope["auth_error"] = error
        return await self.token_app(scope, receive, send)
