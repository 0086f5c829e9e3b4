"""`manage.py presence_sweep`: tell rooms about sockets that dropped without a goodbye.

Reads never count an expired socket anyway, and idle keys expire in Redis; this tells the
announcing rooms (a `presence` delta) and lets study groups close a session nobody came back
to. Run it from cron, or `--every N`.
"""

import time

from django.core.management.base import BaseCommand

from live.presence import presence_sweep


class Command(BaseCommand):
    help = "Announce who left rooms without a goodbye (once, or every N seconds)."

    def add_arguments(self, parser):
        parser.add_argument("--every", type=float, default=0, help="Repeat every N seconds.")

    def handle(self, *args, every=0, **options):
        while True:
            rooms = presence_sweep()
            if options["verbosity"] > 1:
                self.stdout.write(f"{rooms} rooms told")
            if every <= 0:
                return
            time.sleep(every)
