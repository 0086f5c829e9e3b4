import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")
django_asgi_app = get_asgi_application()

# With DEBUG off, refuse to start without collected static files (a clear error, not a 500
# on every page).
from project.checks import fail_unless_static_collected  # noqa: E402

fail_unless_static_collected()

# Imported after Django is set up: the routes import models.
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from consumers.routing import websocket_urlpatterns  # noqa: E402
from hostapi.websocket import HostTokenMiddleware  # noqa: E402
from live.socket_session import SocketAuthMiddlewareStack  # noqa: E402

routes = URLRouter(websocket_urlpatterns)
application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        # A socket carrying a Madrasti 2.0 token (Sec-WebSocket-Protocol) signs in with it;
        # every other socket is checked for its Origin and signed in by its session cookie
        # (live/socket_session.py: without Channels' session-saving `send` wrapper, which
        # never saves on a websocket but ran on every frame sent).
        "websocket": HostTokenMiddleware(
            token_app=routes,
            cookie_app=AllowedHostsOriginValidator(SocketAuthMiddlewareStack(routes)),
        ),
    }
)

# Everything loaded so far (Django, the apps, the URL patterns) lives as long as the process:
# move it out of the garbage collector's sight, so a collection during a request traverses
# that request's objects only. A class view of 1,000 students allocates enough to trigger
# full collections, each of which walked the whole loaded framework (bench/dashboards.py
# freezes the same way; bench/RESULTS.md has the difference).
import gc  # noqa: E402

from django.urls import get_resolver  # noqa: E402

get_resolver().url_patterns  # noqa: B018 - imports every view module now, before the freeze
gc.collect()
gc.freeze()

# An open socket's objects (its protocol, consumer, tasks, session and user) live as long as
# the socket: 10,000 open pages are millions of old objects, and a full collection over them
# holds every socket for about a second. Python runs one whenever a quarter as many objects
# again have been promoted to the old generation since the last. With Python's young
# threshold (700 to 2,000), the objects of pings and events in flight were promoted many
# times a second and full collections came every 10-20 s. A larger young generation lets
# those die young (its collections stay in the tens of milliseconds); bench/RESULTS.md.
from django.conf import settings  # noqa: E402

_young, _middle, _old = gc.get_threshold()
gc.set_threshold(max(_young, settings.GC_YOUNG_THRESHOLD), _middle, _old)
