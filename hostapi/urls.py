from django.urls import path

from . import views

urlpatterns = [
    path("handoff/", views.handoff, name="host_handoff"),
    path("handoff/switch/", views.handoff_switch, name="host_handoff_switch"),
]
