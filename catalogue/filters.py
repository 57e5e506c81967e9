"""The public catalogue's filters, search and sorts, all read from the URL so that a view of
the catalogue can be bookmarked, shared and cached (the cache key carries the query string).

The queryset they filter carries the annotations of catalogue.views.catalogue_cards():
`evidence_level` (the best Nesta level) and `listed_at` (when it took its place there).
"""

import django_filters
from django import forms
from django.db.models import Exists, F, OuterRef, Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from evaluations.models import NESTA_PLAIN, NestaLevel
from initiatives import search
from initiatives.models import EVIDENCE_BASED_LEVEL, Initiative, TargetPublic, Territory, Theme
from swarming.models import TAKEN_UP_STATES

from .selectors import Level

NOT_EVALUATED = "0"


def _evidence_choice(level):
    """A filter's label for "at least this Nesta level", in the public's plain words."""
    if level == EVIDENCE_BASED_LEVEL:
        return format_lazy(_("« Fondé sur la preuve » : niveau {level} ou plus"), level=level)
    if level == max(NestaLevel):
        return format_lazy(_("Niveau {level} : {words}"), level=level, words=NESTA_PLAIN[level])
    return format_lazy(_("Niveau {level} ou plus : {words}"), level=level, words=NESTA_PLAIN[level])


EVIDENCE_CHOICES = [
    (NOT_EVALUATED, _("Pas encore évaluée")),
    *[(str(level.value), _evidence_choice(level)) for level in NestaLevel],
]

RELEVANCE = "relevance"
EVIDENCE = "evidence"
RECENT = "recent"
SORT_CHOICES = [
    (RELEVANCE, _("Pertinence")),
    (EVIDENCE, _("Niveau de preuve")),
    (RECENT, _("Les plus récentes")),
]


def regions():
    return Territory.objects.filter(kind=Territory.Kind.REGION).order_by("name")


class CatalogueFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Rechercher"),
        method="filter_search",
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Mobilité, précarité énergétique…")}
        ),
    )
    level = django_filters.ChoiceFilter(
        label=_("Niveau de diffusion"),
        choices=Level.CHOICES,
        method="filter_level",
        empty_label=_("Tous"),
    )
    evidence = django_filters.ChoiceFilter(
        label=_("Niveau de preuve"),
        choices=EVIDENCE_CHOICES,
        method="filter_evidence",
        empty_label=_("Tous"),
    )
    theme = django_filters.ModelChoiceFilter(
        label=_("Thématique"),
        queryset=Theme.objects.all(),
        to_field_name="slug",
        method="filter_theme",
        empty_label=_("Toutes"),
    )
    public = django_filters.ModelChoiceFilter(
        label=_("Public cible"),
        queryset=TargetPublic.objects.all(),
        to_field_name="slug",
        method="filter_public",
        empty_label=_("Tous"),
    )
    # By INSEE code, as the open data API: a filtered page's query works on the API too.
    region = django_filters.ModelChoiceFilter(
        label=_("Région"),
        queryset=regions(),
        to_field_name="code",
        method="filter_region",
        empty_label=_("Toutes"),
    )
    sort = django_filters.ChoiceFilter(
        label=_("Trier par"), choices=SORT_CHOICES, method="filter_nothing", empty_label=None
    )

    class Meta:
        model = Initiative
        fields = []

    def filter_queryset(self, queryset):
        """Every filter, then the sort (which needs the search's rank)."""
        data = self.form.cleaned_data
        for name, value in data.items():
            if name != "sort":
                queryset = self.filters[name].filter(queryset, value)
        return apply_sort(queryset, data.get("sort"))

    def filter_nothing(self, queryset, name, value):
        return queryset

    def filter_search(self, queryset, name, value):
        return search.search(queryset, value)

    def filter_level(self, queryset, name, level):
        return queryset.filter(stage__in=Level.STAGES[level])

    def filter_evidence(self, queryset, name, value):
        if value == NOT_EVALUATED:
            return queryset.filter(evidence_level=0)
        return queryset.filter(evidence_level__gte=int(value))

    def filter_theme(self, queryset, name, theme):
        through = Initiative.themes.through
        return queryset.filter(
            Exists(through.objects.filter(initiative_id=OuterRef("pk"), theme_id=theme.pk))
        )

    def filter_public(self, queryset, name, public):
        through = Initiative.target_publics.through
        return queryset.filter(
            Exists(through.objects.filter(initiative_id=OuterRef("pk"), targetpublic_id=public.pk))
        )

    def filter_region(self, queryset, name, region):
        """At work in the région (the région itself or one of its départements), or taken up
        there by a partner organisation."""
        in_region = Q(territory_id=region.pk) | Q(territory__parent_id=region.pk)
        through = Initiative.territories.through
        replications = Initiative._meta.get_field("replications").related_model
        return queryset.filter(
            Exists(through.objects.filter(in_region, initiative_id=OuterRef("pk")))
            | Exists(
                replications.objects.filter(
                    in_region, initiative_id=OuterRef("pk"), state__in=TAKEN_UP_STATES
                )
            )
        )


def apply_sort(queryset, value):
    """By relevance when a search ranks the results (and no other sort is chosen), by the
    evidence (best first) by default, or the most recent first."""
    if value in ("", None, RELEVANCE) and "rank" in queryset.query.annotations:
        return queryset.order_by("-rank", "-evidence_level", "-pk")
    if value == RECENT:
        return queryset.order_by(F("listed_at").desc(nulls_last=True), "-pk")
    return queryset.order_by("-evidence_level", F("listed_at").desc(nulls_last=True), "-pk")
