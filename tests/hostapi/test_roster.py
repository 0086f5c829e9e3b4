"""Roster sync from the host's REST shapes and from CSV: all or nothing, idempotent."""

import copy
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts.models import ParentLink, User
from hostapi.roster.apply import roster_apply
from hostapi.roster.csv_format import read_csv
from hostapi.roster.host_json import read_host
from mastery.models import Attempt, Skill, SkillProgress
from mastery.services import attempt_record
from schools.models import Enrollment, School, SchoolClass, Subject, TeachingAssignment
from tests.factories import make_exercise, make_user

pytestmark = pytest.mark.django_db

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"


def host_document() -> dict:
    return json.loads((EXAMPLES / "host-roster.json").read_text())


def active_classes(email: str) -> list[str]:
    return sorted(
        Enrollment.objects.filter(student__email=email, is_active=True).values_list(
            "school_class__name", flat=True
        )
    )


def teaching() -> set[tuple[str, str, str]]:
    return set(
        TeachingAssignment.objects.values_list(
            "teacher__email", "school_class__name", "subject__code"
        )
    )


def test_the_host_roster_is_imported():
    report = roster_apply(roster=read_host(host_document()))
    assert report.ok, report.summary()
    school = School.objects.get()
    assert (school.name, school.city, school.external_ref) == (
        "Lycée Ibn Khaldoun",
        "Casablanca",
        "1",
    )
    sf1 = SchoolClass.objects.get(external_ref="31")
    assert (sf1.name, sf1.grade, sf1.academic_year) == ("TC - SF1", "TC", "2025-2026")
    amina = User.objects.get(email="amina.alaoui@ibnkhaldoun.ma")
    assert (amina.role, amina.external_ref, amina.first_name) == ("student", "21", "Amina")
    assert active_classes(amina.email) == ["TC - SF1"]
    assert teaching() == {
        ("k.idrissi@ibnkhaldoun.ma", "TC - SF1", "MATH101"),
        ("s.benali@ibnkhaldoun.ma", "TC - SF1", "PHYS101"),
        ("k.idrissi@ibnkhaldoun.ma", "TC - SF2", "MATH101"),
    }
    assert Subject.objects.get(code="PHYS101").name_ar == "الفيزياء والكيمياء"
    # A parent comes with the link to her child; drivers have no place here: left out, said so.
    fatima = User.objects.get(email="f.alaoui@madrasti-parents.com")
    assert fatima.role == "parent" and fatima.external_ref == "31"
    assert list(ParentLink.objects.values_list("parent__email", "child__email", "source")) == [
        (fatima.email, amina.email, "host")
    ]
    assert len(report.skipped) == 1 and "DRIVER" in str(report.skipped[0])
    assert (report.people_created, report.enrolments_created, report.teaching_added) == (7, 4, 3)
    assert report.parent_links_added == 1


def test_running_it_again_changes_nothing():
    roster_apply(roster=read_host(host_document()))
    models = (School, SchoolClass, User, Enrollment, TeachingAssignment, ParentLink)
    counts = [m.objects.count() for m in models]
    report = roster_apply(roster=read_host(host_document()))
    assert report.ok and report.changes == 0
    assert counts == [m.objects.count() for m in models]


def test_the_csv_and_the_host_roster_describe_the_same_school():
    for code in ("MATH101", "PHYS101"):
        Subject.objects.create(code=code, name=code)
    report = roster_apply(roster=read_csv((EXAMPLES / "roster.csv").read_bytes()))
    assert report.ok, report.summary()
    assert report.people_created == 7 and report.teaching_added == 3
    assert report.parent_links_added == 1
    assert roster_apply(roster=read_csv((EXAMPLES / "roster.csv").read_bytes())).changes == 0
    # The host's own roster of the same school finds everyone already here.
    again = roster_apply(roster=read_host(host_document()))
    assert again.ok and (again.people_created, again.classes_created, again.enrolments_created) == (
        0,
        0,
        0,
    )


def test_a_student_who_moved_class_keeps_their_history():
    roster_apply(roster=read_host(host_document()))
    amina = User.objects.get(email="amina.alaoui@ibnkhaldoun.ma")
    skill = Skill.objects.create(subject=Subject.objects.get(code="MATH101"), code="p", name="P")
    _, question, _ = make_exercise(skill)
    attempt_record(student=amina, question=question, answer="12", correct=True, time_spent_ms=9000)
    moved = host_document()
    for enrolment in moved["enrollments"]:
        if enrolment["student"]["id"] == 21:
            enrolment["school_class"] = 32
    report = roster_apply(roster=read_host(moved))
    assert (report.enrolments_created, report.enrolments_deactivated) == (1, 1)
    rows = dict(
        Enrollment.objects.filter(student=amina).values_list("school_class__name", "is_active")
    )
    assert rows == {"TC - SF1": False, "TC - SF2": True}
    assert Attempt.objects.filter(student=amina).count() == 1
    assert SkillProgress.objects.get(student=amina, skill=skill).attempts == 1
    # Back to her first class: the same enrolment comes back, none is duplicated.
    report = roster_apply(roster=read_host(host_document()))
    assert (report.enrolments_reactivated, report.enrolments_created) == (1, 0)
    assert Enrollment.objects.filter(student=amina).count() == 2


