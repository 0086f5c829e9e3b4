"""Signing a websocket in by its session cookie, without Channels' `send` wrapper.

Channels' `SessionMiddleware` resolves the session from the cookie (what `AuthMiddleware`
needs to find the user) and also wraps the application's `send`, so that a session modified
while answering is saved and its cookie set. That save only ever happens on an HTTP response
(`http.response.start`, the only message that can carry a cookie back): on a websocket the
wrapper saves nothing, whatever a consumer does with the session, yet it runs on every
frame sent (a look at the lazy session, one more coroutine per pong and per relayed event).
No consumer here writes the session (signing in and out are pages), so sockets keep the
resolving and drop the wrapper: the same user, the same session, nothing saved before or
after, one layer less on every send.
"""

from channels.auth import AuthMiddleware
from channels.sessions import CookieMiddleware, InstanceSessionWrapper, SessionMiddleware


class SocketSessionMiddleware(SessionMiddleware):
    """`SessionMiddleware` whose websockets send straight to the server."""

    async def __call__(self, scope, receive, send):
        if scope["type"] != "websocket":
            return await super().__call__(scope, receive, send)
        wrapper = InstanceSessionWrapper(scope, send)
        await wrapper.resolve_session()
        return await self.inner(wrapper.scope, receive, send)


def SocketAuthMiddlewareStack(inner):  # noqa: N802 - named like Channels' AuthMiddlewareStack
    """Channels' `AuthMiddlewareStack` with `SocketSessionMiddleware` in the middle."""
    return CookieMiddleware(SocketSessionMiddleware(AuthMiddleware(inner)))
