"""The triage board's filters, search and sorting, all read from the URL so that a view of
the board can be bookmarked and shared."""

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connections, transaction
from django.db.models import Case, Count, Exists, F, IntegerField, Min, OuterRef, Value, When
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext_lazy as _

from . import search
from .models import Call, Initiative, Maturity, Stage, TargetPublic, Territory, Theme
from .selectors import staff_members


def _territory_filter(queryset, territory_ids):
    through = Initiative.territories.through
    return queryset.filter(
        Exists(through.objects.filter(initiative_id=OuterRef("pk"), territory_id__in=territory_ids))
    )


def _related_filter(relation, column):
    through = getattr(Initiative, relation).through

    def apply(queryset, value):
        return queryset.filter(
            Exists(through.objects.filter(initiative_id=OuterRef("pk"), **{column: value.pk}))
        )

    return apply


# The selects of the filter form are cached as rendered (initiatives/board.html), for an hour,
# under keys of their name, their value (a wrong one is not cached), the language and the
# version of their choices: a call, theme, public, territory or user saved or deleted, or
# someone's groups changed, bumps it once committed (a new chargé·e de mission in
# "Référent·e"); so does every migrate, which a deployment runs (the stages, labels and
# templates are in the code, the territories and themes in data migrations).
CHOICES_VERSION_KEY = "board:filter-choices"


def choices_version() -> int:
    return cache.get_or_set(CHOICES_VERSION_KEY, 1, timeout=None)


def choices_changed(**kwargs) -> None:
    """Make every cached select of the filter form stale."""
    try:
        cache.incr(CHOICES_VERSION_KEY)
    except ValueError:
        cache.set(CHOICES_VERSION_KEY, 2, timeout=None)


def _choices_changed_on_commit(update_fields=None, action="post", **kwargs):
    if action.startswith("pre_") or (update_fields and set(update_fields) == {"last_login"}):
        return  # before an m2m change; a login
    transaction.on_commit(choices_changed)


for model in (Call, Theme, TargetPublic, Territory, get_user_model()):
    post_save.connect(_choices_changed_on_commit, sender=model)
    post_delete.connect(_choices_changed_on_commit, sender=model)
m2m_changed.connect(_choices_changed_on_commit, sender=get_user_model().groups.through)


class BoardFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Rechercher"),
        method="filter_search",
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Titre, structure, problème…")}
        ),
    )
    stage = django_filters.ChoiceFilter(
        label=_("Étape"), choices=Stage.choices, empty_label=_("Toutes")
    )
    call = django_filters.ModelChoiceFilter(
        label=_("Appel"), queryset=Call.objects.all(), empty_label=_("Tous")
    )
    theme = django_filters.ModelChoiceFilter(
        label=_("Thématique"),
        queryset=Theme.objects.all(),
        method="filter_theme",
        empty_label=_("Toutes"),
    )
    public = django_filters.ModelChoiceFilter(
        label=_("Public cible"),
        queryset=TargetPublic.objects.all(),
        method="filter_public",
        empty_label=_("Tous"),
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Région"),
        queryset=Territory.objects.filter(kind=Territory.Kind.REGION).order_by("name"),
        method="filter_region",
        empty_label=_("Toutes"),
    )
    department = django_filters.ModelChoiceFilter(
        label=_("Département"),
        queryset=Territory.objects.filter(kind=Territory.Kind.DEPARTMENT).order_by("code"),
        method="filter_department",
        empty_label=_("Tous"),
    )
    maturity = django_filters.ChoiceFilter(
        label=_("Maturité"), choices=Maturity.choices, empty_label=_("Toutes")
    )
    lead = django_filters.ModelChoiceFilter(
        label=_("Référent·e"), queryset=staff_members(), empty_label=_("Tous")
    )
    submitted = django_filters.DateFromToRangeFilter(
        label=_("Soumise entre le … et le …"),
        field_name="submitted_at",
        lookup_expr="date__range",
        widget=django_filters.widgets.DateRangeWidget(attrs={"type": "date"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        start, end = self.form.fields["submitted"].widget.widgets
        start.attrs = {**start.attrs, "aria-label": _("Soumise à partir du")}
        end.attrs = {**end.attrs, "aria-label": _("Soumise jusqu'au")}

    class Meta:
        model = Initiative
        fields = []

    def filter_queryset(self, queryset):
        """Apply every filter; keep the result before the stage too, for the stage tabs."""
        for name, value in self.form.cleaned_data.items():
            if name != "stage":
                queryset = self.filters[name].filter(queryset, value)
        self.all_stages = queryset
        return self.filters["stage"].filter(queryset, self.form.cleaned_data.get("stage"))

    def filter_search(self, queryset, name, value):
        # Ranked only when the results are ordered by relevance: under a column's order the
        # rank of every match would be computed for nothing.
        return search.search(queryset, value, ranked=not sort_key(self.data.get("sort", "")))

    def filter_theme(self, queryset, name, value):
        return _related_filter("themes", "theme_id")(queryset, value)

    def filter_public(self, queryset, name, value):
        return _related_filter("target_publics", "targetpublic_id")(queryset, value)

    def filter_region(self, queryset, name, region):
        """In the région itself or in one of its départements."""
        ids = [region.pk, *region.departments.values_list("pk", flat=True)]
        return _territory_filter(queryset, ids)

    def filter_department(self, queryset, name, department):
        """In the département, or in its whole région."""
        return _territory_filter(queryset, [department.pk, department.parent_id])


# Sort keys of the board's columns: key -> (label, order_by for ascending).
SORTS = {
    "title": (_("Titre"), ["title", "pk"]),
    "carrier": (_("Structure"), ["carrier__name", "pk"]),
    "territory": (_("Territoire"), ["first_territory", "pk"]),
    "themes": (_("Thématiques"), ["first_theme", "pk"]),
    "stage": (_("Étape"), ["stage_order", "pk"]),  # in the chain's order
    "lead": (_("Référent·e"), ["lead__first_name", "lead__last_name", "pk"]),
    # Ascending by days in the stage: the most recent entry first.
    "days": (_("Jours à l'étape"), ["-stage_entered_at", "-pk"]),
    "activity": (_("Dernière activité"), ["updated_at", "pk"]),
}
DEFAULT_SORT = "-activity"
# By relevance, for a ranked search without a chosen column (RANKED_SQL orders the same).
RANKED = ["-rank", "-updated_at", "-pk"]


NUMERIC = {"days"}


def is_ranked(queryset, value: str) -> bool:
    """Whether the board is ordered by relevance: a ranked search, and no column chosen."""
    return not sort_key(value) and "rank" in queryset.query.annotations


def sort_key(value: str) -> str:
    """`value` if it names a column ("title", or "-title" for descending), else ""."""
    value = value or ""
    return value if value.removeprefix("-") in SORTS else ""


def apply_sort(queryset, value: str):
    """Order the board by `value` (a key of SORTS, "-" for descending); by relevance when a
    search is ranked and no column is chosen, else by the latest activity."""
    value = sort_key(value)
    if not value:
        if is_ranked(queryset, value):
            return queryset.order_by(*RANKED)
        value = DEFAULT_SORT
    key = value.lstrip("-")
    if key == "territory":
        queryset = queryset.annotate(first_territory=Min("territories__name"))
    elif key == "themes":
        queryset = queryset.annotate(first_theme=Min("themes__name"))
    elif key == "stage":
        queryset = queryset.annotate(
            stage_order=Case(
                *[When(stage=stage, then=Value(index)) for index, stage in enumerate(Stage)],
                output_field=IntegerField(),
            )
        )
    order = SORTS[key][1]
    if value.startswith("-"):
        order = [field[1:] if field.startswith("-") else f"-{field}" for field in order]
    return queryset.order_by(*[_order(field) for field in order])


# Sort fields that may be empty; the others are ordered plainly, so that PostgreSQL reads
# their order from an index instead of sorting every row (NULLS LAST defeats the index).
NULLABLE = {
    "carrier__name",
    "lead__first_name",
    "lead__last_name",
    "first_territory",
    "first_theme",
}


def _order(field):
    name = field.removeprefix("-")
    if name not in NULLABLE:
        return field
    if field.startswith("-"):
        return F(name).desc(nulls_last=True)
    return F(name).asc(nulls_last=True)


def stage_counts(queryset):
    """How many initiatives of the filtered board stand at each stage."""
    counts = dict(
        queryset.order_by().values_list("stage").annotate(n=Count("*")).values_list("stage", "n")
    )
    return [(stage, counts.get(stage.value, 0)) for stage in Stage]


# One pass over the matches of a ranked search: the stage tabs' counts, and the ids of one
# page at the chosen stage (or all), in the order of RANKED ("pk" is "id").
RANKED_SQL = """\
WITH matches (id, stage, updated_at, rank) AS MATERIALIZED ({matches})
SELECT stage, count(*), NULL FROM matches GROUP BY stage
UNION ALL
SELECT NULL, NULL, (
    SELECT array_agg(id ORDER BY rank DESC, updated_at DESC, id DESC) FROM (
        SELECT id, rank, updated_at FROM matches {where}
        ORDER BY rank DESC, updated_at DESC, id DESC LIMIT %s OFFSET %s
    ) AS page
)
"""


def ranked_counts_and_ids(queryset, stage, offset, limit):
    """For a search ranked by relevance (PostgreSQL): stage_counts(queryset), and the ids of
    the rows offset to offset + limit of those at `stage` (all if empty), best first.

    `queryset` is the board before its stage filter. Counting the tabs and fetching the page
    apart would visit the table's rows of every match twice (10,675 of 100,000 rows spread
    over 8,799 pages for "precarite energetique", bench/triage.py); here they are visited
    once and ranked once, and the page's columns are then read for its 25 rows only.
    """
    matches = queryset.order_by().values_list("pk", "stage", "updated_at", "rank")
    matches_sql, params = matches.query.get_compiler(using=queryset.db).as_sql()
    where, stage_params = ("WHERE stage = %s", [stage]) if stage else ("", [])
    sql = RANKED_SQL.replace("{where}", where).replace("{matches}", matches_sql)
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, [*params, *stage_params, limit, offset])
        rows = cursor.fetchall()
    counts = {value: n for value, n, _ids in rows if value is not None}
    ids = next((ids or [] for value, _n, ids in rows if value is None), [])
    return [(member, counts.get(member.value, 0)) for member in Stage], ids
