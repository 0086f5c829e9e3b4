import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from accounts.models import User
from reflections.models import Encouragement
from reflections.services import reflection_invitation_dismiss
from tests.factories import make_user

from .conftest import make_reflection, make_run

pytestmark = pytest.mark.django_db


def test_every_reflections_model_is_in_the_admin():
    models = apps.get_app_config("reflections").get_models()
    assert [m.__name__ for m in models if m not in admin.site._registry] == []


def test_admin_pages_render(client, world):
    run = make_run(world.alice, world.exercise)
    make_reflection(
        world.alice, world.exercise, run=run, feedback="Nice", feedback_by=world.teacher_a
    )
    Encouragement.objects.create(teacher=world.teacher_a, student=world.alice, preset="effort")
    reflection_invitation_dismiss(student=world.alice, run=run)
    client.force_login(make_user("root", User.Role.ADMIN, is_staff=True, is_superuser=True))
    for model in apps.get_app_config("reflections").get_models():
        prefix = f"admin:reflections_{model._meta.model_name}"
        assert client.get(reverse(f"{prefix}_changelist")).status_code == 200
        obj = model.objects.get()
        assert client.get(reverse(f"{prefix}_change", args=[obj.pk])).status_code == 200
