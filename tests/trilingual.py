"""Give the test world's content a different text in each language, so a payload or a page
that shows the wrong language fails (the factories write one text, shared by all three)."""

from mastery.models import Choice

SUBJECT = {"en": "Mathematics", "fr": "Mathématiques", "ar": "الرياضيات"}
SKILL = {"en": "Addition", "fr": "L'addition", "ar": "الجمع"}
EXERCISE = {"en": "Adding up", "fr": "Additionner", "ar": "نجمع الأعداد"}
PROMPT = {"en": "What is 7 + 5?", "fr": "Combien font 7 + 5 ?", "ar": "كم يساوي 7 + 5؟"}
EXPLANATION = {"en": "Seven plus five", "fr": "Sept plus cinq", "ar": "سبعة زائد خمسة"}
NUMERIC_PROMPT = {"en": "What is 15 - 8?", "fr": "Combien font 15 - 8 ?", "ar": "كم يساوي 15 - 8؟"}
CHOICES = [
    {"en": "eleven", "fr": "onze", "ar": "أحد عشر"},
    {"en": "twelve", "fr": "douze", "ar": "اثنا عشر"},  # the right one
    {"en": "thirteen", "fr": "treize", "ar": "ثلاثة عشر"},
]


def _set(obj, field: str, texts: dict[str, str]) -> None:
    for lang, text in texts.items():
        setattr(obj, f"{field}_{lang}", text)
    obj.save()


def translate_world(world) -> None:
    """The world's maths subject, its first skill, its exercise and both its questions."""
    # The world's own objects, so a later call with them (an invitation) sends the new texts.
    _set(world.math, "name", SUBJECT)
    _set(world.skills[0], "name", SKILL)
    _set(world.exercise, "title", EXERCISE)
    world.exercise.skill = world.skills[0]
    _set(world.choice_q, "prompt", PROMPT)
    _set(world.choice_q, "explanation", EXPLANATION)
    _set(world.numeric_q, "prompt", NUMERIC_PROMPT)
    for question in (world.choice_q, world.numeric_q):
        question.exercise = world.exercise
    choices = Choice.objects.filter(question=world.choice_q).order_by("position")
    for choice, texts in zip(choices, CHOICES, strict=True):
        _set(choice, "text", texts)


def choice_texts(world) -> dict[int, dict[str, str]]:
    """Each choice's id and its three texts."""
    ids = Choice.objects.filter(question=world.choice_q).order_by("position")
    return {c.pk: texts for c, texts in zip(ids, CHOICES, strict=True)}
