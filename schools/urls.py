from django.urls import path

from dashboards.views import live_now

from . import views

urlpatterns = [
    path("classes/live/", live_now, name="live_now"),
    path("classes/<int:class_id>/", views.class_detail, name="class_detail"),
]
