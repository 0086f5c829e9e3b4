from django.urls import path

from . import views

app_name = "leaderboards"

urlpatterns = [
    path("", views.leaderboard, name="index"),
    path("privacy/", views.privacy, name="privacy"),
    path("privacy/<slug:action>/", views.privacy_change, name="privacy_change"),
]
