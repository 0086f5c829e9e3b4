"""`isolate`: a value set into a sentence keeps its own direction. A Latin name in an Arabic
sentence ("Yasmine El Amrani"), or an Arabic one in a French sentence, is wrapped in
first-strong isolate marks (U+2068 … U+2069), so the sentence's punctuation stays where its
language puts it. Works in text, attributes and plain-text mail alike (unlike <bdi>)."""

from django import template

register = template.Library()

FSI, PDI = "\u2068", "\u2069"


# is_safe: a link already built safe (student_link) stays a link; plain text is still escaped.
@register.filter(is_safe=True)
def isolate(value) -> str:
    text = "" if value is None else str(value)
    return f"{FSI}{text}{PDI}" if text else text
