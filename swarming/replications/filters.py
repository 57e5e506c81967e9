"""Filters of the partners' catalogue of initiatives open to essaimage and of the staff's
list of replications, read from the URL so that a view can be bookmarked and shared."""

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from initiatives.models import Initiative, Territory, Theme

from ..models import Replication, ReplicationState, Strategy


def regions():
    return Territory.objects.filter(kind=Territory.Kind.REGION).order_by("name")


class OpenInitiativeFilter(django_filters.FilterSet):
    """The partners' catalogue: by theme, and by région (the région itself or one of its
    départements)."""

    theme = django_filters.ModelChoiceFilter(
        label=_("Thématique"),
        queryset=Theme.objects.all(),
        method="filter_theme",
        empty_label=_("Toutes"),
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Région"),
        queryset=regions(),
        method="filter_region",
        empty_label=_("Toutes"),
    )

    class Meta:
        model = Initiative
        fields = []

    def filter_theme(self, queryset, name, theme):
        through = Initiative.themes.through
        return queryset.filter(
            Exists(through.objects.filter(initiative_id=OuterRef("pk"), theme_id=theme.pk))
        )

    def filter_region(self, queryset, name, region):
        through = Initiative.territories.through
        ids = [region.pk, *region.departments.values_list("pk", flat=True)]
        return queryset.filter(
            Exists(through.objects.filter(initiative_id=OuterRef("pk"), territory_id__in=ids))
        )


class ReplicationFilter(django_filters.FilterSet):
    """The staff's list of replications."""

    initiative = django_filters.ModelChoiceFilter(
        label=_("Initiative"),
        queryset=Initiative.objects.filter(
            Exists(Replication.objects.filter(initiative=OuterRef("pk")))
        ).order_by("title"),
        empty_label=_("Toutes"),
    )
    strategy = django_filters.ChoiceFilter(
        label=_("Stratégie"), choices=Strategy.choices, empty_label=_("Toutes")
    )
    state = django_filters.ChoiceFilter(
        label=_("État"), choices=ReplicationState.choices, empty_label=_("Tous")
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Région"),
        queryset=regions(),
        method="filter_region",
        empty_label=_("Toutes"),
    )

    class Meta:
        model = Replication
        fields = []

    def filter_region(self, queryset, name, region):
        """Replications in the région's départements (or in the région itself)."""
        return queryset.filter(Q(territory=region) | Q(territory__parent=region))
