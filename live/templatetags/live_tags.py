from django import template

from live.presence import heartbeat_seconds

register = template.Library()


@register.simple_tag
def live_heartbeat_ms() -> int:
    """How often a page pings its live sockets, so presence outlives no dropped tab."""
    return int(heartbeat_seconds() * 1000)
