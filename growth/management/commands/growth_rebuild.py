"""`manage.py growth_rebuild [username ...]`: rebuild personal bests and learning moments from
the attempt log (every student when no username is given)."""

from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from growth.services import growth_rebuild_for_students


class Command(BaseCommand):
    help = "Rebuild personal bests, learning moments and rushing flags from the attempt log."

    def add_arguments(self, parser):
        parser.add_argument("usernames", nargs="*", help="Students to rebuild (default: all).")

    def handle(self, *args, usernames=(), **options):
        students = User.objects.filter(role=User.Role.STUDENT)
        if usernames:
            students = students.filter(username__in=usernames)
            found = set(students.values_list("username", flat=True))
            missing = sorted(set(usernames) - found)
            if missing:
                raise CommandError(f"No such students: {', '.join(missing)}")
        summary = growth_rebuild_for_students(student_ids=students.values_list("pk", flat=True))
        self.stdout.write(
            self.style.SUCCESS(
                f"Rebuilt {summary.students} students from {summary.attempts} attempts in "
                f"{summary.seconds:.1f} s: {summary.personal_bests} personal bests, "
                f"{summary.recognitions} learning moments, {summary.rushing_flags} rushing flags."
            )
        )
