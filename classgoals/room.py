"""A class's live room (`/ws/classes/<id>/`): its goals' progress and celebrations."""


def class_room(class_id: int) -> str:
    """A class's shared room, for its students and teachers."""
    return f"class.{class_id}"
