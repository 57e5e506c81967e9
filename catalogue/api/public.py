"""The public sets the API and the exports read, annotated with what they show so that a page
costs a fixed number of queries."""

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce, Greatest

from catalogue import selectors
from evaluations.models import Evaluation, State
from evaluations.selectors import evidence_level
from initiatives.models import Territory
from swarming.models import TAKEN_UP_STATES, Replication

# Replications the public sees: those that took the method up (swarming's TAKEN_UP_STATES:
# the agreement signed, and going on). A declared interest is a private exchange between a
# partner and the accelerator's staff, and an abandoned replication no longer spreads the
# method: neither is shown nor counted.


def public_initiative_ids():
    return selectors.public_initiatives().values("pk")


def _per_initiative(queryset, aggregate):
    """A correlated aggregate of `queryset` per initiative, 0 when it has no row."""
    return Coalesce(
        Subquery(
            queryset.filter(initiative=OuterRef("pk"))
            .order_by()
            .values("initiative")
            .annotate(n=aggregate)
            .values("n")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )


def initiatives():
    """The public initiatives, with their evidence level (the best Nesta level of their rated
    evaluations, 0 for none), their replication counts and the date of their last public
    change (a stage, or the publication of their sheet: not an internal comment)."""
    replications = Replication.objects.filter(state__in=TAKEN_UP_STATES)
    return (
        selectors.public_initiatives()
        .select_related("carrier")
        .prefetch_related(
            "themes",
            "target_publics",
            Prefetch("territories", queryset=Territory.objects.order_by("kind", "code", "pk")),
        )
        .annotate(
            public_evidence_level=evidence_level(),
            replicating_organisations=_per_initiative(
                replications, Count("organisation", distinct=True)
            ),
            replicating_departments=_per_initiative(
                replications,
                Count(
                    "territory",
                    distinct=True,
                    filter=Q(territory__kind=Territory.Kind.DEPARTMENT),
                ),
            ),
            public_updated_at=Greatest(
                "stage_entered_at", Coalesce("sheet_published_at", "stage_entered_at")
            ),
        )
    )


def evaluations():
    """The rated evaluations of public initiatives, with their rating and outcomes."""
    return (
        Evaluation.objects.filter(state=State.RATED, initiative__in=public_initiative_ids())
        .select_related("rating")
        .prefetch_related("outcomes")
        .order_by("pk")
    )


def replications():
    """The public replications (see TAKEN_UP_STATES) of public initiatives."""
    return (
        Replication.objects.filter(
            state__in=TAKEN_UP_STATES, initiative__in=public_initiative_ids()
        )
        .select_related("organisation", "territory__parent")
        .order_by("pk")
    )
