from django.urls import path

from . import views

app_name = "family"

urlpatterns = [
    path("", views.family_home, name="home"),
    path("children/<int:child_id>/", views.child_week, name="child"),
    path("weekly-email/", views.weekly_email, name="weekly_email"),
    path("weekly-email/stop/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
