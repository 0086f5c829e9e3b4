from django.urls import path

from . import skill_practice, teaching, views

urlpatterns = [
    path("", views.home, name="home"),
    path("subjects/<int:subject_id>/", views.subject_detail, name="subject"),
    path("subjects/<int:subject_id>/tree/", views.subject_tree, name="subject_tree"),
    path("practice/<int:exercise_id>/", views.practice, name="practice"),
    path("practice/<int:exercise_id>/done/", views.practice_done, name="practice_done"),
    path("practice/skills/<int:skill_id>/", skill_practice.skill_practice, name="skill_practice"),
    path(
        "practice/skills/<int:skill_id>/questions/<int:question_id>/answer/",
        skill_practice.skill_practice_answer,
        name="skill_practice_answer",
    ),
    path("questions/<int:question_id>/answer/", views.answer, name="answer"),
    path("questions/<int:question_id>/hint/", views.hint, name="hint"),
    path(
        "classes/<int:class_id>/skills/open/",
        teaching.open_for_class,
        name="open_skill_for_class",
    ),
    path(
        "classes/<int:class_id>/students/<int:student_id>/skills/open/",
        teaching.open_for_student,
        name="open_skill_for_student",
    ),
]
