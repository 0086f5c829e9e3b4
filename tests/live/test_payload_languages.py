"""Every live payload is language-neutral (issue 11): a field that carries content a reader
reads (a question, a choice, a skill, an exercise, a subject, a teacher's goal) is sent in
every language, never as the text of whichever language the sender's request ran in."""

import types
import typing

from pydantic import BaseModel

from live.events_schema import Named, Translated, rooms

# Fields named so hold content, never a person's own words or a code.
CONTENT = {
    "title",
    "exercise_title",
    "skill",
    "focus_skill",
    "subject",
    "prompt",
    "explanation",
    "correct_answer",
    "label",
    "unlocked",
}
NEUTRAL = (Translated, Named)


def _types(annotation) -> list:
    """The classes an annotation may hold: X, X | None, list[X], Annotated[X, ...]."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType, list, typing.Annotated):
        args = typing.get_args(annotation)
        args = args[:1] if origin is typing.Annotated else args
        return [t for arg in args for t in _types(arg)]
    return [annotation]


def _walk(model: type[BaseModel], where: str, seen: set, found: list) -> None:
    if model in seen:
        return
    seen.add(model)
    for name, field in model.model_fields.items():
        held = [t for t in _types(field.annotation) if t is not type(None)]
        models = [t for t in held if isinstance(t, type) and issubclass(t, BaseModel)]
        if name in CONTENT and not all(
            isinstance(t, type) and issubclass(t, NEUTRAL + (BaseModel,)) for t in held
        ):
            found.append(f"{where}.{name}: {field.annotation}")
        for sub in models:
            if not issubclass(sub, NEUTRAL):
                _walk(sub, f"{where}.{name}", seen, found)


def test_no_content_field_of_any_live_payload_is_a_single_language_text():
    found: list[str] = []
    for kind, room in rooms().items():
        models = dict(room.events)
        if room.snapshot is not None:
            models["state"] = room.snapshot
        for type_, model in models.items():
            _walk(model, f"{kind}:{type_}", set(), found)
    assert not found, "sent in one language only:\n" + "\n".join(sorted(found))


def test_the_check_sees_a_plain_text():
    class Exercise(BaseModel):
        id: int
        title: str

    class Event(BaseModel):
        exercise: Exercise | None
        label: list[Translated]

    found: list[str] = []
    _walk(Event, "x", set(), found)
    assert found == ["x.exercise.title: <class 'str'>"]
