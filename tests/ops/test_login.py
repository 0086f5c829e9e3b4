"""Logging in hashes the password without holding a database connection, once."""

import pytest
from django.contrib.auth import base_user
from django.db import connection
from django.test import Client

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def hashing(monkeypatch):
    """Records, for each password check, whether a database connection was held."""
    held = []
    check = base_user.check_password

    def spy(*args, **kwargs):
        held.append(connection.connection is not None)
        return check(*args, **kwargs)

    monkeypatch.setattr(base_user, "check_password", spy)
    return held


def _log_in(username: str, password: str):
    return Client().post("/accounts/login/", {"username": username, "password": password})


def test_the_right_password_logs_in_and_was_hashed_without_a_connection(world, hashing):
    response = _log_in("alice", PASSWORD)
    assert response.status_code == 302
    assert response.url == "/"
    assert hashing == [False]


def test_a_wrong_password_is_hashed_once_and_refused_kindly(world, hashing):
    response = _log_in("alice", "not-the-password")
    assert response.status_code == 200
    assert "That username and password did not match" in response.content.decode()
    assert hashing == [False]  # Django's ModelBackend, listed after, did not hash it again


def test_an_unknown_username_is_refused_like_a_wrong_password(world, monkeypatch):
    hashed = []
    set_password = base_user.AbstractBaseUser.set_password

    def spy(self, raw):
        hashed.append(connection.connection is not None)
        return set_password(self, raw)

    monkeypatch.setattr(base_user.AbstractBaseUser, "set_password", spy)
    response = _log_in("nobody", "whatever-it-is")
    assert response.status_code == 200
    assert hashed == [False]  # hashed anyway (same time as a wrong password), no connection


def test_sessions_opened_by_djangos_model_backend_stay_valid(world):
    client = Client()
    client.force_login(world.alice, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get("/").status_code == 200
