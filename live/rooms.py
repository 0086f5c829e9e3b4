"""The room every user has: their own channel (`/ws/notifications/`), fed by every feature.

Each feature names its other rooms itself (`challenges/room.py`, `collaboration/room.py`...).
"""


def user_room(user_id: int) -> str:
    return f"user.{user_id}"
