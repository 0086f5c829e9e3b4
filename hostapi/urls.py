from django.urls import path

from . import views

urlpatterns = [
    path("handoff/", views.handoff, name="host_handoff"),
]
