"""Everything a student wrote, as stored: found from where they wrote it."""

from django.apps import apps

from accounts.models import User
from live.models import RoomEvent

from .holdings import TEXTS


def student_words(student: User) -> set[str]:
    words: set[str] = set()
    for label, texts in TEXTS.items():
        model = apps.get_model(label)
        for text, author in texts:
            words.update(model.objects.filter(**{author: student}).values_list(text, flat=True))
    # A topic set in a live study-group session is attributed only in the room log.
    for event in RoomEvent.objects.filter(type="topic", payload__by__id=student.pk):
        words.add(event.payload.get("topic") or "")
    return {w for w in words if isinstance(w, str) and w.strip()}
