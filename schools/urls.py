from django.urls import path

from . import views

urlpatterns = [
    path("classes/<int:class_id>/", views.class_detail, name="class_detail"),
]
