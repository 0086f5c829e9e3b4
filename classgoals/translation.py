"""A class goal's title, unlock and word for the class are the teacher's words, in whichever
of the three languages they write them (one at least for the title and the unlock): each
reader sees theirs, or another with a "written in" note."""

from modeltranslation.translator import TranslationOptions, register

from .models import ClassGoal, ClassMilestone


@register(ClassGoal)
class ClassGoalTranslation(TranslationOptions):
    fields = ("title", "unlocks", "description")


@register(ClassMilestone)
class ClassMilestoneTranslation(TranslationOptions):
    fields = ("title", "unlocked")
