"""`manage.py privacy_cleanup`: remove technical records past their retention (run daily)."""

from django.core.management.base import BaseCommand

from privacy.retention import retention_cleanup


class Command(BaseCommand):
    help = "Remove technical records past their retention (docs/privacy.md)."

    def handle(self, *args, **options):
        report = retention_cleanup()
        for line in report.lines():
            self.stdout.write(line)
