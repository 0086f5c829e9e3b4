"""How the host's words map onto ours: pure functions, no ORM."""

import hashlib
import re

from accounts.models import User

# The host's roles (users.User.Role) and who they are here. STAFF and DRIVER have no place
# in Madrasti Growth: they are refused at sign-in and skipped by roster sync.
HOST_ROLES = {
    "STUDENT": User.Role.STUDENT,
    "TEACHER": User.Role.TEACHER,
    "ADMIN": User.Role.ADMIN,
    "PARENT": User.Role.PARENT,
}
# Who may open the app's pages and sockets with a host token (administrators use the admin
# site); parents see their children's weekly growth.
SIGN_IN_ROLES = frozenset({User.Role.STUDENT, User.Role.TEACHER, User.Role.PARENT})
# Who may report attempts with their own token: a student their own, a teacher their students'.
API_ROLES = frozenset({User.Role.STUDENT, User.Role.TEACHER})

_JWT = re.compile(r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def looks_like_jwt(token: str) -> bool:
    return bool(_JWT.match(token))


def host_role(value) -> str | None:
    """Our role for a host role value ("STUDENT", "student"), None when it has no place here."""
    if not isinstance(value, str):
        return None
    return HOST_ROLES.get(value.strip().upper())


def scoped_idempotency_key(user_id: int, key: str) -> str:
    """A key sent with a person's own token is theirs alone: two people's keys never meet."""
    scoped = f"u{user_id}:{key}"
    if len(scoped) <= 100:
        return scoped
    return f"u{user_id}:sha256:{hashlib.sha256(key.encode()).hexdigest()}"


def split_full_name(full_name: str) -> tuple[str, str]:
    parts = full_name.split(maxsplit=1)
    return (parts[0], parts[1]) if len(parts) == 2 else (full_name, "")
