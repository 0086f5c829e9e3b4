"""How long technical records are kept (docs/privacy.md, "For how long"): pure numbers."""

from datetime import timedelta

# The live rooms' log: settings.LIVE_ROOM_LOG_KEEP_HOURS (7 days), long enough for any
# client to resume after a night, and each room's last 500 events only (live/history.py);
# the words live on in their own tables (shown to the people in the conversation) until
# erased.
# A room's "who is here" row with nobody in it, untouched this long, is forgotten.
EMPTY_PRESENCE_ROOM = timedelta(days=1)
# Failed and throttled logins (django-axes): long enough to see an attack, no longer.
LOGIN_RECORDS = timedelta(days=30)
# Hand-off token ids are kept until the token expires (then it is refused anyway), plus the
# clock leeway; sessions until they expire (Django's SESSION_COOKIE_AGE).
