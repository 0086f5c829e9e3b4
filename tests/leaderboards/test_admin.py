import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from accounts.models import User
from leaderboards import services
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_every_leaderboard_model_is_in_the_admin():
    models = apps.get_app_config("leaderboards").get_models()
    assert [m.__name__ for m in models if m not in admin.site._registry] == []


def test_leaderboard_admin_pages_render(client, world):
    services.participant_join(student=world.alice)
    services.participant_set_metric(student=world.alice, metric="consistency", included=False)
    client.force_login(make_user("root", User.Role.ADMIN, is_staff=True, is_superuser=True))
    for model in apps.get_app_config("leaderboards").get_models():
        prefix = f"admin:leaderboards_{model._meta.model_name}"
        assert client.get(reverse(f"{prefix}_changelist")).status_code == 200
        obj = model.objects.first()
        assert obj is not None, model
        assert client.get(reverse(f"{prefix}_change", args=[obj.pk])).status_code == 200
