from django.urls import path

from . import views

app_name = "groups"

urlpatterns = [
    path("", views.group_list, name="list"),
    path("new/", views.group_new, name="new"),
    path("<int:pk>/", views.group_detail, name="detail"),
    path("<int:pk>/live/", views.group_live, name="live"),
    path("<int:pk>/join/", views.group_join, name="join"),
    path("<int:pk>/leave/", views.group_leave, name="leave"),
    path("<int:pk>/invite/", views.group_invite, name="invite"),
    path("<int:pk>/goals/", views.goal_add, name="goal_add"),
    path("<int:pk>/goals/<int:goal_pk>/remove/", views.goal_remove, name="goal_remove"),
    path("invitations/<int:pk>/", views.invitation_notice, name="invitation"),
    path("invitations/<int:pk>/<str:action>/", views.invitation_respond, name="respond"),
    path("sessions/<int:pk>/", views.session_detail, name="session"),
]
