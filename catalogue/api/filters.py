"""The catalogue's filters (catalogue.filters), for the API and the downloads:
the same names and meanings, with the région named by its INSEE code rather than a database
id. `theme` and `public` by slug; `region`: at work in the région (itself or one of its
départements) or taken up there; `evidence`: 0 for not yet evaluated, else a minimum Nesta
level; `level`: the diffusion level; `q`: the French full-text search."""

import django_filters
from django.db.models import Exists, OuterRef, Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from catalogue.selectors import Level
from evaluations.models import Evaluation, NestaLevel
from initiatives import search
from initiatives.models import Initiative, TargetPublic, Territory, Theme
from swarming.models import TAKEN_UP_STATES, Replication

NOT_EVALUATED = 0
EVIDENCE_CHOICES = [(NOT_EVALUATED, "Pas encore évaluée"), *NestaLevel.choices]


def region_choices():
    """(INSEE code, name) of each région, named as the latest COG names it."""
    regions = Territory.objects.filter(kind=Territory.Kind.REGION).order_by("code", "cog_year")
    return list(dict(regions.values_list("code", "name")).items())


def in_region(code, prefix=""):
    """A condition on a territory (`prefix` leads to it): in the région `code`, or in one of
    its départements."""
    return Q(**{f"{prefix}kind": Territory.Kind.REGION, f"{prefix}code": code}) | Q(
        **{
            f"{prefix}kind": Territory.Kind.DEPARTMENT,
            f"{prefix}parent__kind": Territory.Kind.REGION,
            f"{prefix}parent__code": code,
        }
    )


@extend_schema_field(OpenApiTypes.STR)
class SlugFilter(django_filters.ModelChoiceFilter):
    """An item of reference data named by its slug (an unknown slug is a 400)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, to_field_name="slug", **kwargs)


def _through(relation, **conditions):
    through = getattr(Initiative, relation).through
    return Exists(through.objects.filter(initiative_id=OuterRef("pk"), **conditions))


class InitiativeFilter(django_filters.FilterSet):
    theme = SlugFilter(
        queryset=Theme.objects.all(),
        method="filter_theme",
        label="Thématique (identifiant, voir /api/v1/themes/)",
    )
    public = SlugFilter(
        queryset=TargetPublic.objects.all(),
        method="filter_public",
        label="Public cible (identifiant, voir /api/v1/publics/)",
    )
    region = django_filters.ChoiceFilter(
        choices=region_choices,
        method="filter_region",
        label="Région (code INSEE) : à l'œuvre dans la région ou l'un de ses départements, "
        "ou reprise là",
    )
    evidence = django_filters.TypedChoiceFilter(
        choices=EVIDENCE_CHOICES,
        coerce=int,
        method="filter_evidence",
        label="0 : pas encore évaluée ; 1 à 5 : niveau de preuve (Nesta) au moins égal à",
    )
    level = django_filters.ChoiceFilter(
        choices=Level.CHOICES, method="filter_level", label="Niveau de diffusion"
    )
    q = django_filters.CharFilter(method="filter_search", label="Recherche plein texte")

    class Meta:
        model = Initiative
        fields = []

    # The methods' `value` hints give the parameters' types in the OpenAPI schema.

    def filter_theme(self, queryset, name, value):
        return queryset.filter(_through("themes", theme_id=value.pk))

    def filter_public(self, queryset, name, value):
        return queryset.filter(_through("target_publics", targetpublic_id=value.pk))

    def filter_region(self, queryset, name, value: str):
        territories = Territory.objects.filter(in_region(value)).values("pk")
        taken_up = Replication.objects.filter(
            initiative_id=OuterRef("pk"),
            state__in=TAKEN_UP_STATES,
            territory_id__in=territories,
        )
        return queryset.filter(
            _through("territories", territory_id__in=territories) | Exists(taken_up)
        )

    def filter_evidence(self, queryset, name, value: int):
        if value == NOT_EVALUATED:
            return queryset.filter(public_evidence_level=0)
        return queryset.filter(public_evidence_level__gte=value)

    def filter_level(self, queryset, name, value: str):
        return queryset.filter(stage__in=Level.STAGES[value])

    def filter_search(self, queryset, name, value: str):
        return search.search(queryset, value)


def ordered(queryset):
    """By relevance when a full-text search ranked them, else by id: a unique key last, so
    that the pages of a list are stable."""
    if "rank" in queryset.query.annotations:
        return queryset.order_by("-rank", "pk")
    return queryset.order_by("pk")


class EvaluationFilter(django_filters.FilterSet):
    initiative = django_filters.NumberFilter(field_name="initiative_id", label="Initiative (id)")

    class Meta:
        model = Evaluation
        fields = []


class ReplicationFilter(django_filters.FilterSet):
    initiative = django_filters.NumberFilter(field_name="initiative_id", label="Initiative (id)")
    region = django_filters.ChoiceFilter(
        choices=region_choices, method="filter_region", label="Région (code INSEE)"
    )

    class Meta:
        model = Replication
        fields = []

    def filter_region(self, queryset, name, value: str):
        return queryset.filter(in_region(value, prefix="territory__"))
