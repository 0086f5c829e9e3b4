from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from hostapi.roster.apply import roster_apply
from hostapi.roster.files import FORMATS, guess_format, read_roster


class Command(BaseCommand):
    help = (
        "Import schools, classes, teachers and students from a Madrasti 2.0 roster (JSON in "
        "the host's REST shapes) or a CSV file (docs/roster.md). All or nothing; idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--format", choices=FORMATS, help="csv or host (default: from the file's extension)"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="report what would change, save nothing"
        )

    def handle(self, *args, file: Path, format=None, dry_run=False, **options):
        if not file.is_file():
            raise CommandError(_("No file at %(path)s.") % {"path": file})
        roster = read_roster(file.read_bytes(), format or guess_format(file.name))
        report = roster_apply(roster=roster, dry_run=dry_run)
        for line in report.summary():
            self.stdout.write(line)
        if not report.ok:
            raise CommandError(_("Nothing was imported."))
