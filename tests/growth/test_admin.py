import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from accounts.models import User
from tests.factories import make_user
from tests.growth.helpers import answer, numeric_exercise

pytestmark = pytest.mark.django_db


def test_every_growth_model_is_in_the_admin():
    models = apps.get_app_config("growth").get_models()
    assert [m.__name__ for m in models if m not in admin.site._registry] == []


def test_growth_admin_pages_render_read_only(client, world):
    _, [question] = numeric_exercise(world.skills[0], questions=1)
    answer(world.alice, question, correct=False)
    answer(world.alice, question)
    _, rushed = numeric_exercise(world.skills[0], questions=5)
    for q in rushed:
        answer(world.bilal, q, correct=False, seconds=1)
    root = make_user("root", User.Role.ADMIN, is_staff=True, is_superuser=True)
    client.force_login(root)
    for model in apps.get_app_config("growth").get_models():
        prefix = f"admin:growth_{model._meta.model_name}"
        assert client.get(reverse(f"{prefix}_changelist")).status_code == 200
        obj = model.objects.first()
        assert obj is not None, model
        assert client.get(reverse(f"{prefix}_change", args=[obj.pk])).status_code == 200
        assert client.get(reverse(f"{prefix}_add")).status_code == 403
