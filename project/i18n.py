from django.conf import settings


def all_languages(obj, field: str) -> dict[str, str]:
    """A translated model field in every language, for language-neutral live payloads;
    an empty translation falls back like modeltranslation does."""
    values = {code: getattr(obj, f"{field}_{code}", "") or "" for code, _ in settings.LANGUAGES}
    fallback = next(
        (values[c] for c in settings.MODELTRANSLATION_FALLBACK_LANGUAGES if values.get(c)), ""
    )
    return {code: value or fallback for code, value in values.items()}
