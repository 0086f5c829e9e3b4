from django import template

from .. import selectors
from ..models import EncouragementPreset

register = template.Library()


@register.simple_tag(takes_context=True)
def reflection_invitation(context, run) -> bool:
    """Whether to invite the page's student to reflect on this pass."""
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return False
    return selectors.should_invite(student=request.user, run=run)


@register.simple_tag(takes_context=True)
def reflections_unread_count(context) -> int:
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return 0
    return selectors.teacher_unread_count(teacher=request.user)


@register.simple_tag
def encouragement_presets():
    """(code, words in the current language) for every preset."""
    return EncouragementPreset.choices
