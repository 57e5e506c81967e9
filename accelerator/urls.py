from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.views.generic import RedirectView
from django.views.i18n import set_language

from initiatives import public

from . import notifications, views, views_dashboard, views_documents
from .api import exports

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
    path("", views.home, name="home"),
    path("", include(auth_patterns)),
    path("", include("initiatives.urls")),
    path("", include("evaluations.urls")),
    path("", include("swarming.urls")),
    path("langue/", set_language, name="set_language"),
    path("profil/", notifications.profile, name="profile"),
    path("sante/", views.health, name="health"),
    # Browsers ask for /favicon.ico whatever the page links to: send them to the SVG one.
    path(
        "favicon.ico",
        # Lazily: the manifest (hashed name) is read on the first request, not on import.
        RedirectView.as_view(url=lazy(static, str)("img/favicon.svg"), permanent=True),
        name="favicon",
    ),
    path("tableau-de-bord/", views_dashboard.index, name="dashboard"),
    path("tableau-de-bord/export.csv", views_dashboard.export_csv, name="dashboard_export_csv"),
    path("ce-qui-marche/", include("initiatives.urls_public")),
    path("sitemap.xml", public.sitemap, name="sitemap"),
    path("api/v1/", include("accelerator.api.urls")),
    path("ce-qui-marche/export.csv", exports.catalogue_csv, name="catalogue_export_csv"),
    path("ce-qui-marche/export.json", exports.catalogue_json, name="catalogue_export_json"),
    path(
        "documents/<slug:kind_name>/<int:object_id>/demander/",
        views_documents.request_document,
        name="request_document",
    ),
    path("documents/<int:pk>/", views_documents.document, name="document"),
    path("documents/<int:pk>/etat/", views_documents.document_status, name="document_status"),
    path("documents/<int:pk>/telecharger/", views_documents.download, name="download_document"),
    path("admin/", admin.site.urls),
]

handler403 = "accelerator.views.permission_denied"
