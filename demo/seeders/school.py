"""The demo school itself: its people (demo/people.py), classes, teaching and API client."""

from datetime import date, datetime, time, timedelta

from django.contrib.auth.hashers import make_password

from accounts.models import User
from hostapi.models import ApiClient, hash_token
from schools.models import Enrollment, School, SchoolClass, Subject, TeachingAssignment

from .. import people
from ..simulate import HISTORY_DAYS


def users(anchor: date, tz) -> dict[str, User]:
    # One hash for all: PBKDF2 is slow on purpose, and the demo password is shared anyway.
    password = make_password(people.PASSWORD)
    joined = datetime.combine(anchor - timedelta(days=HISTORY_DAYS + 4), time(9), tz)
    rows = []
    for person in (people.ADMIN, *people.TEACHERS, *people.STUDENTS):
        is_admin = person is people.ADMIN
        rows.append(
            User(
                username=person.username,
                email=person.email,
                password=password,
                role=person.role,
                display_name=person.display_name,
                first_name=person.first_name,
                last_name=person.last_name,
                is_staff=is_admin,
                is_superuser=is_admin,
                date_joined=joined,
            )
        )
    return {u.username: u for u in User.objects.bulk_create(rows)}


def school(users: dict[str, User], subjects: dict[str, Subject]) -> list[SchoolClass]:
    school = School.objects.create(name=people.SCHOOL_NAME, city=people.SCHOOL_CITY)
    classes = SchoolClass.objects.bulk_create(
        SchoolClass(
            school=school, name=name, grade=people.GRADE, academic_year=people.ACADEMIC_YEAR
        )
        for name in people.CLASS_NAMES
    )
    teacher1, teacher2 = (users[t.username] for t in people.TEACHERS)
    TeachingAssignment.objects.bulk_create(
        TeachingAssignment(teacher=teacher, school_class=klass, subject=subjects[code])
        for klass in classes
        for teacher, code in ((teacher1, "MATH101"), (teacher2, "PHYS101"), (teacher2, "BIOL101"))
    )
    enrollments = Enrollment.objects.bulk_create(
        Enrollment(student=users[s.username], school_class=classes[people.class_index(number)])
        for number, s in enumerate(people.STUDENTS, start=1)
    )
    # auto_now_add stamps the seed run; the pupils joined with their accounts instead.
    Enrollment.objects.filter(pk__in=[e.pk for e in enrollments]).update(
        enrolled_at=users[people.STUDENTS[0].username].date_joined
    )
    return classes


def api_client(*, joined: datetime) -> ApiClient:
    """The demo homework platform's API client, with the published demo token."""
    client = ApiClient.objects.create(
        name=people.API_CLIENT_NAME, token_hash=hash_token(people.API_TOKEN)
    )
    ApiClient.objects.filter(pk=client.pk).update(created_at=joined)
    return client
