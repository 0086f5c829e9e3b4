from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("", views.my_data, name="my_data"),
    path("archive/", views.my_archive, name="my_archive"),
    path("children/<int:child_id>/archive/", views.child_archive, name="child_archive"),
]
