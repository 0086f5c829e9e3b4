from django.urls import path

from . import views

app_name = "reflections"

urlpatterns = [
    path("", views.portfolio, name="portfolio"),
    path("new/<int:exercise_id>/", views.reflection_new, name="new"),
    path("passes/<int:run_id>/dismiss/", views.invitation_dismiss, name="dismiss"),
    path("<int:pk>/", views.reflection_detail, name="detail"),
    path("<int:pk>/feedback/", views.reflection_feedback, name="feedback"),
    path("<int:pk>/family/", views.reflection_family_share, name="family_share"),
    path("inbox/", views.inbox, name="inbox"),
    path("encourage/", views.encourage, name="encourage"),
    path("encourage/<int:student_id>/", views.encourage_student, name="encourage_student"),
]
