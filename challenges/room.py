"""A friendly challenge's live room (`/ws/challenges/<id>/`): its players and observers."""


def challenge_room(challenge_id: int) -> str:
    return f"challenge.{challenge_id}"
