from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.views.generic import RedirectView
from django.views.i18n import set_language

from . import views

auth_patterns = [
    path("connexion/", auth_views.LoginView.as_view(), name="login"),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "mot-de-passe/oublie/",
        auth_views.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "mot-de-passe/oublie/envoye/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "mot-de-passe/nouveau/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "mot-de-passe/nouveau/termine/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path(
        "mot-de-passe/changer/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "mot-de-passe/changer/termine/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
]

urlpatterns = [
    path("", include("dashboard.urls")),
    path("", include(auth_patterns)),
    path("", include("initiatives.urls")),
    path("", include("evaluations.urls")),
    path("", include("swarming.urls")),
    path("", include("documents.urls")),
    path("", include("notifications.urls")),
    path("langue/", set_language, name="set_language"),
    path("sante/", views.health, name="health"),
    # Browsers ask for /favicon.ico whatever the page links to: send them to the SVG one.
    path(
        "favicon.ico",
        # Lazily: the manifest (hashed name) is read on the first request, not on import.
        RedirectView.as_view(url=lazy(static, str)("img/favicon.svg"), permanent=True),
        name="favicon",
    ),
    path("ce-qui-marche/", include("catalogue.urls")),
    path("", include("catalogue.site_urls")),
    path("api/v1/", include("catalogue.api.urls")),
    path("admin/", admin.site.urls),
]

handler403 = "accelerator.views.permission_denied"
