from modeltranslation.translator import TranslationOptions, register

from .models import Choice, Exercise, Question, Skill


@register(Skill)
class SkillTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Exercise)
class ExerciseTranslation(TranslationOptions):
    fields = ("title",)


@register(Question)
class QuestionTranslation(TranslationOptions):
    fields = ("prompt", "hint", "explanation")


@register(Choice)
class ChoiceTranslation(TranslationOptions):
    fields = ("text",)
