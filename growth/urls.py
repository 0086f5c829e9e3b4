from django.urls import path

from . import views

app_name = "growth"

urlpatterns = [
    path("growth/bests/", views.my_bests, name="bests"),
    path("growth/moments/", views.my_moments, name="moments"),
    path("classes/<int:class_id>/effort/", views.class_effort, name="class_effort"),
]
