from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from hostapi.api import urls as api_urls
from project.csp_report import csp_report
from project.health import healthz

handler500 = "project.middleware.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("csp-report/", csp_report, name="csp_report"),
    path("healthz", healthz, name="healthz"),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("api/v1/", api_urls),
    path("auth/", include("hostapi.urls")),
    path("reflections/", include("reflections.urls")),
    path("challenges/", include("challenges.urls")),
    path("personal-challenges/", include("personal_challenges.urls")),
    path("peer-help/", include("peerhelp.urls")),
    path("groups/", include("collaboration.urls")),
    path("leaderboards/", include("leaderboards.urls")),
    path("family/", include("family.urls")),
    path("my-data/", include("privacy.urls")),
    path("", include("classgoals.urls")),
    path("", include("mastery.urls")),
    path("", include("growth.urls")),
    path("", include("schools.urls")),
]