def test_who_left_a_class_is_no_longer_in_it():
    roster_apply(roster=read_host(host_document()))
    smaller = host_document()
    smaller["enrollments"] = [e for e in smaller["enrollments"] if e["student"]["id"] != 22]
    smaller["classes"][0]["teachers"] = smaller["classes"][0]["teachers"][:1]
    report = roster_apply(roster=read_host(smaller))
    assert report.enrolments_deactivated == 1 and report.teaching_removed == 1
    assert active_classes("youssef.tazi@ibnkhaldoun.ma") == []
    assert ("s.benali@ibnkhaldoun.ma", "TC - SF1", "PHYS101") not in teaching()


BAD_CSV = """role,email,first_name,last_name,school,class,grade,academic_year,subject
student,amina@lycee.ma,Amina,Alaoui,Lycée Ibn Khaldoun,TC-1,TC,2025-2026,
parent,mother@lycee.ma,Fatima,Alaoui,Lycée Ibn Khaldoun,TC-1,TC,2025-2026,
student,not-an-email,Omar,Berrada,Lycée Ibn Khaldoun,TC-1,TC,2025-2026,
teacher,karim@lycee.ma,Karim,Idrissi,Lycée Ibn Khaldoun,TC-1,TC,2025-2026,
student,hiba@lycee.ma,Hiba,Chraibi,Lycée Ibn Khaldoun,TC-1,TC,2025/26,
student,amina@lycee.ma,Amina,Alaoui,Lycée Ibn Khaldoun,TC-2,TC,2025-2026,
"""


def test_bad_lines_are_reported_and_nothing_is_imported():
    report = roster_apply(roster=read_csv(BAD_CSV))
    lines = {problem.line for problem in report.errors}
    assert lines == {3, 4, 5, 6, 7}
    text = "\n".join(report.summary())
    assert "Line 3:" in text and "child_email" in text and "not-an-email" in text
    assert "subject" in text and "2025/26" in text and "one class per student" in text
    assert not (School.objects.exists() or User.objects.exists() or Enrollment.objects.exists())


def test_an_error_met_while_writing_undoes_everything():
    csv_text = (
        "role,email,school,class,grade,academic_year,subject\n"
        "student,amina@lycee.ma,Lycée Ibn Khaldoun,TC-1,TC,2025-2026,\n"
        "teacher,karim@lycee.ma,Lycée Ibn Khaldoun,TC-1,TC,2025-2026,NOPE101\n"
    )
    report = roster_apply(roster=read_csv(csv_text))
    assert [(p.line, "NOPE101" in p.message) for p in report.errors] == [(3, True)]
    assert not (School.objects.exists() or User.objects.exists())


def test_two_accounts_for_one_person_are_an_error():
    User.objects.create(username="amina_local", email="amina.alaoui@ibnkhaldoun.ma")
    make_user("other", external_ref="21")
    report = roster_apply(roster=read_host(host_document()))
    assert not report.ok and "two different accounts" in str(report.errors[0])
    assert not School.objects.exists()


def test_a_dry_run_reports_but_saves_nothing():
    report = roster_apply(roster=read_host(host_document()), dry_run=True)
    assert report.ok and report.people_created == 7 and report.parent_links_added == 1
    assert "Dry run" in report.summary()[-1]
    assert not (School.objects.exists() or User.objects.exists())


def test_semicolons_and_a_bom_are_read():
    Subject.objects.create(code="MATH101", name="Maths")
    data = (
        "\ufeffrole;email;school;class;grade;academic_year;subject\n"
        "teacher;karim@lycee.ma;Lycée;TC-1;TC;2025-2026;math101\n"
    ).encode()
    report = roster_apply(roster=read_csv(data))
    assert report.ok and teaching() == {("karim@lycee.ma", "TC-1", "MATH101")}


def test_the_command_reports_and_fails_on_errors(tmp_path):
    out = StringIO()
    call_command("roster_sync", EXAMPLES / "host-roster.json", "--dry-run", stdout=out)
    assert "People: 7 new" in out.getvalue() and not User.objects.exists()
    bad = tmp_path / "bad.csv"
    bad.write_text(BAD_CSV)
    with pytest.raises(CommandError):
        call_command("roster_sync", bad, stdout=StringIO())
    assert not User.objects.exists()


def test_the_admin_imports_a_roster(client):
    root = make_user("root", User.Role.ADMIN, is_staff=True, is_superuser=True)
    client.force_login(root)
    changelist = client.get(reverse("admin:schools_school_changelist"))
    url = reverse("admin:schools_school_import_roster")
    assert url in changelist.text
    assert client.get(url).status_code == 200
    with (EXAMPLES / "host-roster.json").open("rb") as upload:
        response = client.post(url, {"file": upload, "format": ""})
    assert response.status_code == 200 and "People: 7 new" in response.text
    assert SchoolClass.objects.count() == 2
    upload = StringIO(BAD_CSV)
    upload.name = "bad.csv"
    response = client.post(url, {"file": upload})
    assert "Line 3:" in response.text and "Nothing was imported" in response.text


def test_the_import_page_is_for_staff_only(client):
    client.force_login(make_user("student"))
    response = client.get(reverse("admin:schools_school_import_roster"))
    assert response.status_code == 302


def test_an_unreadable_file_is_a_clear_error():
    report = roster_apply(roster=read_host(copy.deepcopy({"users": []})))
    assert not report.ok and "school is missing" in str(report.errors[0])
