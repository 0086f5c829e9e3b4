"""A class goal's title and unlock are the teacher's words, in whichever of the three languages
they write them (at least one): each reader sees theirs, or another with a "written in" note."""

from modeltranslation.translator import TranslationOptions, register

from .models import ClassGoal, ClassMilestone


@register(ClassGoal)
class ClassGoalTranslation(TranslationOptions):
    fields = ("title", "unlocks")


@register(ClassMilestone)
class ClassMilestoneTranslation(TranslationOptions):
    fields = ("title", "unlocked")
