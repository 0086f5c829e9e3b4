from django.urls import path

from . import views

app_name = "challenges"

urlpatterns = [
    path("", views.challenge_list, name="list"),
    path("new/", views.challenge_new, name="new"),
    path("<int:pk>/", views.challenge_play, name="play"),
    path("<int:pk>/invitation/", views.challenge_invitation, name="invitation"),
    path("<int:pk>/<str:action>/", views.challenge_respond, name="respond"),
]
