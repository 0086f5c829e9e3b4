"""Export: every model that links to a person is accounted for, and every kind of a
student's data reaches their archive (JSON and CSV), without other children's words."""

import io
import json
import zipfile

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import reverse

from accounts.models import User
from privacy.export import student_export
from privacy.holdings import BY_KEY, HOLDINGS
from tests.factories import make_user
from tests.family.helpers import parent_of
from tests.privacy.scenario import MARKER, everything

pytestmark = pytest.mark.django_db


def links_to_people() -> set[tuple[str, str]]:
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    return {
        (model._meta.label, field.name)
        for model in apps.get_models(include_auto_created=True)
        for field in model._meta.concrete_fields
        if field.is_relation and field.related_model is user_model
    }


def test_every_link_to_a_person_is_in_the_holdings():
    """A new model linking to a user fails here until export and erasure know about it."""
    missing = links_to_people() - BY_KEY.keys()
    assert not missing, f"add these to privacy/holdings.py: {sorted(missing)}"
    stale = BY_KEY.keys() - links_to_people()
    assert not stale, f"no longer links to a person: {sorted(stale)}"


def read(archive) -> dict[str, list]:
    with zipfile.ZipFile(io.BytesIO(archive.content)) as z:
        names = set(z.namelist())
        tables = {
            n.removeprefix("json/").removesuffix(".json"): json.loads(z.read(n))
            for n in names
            if n.startswith("json/")
        }
        for name in tables:
            assert f"csv/{name}.csv" in names
        assert "README.txt" in names
        return tables | {"_text": "\n".join(z.read(n).decode() for n in sorted(names))}


def test_the_archive_holds_every_kind_of_data(world):
    scenario = everything(world)
    tables = read(student_export(student=scenario.student))
    empty = [h.file for h in HOLDINGS if h.file and not tables.get(h.file)]
    assert not empty, f"no rows exported for {empty}"
    assert tables["account"][0]["display_name"] == f"Alice {MARKER}"
    log = json.dumps(tables["room_log"], ensure_ascii=False)
    assert f"help chat {MARKER}" in log and f"group chat {MARKER}" in log
    # Her words are there; her classmates' words and names are not.
    text = tables["_text"]
    assert f"topic {MARKER}" in text and f"thanks {MARKER}" in text
    for theirs in ("Carry the ten.", "Nice idea!", "How do tens carry?", "bilal", "dina"):
        assert theirs not in text, theirs
    assert "a classmate" in text


def test_a_student_downloads_their_own_data(client, world):
    client.force_login(world.alice)
    page = client.get(reverse("privacy:my_data"))
    assert page.status_code == 200 and reverse("privacy:my_archive") in page.text
    response = client.get(reverse("privacy:my_archive"))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    assert read(response)["account"][0]["username"] == "alice"
    client.force_login(world.teacher_a)
    assert client.get(reverse("privacy:my_archive")).status_code == 403


def test_a_parent_downloads_only_their_childs_data(client, world):
    client.force_login(parent_of(world.bilal))
    ok = client.get(reverse("privacy:child_archive", args=[world.bilal.pk]))
    assert ok.status_code == 200 and read(ok)["account"][0]["username"] == "bilal"
    for other in (world.alice, world.teacher_a):
        assert client.get(reverse("privacy:child_archive", args=[other.pk])).status_code == 404
    client.force_login(world.alice)
    url = reverse("privacy:child_archive", args=[world.bilal.pk])
    assert client.get(url).status_code == 403


def test_the_admin_downloads_one_students_data(client, world):
    client.force_login(make_user("root", User.Role.ADMIN, is_staff=True, is_superuser=True))
    url = reverse("admin:accounts_user_changelist")
    response = client.post(
        url, {"action": "download_student_data", "_selected_action": [world.alice.pk]}
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    response = client.post(
        url,
        {"action": "download_student_data", "_selected_action": [world.alice.pk, world.bilal.pk]},
        follow=True,
    )
    assert "Choose one student" in response.text
