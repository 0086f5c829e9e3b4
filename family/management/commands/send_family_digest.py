"""Send parents their weekly email (run it once a day or once a week: a parent gets at most
one every six days). docs/privacy.md."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from family.services import family_digests_send


class Command(BaseCommand):
    help = "Send each parent a short weekly email about their children's growth."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="count, send nothing")

    def handle(self, *args, dry_run=False, **options):
        if not settings.EMAIL_ENABLED:
            raise CommandError("Email is not set up: set EMAIL_URL (README, Configuration).")
        sent, skipped = family_digests_send(now=timezone.now(), dry_run=dry_run)
        verb = "would send" if dry_run else "sent"
        self.stdout.write(f"Weekly family emails: {verb} {sent}, {skipped} quiet weeks skipped.")
