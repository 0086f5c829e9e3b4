"""A student's name linked to their page for the class's teachers, usable inside a sentence
({% blocktranslate with name=student|student_link:class_id %})."""

from django import template
from django.urls import reverse
from django.utils.html import format_html

register = template.Library()


@register.filter
def student_link(student, class_id):
    if student is None:
        return ""
    return format_html(
        '<a href="{}" data-student-link="{}">{}</a>',
        reverse("class_student", args=[class_id, student.pk]),
        student.pk,
        student,
    )
