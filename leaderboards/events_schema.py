"""What a student's own channel (`user.<id>`) is sent when their leaderboard settings change.

Only the student's own settings: never a board, an alias or another student. Built in
leaderboards/services.py, checked on every publish under LIVE_STRICT.
"""

from live.events_schema import ServerEvent, register


class Privacy(ServerEvent):
    type = "leaderboard.privacy"
    participating: bool
    show_name: bool
    metrics: list[str]  # the codes the student appears on


register("user", Privacy)
