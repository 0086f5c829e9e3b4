"""Parents from Madrasti 2.0: roster sync and sign-in bring them with their links to children."""

import json
from pathlib import Path

import pytest

from accounts.models import ParentLink, User
from hostapi.roster.apply import roster_apply
from hostapi.roster.csv_format import read_csv
from hostapi.roster.host_json import read_host
from schools.models import Subject
from tests.factories import make_user
from tests.hostapi.helpers import mint

pytestmark = pytest.mark.django_db

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
AMINA, YOUSSEF, FATIMA = (
    "amina.alaoui@ibnkhaldoun.ma",
    "youssef.tazi@ibnkhaldoun.ma",
    "f.alaoui@madrasti-parents.com",
)


def host_document() -> dict:
    return json.loads((EXAMPLES / "host-roster.json").read_text())


def user_entry(document: dict, host_id: int) -> dict:
    return next(u for u in document["users"] if u["id"] == host_id)


def links() -> set[tuple[str, str, str]]:
    return set(ParentLink.objects.values_list("parent__email", "child__email", "source"))


def test_a_childs_parent_follows_the_host():
    roster_apply(roster=read_host(host_document()))
    assert links() == {(FATIMA, AMINA, "host")}
    # On the host, Amina's parent is now someone else: the old host link goes.
    document = host_document()
    document["users"].append(
        {"id": 32, "email": "k.alaoui@madrasti-parents.com", "role": "PARENT", "full_name": "K A"}
    )
    user_entry(document, 21)["parent"] = 32
    report = roster_apply(roster=read_host(document))
    assert report.ok and (report.parent_links_added, report.parent_links_removed) == (1, 1)
    assert links() == {("k.alaoui@madrasti-parents.com", AMINA, "host")}
    # No parent on the host any more: no host link.
    user_entry(document, 21)["parent"] = None
    assert roster_apply(roster=read_host(document)).parent_links_removed == 1
    assert links() == set()


def test_a_link_an_administrator_added_stays():
    roster_apply(roster=read_host(host_document()))
    aunt = make_user("aunt", role=User.Role.PARENT)
    amina = User.objects.get(email=AMINA)
    ParentLink.objects.create(parent=aunt, child=amina)
    document = host_document()
    user_entry(document, 21)["parent"] = None
    roster_apply(roster=read_host(document))
    assert links() == {(aunt.email, AMINA, "admin")}


def test_students_without_a_parent_field_keep_their_links():
    roster_apply(roster=read_host(host_document()))
    document = host_document()
    del user_entry(document, 21)["parent"]
    report = roster_apply(roster=read_host(document))
    assert report.changes == 0 and links() == {(FATIMA, AMINA, "host")}


def test_a_parent_not_in_the_file_is_reported_not_invented():
    document = host_document()
    user_entry(document, 22)["parent"] = 999
    report = roster_apply(roster=read_host(document))
    assert report.ok and any("999" in str(p) for p in report.skipped)
    assert not ParentLink.objects.filter(child__email=YOUSSEF).exists()


def test_the_parent_may_be_given_by_email_as_the_hosts_detail_serializer_does():
    document = host_document()
    del user_entry(document, 21)["parent"]
    user_entry(document, 22)["parent_email"] = FATIMA
    roster_apply(roster=read_host(document))
    assert links() == {(FATIMA, YOUSSEF, "host")}


def test_csv_parent_rows_link_children_and_bad_ones_are_refused():
    for code in ("MATH101", "PHYS101"):
        Subject.objects.create(code=code, name=code)
    csv_text = (EXAMPLES / "roster.csv").read_text() + (
        f"parent,{FATIMA},Fatima,Alaoui,31,,,,,,,,{YOUSSEF}\n"
    )
    report = roster_apply(roster=read_csv(csv_text))
    assert report.ok, report.summary()
    assert links() == {(FATIMA, AMINA, "host"), (FATIMA, YOUSSEF, "host")}
    assert roster_apply(roster=read_csv(csv_text)).changes == 0
    bad = (
        "role,email,school,class,grade,academic_year,child_email\n"
        "parent,mother@lycee.ma,,,,,\n"
        "parent,mother@lycee.ma,,,,,nobody@lycee.ma\n"
    )
    report = roster_apply(roster=read_csv(bad))
    assert [p.line for p in report.errors] == [2]
    report = roster_apply(roster=read_csv(bad.replace("parent,mother@lycee.ma,,,,,\n", "", 1)))
    assert [p.line for p in report.errors] == [2] and "nobody@lycee.ma" in str(report.errors[0])
    assert not User.objects.filter(email="mother@lycee.ma").exists()


def test_a_parent_signs_in_and_the_children_claim_sets_their_links(client, world, host_jwt):
    world.alice.external_ref = "21"
    world.alice.save()
    world.bilal.external_ref = "22"
    world.bilal.save()
    token = mint(user_id=31, email="fatima@x.ma", role="PARENT", children=[21, 22, 99])
    response = client.post("/auth/handoff/", {"token": token})
    assert response.status_code == 303
    fatima = User.objects.get(email="fatima@x.ma")
    assert fatima.is_parent and client.session["_auth_user_id"] == str(fatima.pk)
    assert links() == {
        (fatima.email, world.alice.email, "host"),
        (fatima.email, world.bilal.email, "host"),
    }
    # The host's list is complete: a child no longer listed is no longer followed.
    client.post(
        "/auth/handoff/",
        {"token": mint(user_id=31, email="fatima@x.ma", role="PARENT", children=[21])},
    )
    assert links() == {(fatima.email, world.alice.email, "host")}
    # Without the claim, links stay as they are.
    client.post("/auth/handoff/", {"token": mint(user_id=31, email="fatima@x.ma", role="PARENT")})
    assert links() == {(fatima.email, world.alice.email, "host")}


def test_a_parent_token_cannot_report_attempts(client, world, host_jwt):
    token = mint(email="parent@example.test", role="PARENT")
    response = client.post(
        "/api/v1/attempts",
        data={"student_email": world.alice.email, "question_id": world.choice_q.pk, "answer": "1"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
        HTTP_IDEMPOTENCY_KEY="key-00000001",
    )
    assert response.status_code == 403 and response.json()["code"] == "role_not_supported"
    assert "report attempts" in response.json()["message"]
