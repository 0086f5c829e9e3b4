import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from hostapi.content import content_import


class Command(BaseCommand):
    help = (
        "Import Madrasti 2.0 lessons and exercises (JSON in the host's REST shapes) as skills, "
        "exercises and questions; reports what does not fit. Idempotent by host ids."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--language",
            choices=["fr", "en", "ar"],
            default="fr",
            help="language of the host's untranslated text fields (title, question_text); "
            "default fr",
        )
        parser.add_argument("--dry-run", action="store_true", help="report only, save nothing")

    def handle(self, *args, file: Path, language="fr", dry_run=False, **options):
        try:
            document = json.loads(file.read_bytes())
        except OSError as error:
            raise CommandError(_("No file at %(path)s.") % {"path": file}) from error
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise CommandError(
                _("The file is not valid JSON (%(error)s).") % {"error": error}
            ) from error
        report = content_import(document=document, base_language=language, dry_run=dry_run)
        for line in report.summary():
            self.stdout.write(line)
        if not report.ok:
            raise CommandError(_("Nothing was imported."))
