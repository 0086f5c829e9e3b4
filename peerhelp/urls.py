from django.urls import path

from . import views

app_name = "peerhelp"

urlpatterns = [
    path("", views.help_home, name="home"),
    path("ask/", views.help_ask, name="ask"),
    path("ask/helpers/", views.help_suggestions, name="suggestions"),
    path("availability/", views.help_availability, name="availability"),
    path("<int:pk>/", views.help_chat, name="chat"),
    path("<int:pk>/accept/", views.help_accept, name="accept"),
    path("<int:pk>/cancel/", views.help_cancel, name="cancel"),
    path("<int:pk>/done/", views.help_done, name="done"),
    path("<int:pk>/wrap-up/", views.help_wrap_up, name="wrap_up"),
    path("<int:pk>/acknowledge/", views.help_acknowledge, name="acknowledge"),
]
