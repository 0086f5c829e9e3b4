"""`manage.py worker`: run background tasks and enqueue the periodic ones (docs/tasks.md).

Run one or more next to the web processes. Ctrl-C (or SIGTERM) finishes the running task,
then stops; a second Ctrl-C stops at once.
"""

import logging

from django.core.management.base import BaseCommand
from django.utils.crypto import get_random_string

from jobs.worker import Worker


class Command(BaseCommand):
    help = "Run background tasks (follow-ups of answers) and the periodic tasks."

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval",
            type=float,
            default=0.2,
            help="Seconds to wait when no task is ready (default: %(default)s).",
        )
        parser.add_argument(
            "--no-schedule",
            action="store_false",
            dest="schedule",
            help="Run tasks only; enqueue no periodic task.",
        )
        parser.add_argument(
            "--batch", action="store_true", help="Run what is ready, then exit (no waiting)."
        )
        parser.add_argument("--worker-id", default="", help="Unique per worker (default: random).")

    def handle(self, *args, interval, schedule, batch, worker_id, verbosity, **options):
        level = logging.WARNING if verbosity == 0 else logging.INFO
        # Printed by the root logger's console handler (settings.LOGGING).
        for name in ("jobs", "django_tasks_db", "django.tasks"):
            logging.getLogger(name).setLevel(logging.DEBUG if verbosity > 1 else level)
        worker = Worker(
            schedule=schedule,
            interval=interval,
            batch=batch,
            worker_id=worker_id or get_random_string(32),
        )
        worker.configure_signals()
        worker.run()
