from django.urls import path

from dashboards import metrics_views, teacher_views
from dashboards.views import live_now, student_invitations

from . import views

urlpatterns = [
    path("classes/live/", live_now, name="live_now"),
    path("invitations/", student_invitations, name="student_invitations"),
    path("classes/<int:class_id>/", views.class_detail, name="class_detail"),
    path(
        "classes/<int:class_id>/students/<int:student_id>/",
        teacher_views.student_detail,
        name="class_student",
    ),
    path("classes/<int:class_id>/grid/", teacher_views.grid_page, name="class_grid"),
    path("classes/<int:class_id>/grid.csv", teacher_views.grid_csv, name="class_grid_csv"),
    path("classes/<int:class_id>/metrics/", metrics_views.metrics_page, name="class_metrics"),
    path("classes/<int:class_id>/metrics.csv", metrics_views.metrics_csv, name="class_metrics_csv"),
    path(
        "classes/<int:class_id>/grid/students/<int:student_id>/skills/<int:skill_id>/",
        teacher_views.grid_cell,
        name="class_grid_cell",
    ),
]
