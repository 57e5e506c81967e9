from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from . import views

router = DefaultRouter()
router.include_format_suffixes = False
router.register("initiatives", views.InitiativeViewSet, basename="initiative")
router.register("evaluations", views.EvaluationViewSet, basename="evaluation")
router.register("replications", views.ReplicationViewSet, basename="replication")
router.register("themes", views.ThemeViewSet, basename="theme")
router.register("publics", views.TargetPublicViewSet, basename="public")
router.register("territories", views.TerritoryViewSet, basename="territory")

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI from drf-spectacular-sidecar's static files: no CDN.
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("", include(router.urls)),
]
