"""`manage.py seed_demo`: build the demo school (see the demo app), once."""

import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from demo import build, people


def _anchor(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--today expects YYYY-MM-DD, got {value!r}") from None


class Command(BaseCommand):
    help = "Seed a demo school with eight weeks of practice history (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--today",
            type=_anchor,
            default=None,
            help="Anchor date YYYY-MM-DD; the history ends the day before. Default: today.",
        )
        parser.add_argument(
            "--reset", action="store_true", help="Delete the demo data first, then rebuild."
        )

    def handle(self, *args, today=None, reset=False, **options):
        if reset:
            build.reset()
            self.stdout.write("Demo data deleted.")
        elif build.demo_exists():
            self.stdout.write(
                f"The demo school {people.SCHOOL_NAME!r} is already seeded; nothing to do "
                "(use --reset to rebuild it)."
            )
            return
        started = time.monotonic()
        try:
            summary = build.build(today)
        except build.DemoConflict as conflict:
            raise CommandError(
                f"Cannot seed the demo, these rows already exist: {conflict}. "
                "Remove them or run with --reset."
            ) from None
        elapsed = time.monotonic() - started
        self._report(summary, elapsed)

    def _report(self, summary: build.Summary, elapsed: float) -> None:
        out = self.stdout
        out.write(self.style.SUCCESS(f"Seeded {people.SCHOOL_NAME} in {elapsed:.1f} s."))
        out.write("  " + ", ".join(f"{n} {name}" for name, n in summary.counts.items()))
        if summary.first_attempt and summary.last_attempt:
            first, last = map(timezone.localdate, (summary.first_attempt, summary.last_attempt))
            out.write(f"  history: {first} to {last} (anchor {summary.anchor})")
        out.write(
            f"  logins: {people.ADMIN.username} (admin site), "
            + ", ".join(t.username for t in people.TEACHERS)
            + f", {people.STUDENTS[0].username} ... {people.STUDENTS[-1].username}"
        )
        out.write(f"  password for all: {people.PASSWORD}")
        out.write(f"  demo API token ({people.API_CLIENT_NAME}): {people.API_TOKEN}")
