from django.urls import path

from . import views

app_name = "classgoals"

urlpatterns = [
    path("classes/<int:class_id>/goals/", views.goal_list, name="list"),
    path("classes/<int:class_id>/goals/card/", views.goal_card, name="card"),
    path("classes/<int:class_id>/goals/new/", views.goal_new, name="new"),
    path("classes/<int:class_id>/goals/<int:pk>/edit/", views.goal_edit, name="edit"),
]
