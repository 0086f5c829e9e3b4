"""What a payload shows a player, for checks that it never gives an answer away."""

import re
from collections.abc import Iterator

# Clocks and ids are not shown as text: "07:43" or id 360 must not pass for the answer 43 or 36.
NOT_SHOWN = re.compile(r"(^id$|_id$|_at$|^deadline$|^seed$)")


def shown_texts(payload) -> Iterator[str]:
    """Every string a page could display, whatever the nesting."""
    if isinstance(payload, dict):
        for key, value in payload.items():
            if not NOT_SHOWN.search(str(key)):
                yield from shown_texts(value)
    elif isinstance(payload, list | tuple):
        for value in payload:
            yield from shown_texts(value)
    elif isinstance(payload, str):
        yield payload


def shows_number(payload, number: str) -> bool:
    """The number appears as a number of its own in some displayed text."""
    pattern = re.compile(rf"(?<![\d.,]){re.escape(number)}(?![\d]|[.,]\d)")
    return any(pattern.search(text) for text in shown_texts(payload))
