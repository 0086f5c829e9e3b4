"""/healthz: the database and a channel-layer round trip, no login, JSON."""

import pytest
from django.test import Client

from project import health

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_healthy_process_answers_200_without_a_login():
    response = Client().get("/healthz")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"]["ok"] and body["checks"]["channel_layer"]["ok"]
    assert "no-cache" in response["Cache-Control"]


def test_a_failing_database_or_channel_layer_is_a_503_naming_it(monkeypatch):
    def down():
        raise OSError("connection refused")

    monkeypatch.setattr(health, "_database", down)
    body = Client().get("/healthz").json()
    assert body["status"] == "unavailable"
    assert body["checks"]["database"] == {"ok": False, "error": "OSError"}
    assert body["checks"]["channel_layer"]["ok"]

    async def silent():
        raise TimeoutError

    monkeypatch.undo()
    monkeypatch.setattr(health, "_channel_layer", silent)
    response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["channel_layer"]["ok"] is False


def test_only_get():
    assert Client().post("/healthz").status_code == 405
