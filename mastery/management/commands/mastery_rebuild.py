"""`manage.py mastery_rebuild [username ...]`: recompute progress, daily snapshots and unlocks
from the attempt log with the current rules (every student when no username is given)."""

from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from mastery.rebuild import BATCH_SIZE, mastery_rebuild


class Command(BaseCommand):
    help = (
        "Recompute SkillProgress, MasterySnapshot and SkillUnlock from the attempt log with the "
        "current mastery rules (teacher openings are kept). Safe to run again: it then "
        "changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("usernames", nargs="*", help="Students to rebuild (default: all).")
        parser.add_argument(
            "--batch-size",
            type=int,
            default=BATCH_SIZE,
            help="Students folded and written per transaction (bounds the memory used).",
        )

    def handle(self, *args, usernames=(), batch_size=BATCH_SIZE, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        student_ids = None
        if usernames:
            found = dict(User.objects.filter(username__in=usernames).values_list("username", "pk"))
            missing = sorted(set(usernames) - set(found))
            if missing:
                raise CommandError(f"No such users: {', '.join(missing)}")
            student_ids = found.values()
        summary = mastery_rebuild(student_ids=student_ids, batch_size=batch_size)
        self.stdout.write(self.style.SUCCESS(summary.line()))
