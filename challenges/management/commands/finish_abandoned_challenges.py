from django.core.management.base import BaseCommand

from challenges.services import challenges_finish_abandoned


class Command(BaseCommand):
    help = "Finish running friendly challenges that both players left (no winner, no loser)."

    def handle(self, *args, **options):
        finished = challenges_finish_abandoned()
        self.stdout.write(f"{finished} abandoned match(es) finished.")
