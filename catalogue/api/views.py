"""The read-only API: GET only, pages of 50 in a stable order (a unique key last), answers
cached until the catalogue changes and validated by their ETag, throttled per client."""

from django.utils import translation
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.response import Response

from initiatives.models import TargetPublic, Territory, Theme

from . import public
from .caching import answer_key, cached, conditional
from .filters import EvaluationFilter, InitiativeFilter, ReplicationFilter, ordered
from .serializers import (
    EvaluationSerializer,
    InitiativeSerializer,
    ReferenceTerritorySerializer,
    ReplicationSerializer,
    TargetPublicSerializer,
    ThemeSerializer,
)


class CachedAnswers:
    """Answers come from the cache when they are there. The answers show
    only public data, the same to whoever asks: one cached answer serves everyone, after
    authentication and throttling (DRF's initial()) have run."""

    http_method_names = ["get", "head", "options"]

    def _answer(self, request, build):
        key = answer_key(request, "api", translation.get_language())
        etag, data = cached(key, lambda: build().data)
        return conditional(request, Response(data), etag)

    def list(self, request, *args, **kwargs):
        build = super().list
        return self._answer(request, lambda: build(request, *args, **kwargs))


class ReadOnlyViewSet(
    CachedAnswers, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    def retrieve(self, request, *args, **kwargs):
        build = super().retrieve
        return self._answer(request, lambda: build(request, *args, **kwargs))


class ListOnlyViewSet(CachedAnswers, mixins.ListModelMixin, viewsets.GenericViewSet):
    pass


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("theme", str, description="Thématique (slug, voir /api/v1/themes/)"),
            OpenApiParameter(
                "public", str, description="Public cible (slug, voir /api/v1/publics/)"
            ),
        ]
    )
)
class InitiativeViewSet(ReadOnlyViewSet):
    """The initiatives of the public catalogue ("ce qui marche"), with their diffusion level
    and evidence. Ordered by id, or by relevance when `q` searches."""

    serializer_class = InitiativeSerializer
    filterset_class = InitiativeFilter

    def get_queryset(self):
        return public.initiatives()

    def filter_queryset(self, queryset):
        return ordered(super().filter_queryset(queryset))


class EvaluationViewSet(ReadOnlyViewSet):
    """The public results of the rated evaluations of the catalogue's initiatives: design,
    sample, period, outcomes and the committee's evidence level (Nesta)."""

    serializer_class = EvaluationSerializer
    filterset_class = EvaluationFilter

    def get_queryset(self):
        return public.evaluations()


class ReplicationViewSet(ReadOnlyViewSet):
    """Where the catalogue's initiatives are taken up: replications whose agreement is signed
    and that were not abandoned."""

    serializer_class = ReplicationSerializer
    filterset_class = ReplicationFilter

    def get_queryset(self):
        return public.replications()


class ThemeViewSet(ListOnlyViewSet):
    """Reference data: the themes (`theme` filter of /initiatives/)."""

    serializer_class = ThemeSerializer

    def get_queryset(self):
        return Theme.objects.order_by("position", "name", "pk")


class TargetPublicViewSet(ListOnlyViewSet):
    """Reference data: the target publics (`public` filter of /initiatives/)."""

    serializer_class = TargetPublicSerializer

    def get_queryset(self):
        return TargetPublic.objects.order_by("position", "name", "pk")


class TerritoryViewSet(ListOnlyViewSet):
    """Reference data: the INSEE régions and départements (Code officiel géographique)."""

    serializer_class = ReferenceTerritorySerializer
    filterset_fields = ["kind"]

    def get_queryset(self):
        return Territory.objects.select_related("parent").order_by("kind", "code", "cog_year", "pk")
