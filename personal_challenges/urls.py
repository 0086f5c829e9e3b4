from django.urls import path

from . import views

app_name = "personal_challenges"

urlpatterns = [
    path("", views.challenge_list, name="list"),
    path("new/", views.challenge_new, name="new"),
    path("shared/", views.shared_list, name="shared"),
    path("<int:pk>/", views.challenge_detail, name="detail"),
    path("<int:pk>/share/", views.challenge_share, name="share"),
    path("<int:pk>/reflect/", views.challenge_reflect, name="reflect"),
    path("<int:pk>/<str:action>/", views.challenge_action, name="action"),
]
