from django.core.management.base import BaseCommand

from challenges.services import challenges_expire


class Command(BaseCommand):
    help = "Close pending friendly-challenge invitations older than 48 hours."

    def handle(self, *args, **options):
        closed = challenges_expire()
        self.stdout.write(f"{closed} invitation(s) expired.")
