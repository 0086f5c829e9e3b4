"""Logging in without holding a database connection while the password is hashed.

PBKDF2 takes about 0.4 s of CPU on purpose. Django's ModelBackend keeps the request's pooled
connection for all of it, so a class logging in together (50 at once) exhausted the pool and
got errors. Here the user is fetched, the connection goes back to the pool, the password is
hashed, and whatever follows (login, session) takes a connection again for a few ms.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.db import connection


def release_connection() -> None:
    """Give the connection back to the pool (or close it); the next query takes one again.
    Never inside a transaction: closing there would abort it."""
    if not connection.in_atomic_block:
        connection.close()


class ModelBackendReleasingConnection(ModelBackend):
    """Answers every username-and-password login itself: a refusal raises PermissionDenied,
    which ends the chain, so Django's ModelBackend listed after it (kept only so sessions
    opened before it existed stay valid) never hashes the same password a second time."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        user_model = get_user_model()
        if username is None:
            username = kwargs.get(user_model.USERNAME_FIELD)
        if username is None or password is None:
            return None
        try:
            user = user_model._default_manager.get_by_natural_key(username)
        except user_model.DoesNotExist:
            release_connection()
            # Hash anyway, so a missing username takes as long as a wrong password.
            user_model().set_password(password)
            raise PermissionDenied from None
        release_connection()
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        raise PermissionDenied
