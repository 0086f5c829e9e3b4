"""`manage.py prune_room_log`: delete room-log events below each room's history floor."""

from django.core.management.base import BaseCommand

from live.history import keep_events, max_age, room_log_prune


class Command(BaseCommand):
    help = "Delete room-log events below each room's history floor (docs/protocol.md)."

    def handle(self, *args, **options):
        removed = room_log_prune()
        hours = int(max_age().total_seconds() // 3600)
        self.stdout.write(
            f"{removed} room log event(s) pruned (each room keeps its last {keep_events()}, "
            f"none older than {hours} h)."
        )
