from modeltranslation.translator import TranslationOptions, register

from .models import Subject


@register(Subject)
class SubjectTranslation(TranslationOptions):
    fields = ("name",)
