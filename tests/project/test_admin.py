import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from accounts.models import User
from tests.factories import make_user

OUR_APPS = {"accounts", "schools", "mastery", "live", "hostapi", "peerhelp", "collaboration"}


def test_every_model_is_in_the_admin():
    missing = [
        model.__name__
        for model in apps.get_models()
        if model._meta.app_label in OUR_APPS
        and model not in admin.site._registry
        and not model._meta.auto_created
    ]
    assert missing == []


@pytest.mark.django_db
def test_admin_pages_render_for_every_model(client, world):
    superuser = make_user("root", User.Role.ADMIN, is_staff=True, is_superuser=True)
    client.force_login(superuser)
    for model in admin.site._registry:
        if model._meta.app_label not in OUR_APPS:
            continue
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        assert client.get(reverse(f"{prefix}_changelist")).status_code == 200
        obj = model.objects.first()
        if obj is not None:
            url = reverse(f"{prefix}_change", args=[obj.pk])
            assert client.get(url).status_code == 200, url


@pytest.mark.django_db
def test_admin_refuses_a_prerequisite_loop(client, world):
    superuser = make_user("root", User.Role.ADMIN, is_staff=True, is_superuser=True)
    client.force_login(superuser)
    addition, _, division = world.skills
    url = reverse("admin:mastery_skill_change", args=[addition.pk])
    data = {
        "subject": world.math.pk,
        "code": "addition",
        "name_en": "Addition",
        "name_fr": "",
        "name_ar": "",
        "description_en": "",
        "description_fr": "",
        "description_ar": "",
        "tier": 1,
        "position": 0,
        "prerequisites": [division.pk],
        "required_mastery": 70,
        "p_init": 0.15,
        "p_learn": 0.12,
        "p_guess": 0.2,
        "p_slip": 0.1,
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "loop" in response.text
    assert not addition.prerequisites.exists()
