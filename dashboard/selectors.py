"""The staff dashboard's figures, aggregated in SQL.

Every function takes the same filters (`call`: a call id, `year`: the year the initiatives
were created) and returns plain rows that the page draws and the CSV export writes.

Both figures of the transition log come from what initiatives.stays keeps of it as it is
written, rather than from a window over the whole log on each view (bench/dashboard.py):

- `funnel`: initiatives per current stage, and per step of the chain (initiatives.CHAIN) the
  number that reached it — their `furthest_step`, the furthest step of their current stage
  and of every state in their log; every initiative, created a draft, stands on the first —
  with the conversion from the previous step.
- `time_in_stage`: median and 90th percentile of the time spent in each stage, over the
  completed stays (initiatives.StageStay: each log row ends a stay in its source state, begun
  at the initiative's previous log row or its creation; stays still running are left out).
  PostgreSQL computes the percentiles (percentile_cont, reading the index on stage and
  duration in order); SQLite, the embedded mode, has no percentile_cont: the percentiles are
  computed in Python with the same linear interpolation (see `percentile_cont`).
- `stalled`: initiatives in a stage for longer than settings.STALLED_AFTER_DAYS days.
- `evaluations`: evaluations by design and Nesta level (from the committee's rating).
- `replications_by_region` and `replications_by_strategy`.
"""

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import connection
from django.db.models import Aggregate, Case, Count, F, FloatField, Max, Min, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from evaluations.models import Design, Evaluation, NestaLevel
from initiatives.models import CHAIN, Initiative, Stage, StageStay, Territory
from swarming.models import Replication, Strategy

SECONDS_PER_DAY = 86400
STALLED_SHOWN = 50

# The vendored map (static/vendor/france-regions, built from Natural Earth by
# scripts/build_region_map.py): its path ids, "r" + INSEE region code -> INSEE region codes.
MAP_FILE = Path(settings.BASE_DIR) / "static" / "vendor" / "france-regions" / "regions.svg"
REGION_CODES = {
    f"r{code}": code
    for code in ("11", "24", "27", "28", "32", "44", "52", "53", "75", "76", "84", "93", "94")
}
MAP_ATTRIBUTION = _("Fond de carte : d'après Natural Earth, données du domaine public.")


@dataclass(frozen=True)
class Filters:
    call: int | None = None
    year: int | None = None

    def initiatives(self):
        qs = Initiative.objects.all()
        if self.call:
            qs = qs.filter(call_id=self.call)
        if self.year:
            qs = qs.filter(created_at__year=self.year)
        return qs

    def of_initiatives(self, qs):
        """`qs` (rows with an `initiative`) kept to the filtered initiatives; untouched when
        no filter is set, so as not to join every initiative for nothing."""
        if self.call or self.year:
            return qs.filter(initiative__in=self.initiatives())
        return qs


def years():
    """The years the filter offers, the latest first: from the first initiative's creation to
    the last's (two ends of an index, not a scan of every initiative)."""
    span = Initiative.objects.aggregate(first=Min("created_at"), last=Max("created_at"))
    if span["first"] is None:
        return []
    first, last = (timezone.localtime(span[end]).year for end in ("first", "last"))
    return list(range(last, first - 1, -1))


# --- Funnel -------------------------------------------------------------------------------


def _per_stage_and_step(filters):
    """{(current stage, furthest step reached): number of initiatives}."""
    return {
        (stage, step): n
        for stage, step, n in filters.initiatives()
        .values_list("stage", "furthest_step")
        .annotate(n=Count("*"))
        .order_by()
    }


def funnel(filters=Filters()):
    """Per step of the chain: initiatives now on it, initiatives that reached it, and the
    share of those that reached the previous step (None for the first)."""
    counts = _per_stage_and_step(filters)
    rows, previous = [], None
    for index, (label, stages) in enumerate(CHAIN):
        reached = sum(n for (_stage, step), n in counts.items() if step >= index)
        rows.append(
            {
                "step": label,
                "current": sum(n for (stage, _step), n in counts.items() if stage in stages),
                "reached": reached,
                "conversion": reached / previous if index and previous else None,
            }
        )
        previous = reached
    return rows


def stages(filters=Filters()):
    """Initiatives per current stage, every stage listed."""
    now = dict(filters.initiatives().values_list("stage").annotate(n=Count("id")).order_by("stage"))
    return [
        {"stage": label, "code": code, "count": now.get(code, 0)} for code, label in Stage.choices
    ]


# --- Time in stage ------------------------------------------------------------------------


def time_in_stage(filters=Filters()):
    """Per stage: number of completed stays, median and 90th percentile in days."""
    stays = filters.of_initiatives(StageStay.objects.all())
    if connection.vendor == "postgresql":
        figures = _time_in_stage_postgresql(stays)
    else:
        figures = _time_in_stage_python(stays)
    rows = []
    for code, label in Stage.choices:
        if code in figures:
            count, median, p90 = figures[code]
            rows.append(
                {
                    "stage": label,
                    "code": code,
                    "stays": count,
                    "median": median / SECONDS_PER_DAY,
                    "p90": p90 / SECONDS_PER_DAY,
                }
            )
    return rows


class Percentiles(Aggregate):
    """PostgreSQL's percentile_cont(ARRAY[...]) WITHIN GROUP (ORDER BY expression): the
    continuous percentiles at these fractions, in one sort."""

    function = "percentile_cont"
    template = "%(function)s(ARRAY[%(fractions)s]) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = ArrayField(FloatField())

    def __init__(self, expression, fractions, **extra):
        fractions = ", ".join(f"{float(f)!r}::float8" for f in fractions)
        super().__init__(expression, fractions=fractions, **extra)


def _time_in_stage_postgresql(stays):
    rows = (
        stays.values("stage")
        .annotate(n=Count("*"), percentiles=Percentiles("seconds", [0.5, 0.9]))
        .order_by()
        .values_list("stage", "n", "percentiles")
    )
    return {stage: (n, median, p90) for stage, n, (median, p90) in rows}


# Fallback for SQLite (embedded mode): no percentile_cont there.
def _time_in_stage_python(stays):
    durations = {}
    for stage, seconds in stays.values_list("stage", "seconds").order_by():
        durations.setdefault(stage, []).append(seconds)
    return {
        stage: (len(values), percentile_cont(values, 0.5), percentile_cont(values, 0.9))
        for stage, values in durations.items()
    }


def percentile_cont(values, fraction):
    """PostgreSQL's percentile_cont: linear interpolation between the sorted values."""
    ordered = sorted(values)
    position = fraction * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


# --- Stalled initiatives ------------------------------------------------------------------


def stalled(filters=Filters()):
    """Initiatives in a stage (not an ended one) for more than STALLED_AFTER_DAYS days, the
    longest first: (total, the first STALLED_SHOWN)."""
    days = settings.STALLED_AFTER_DAYS
    qs = filters.initiatives().stalled().order_by("stage_entered_at", "pk")
    return (
        days,
        qs.count(),
        list(qs.only("pk", "title", "stage", "stage_entered_at")[:STALLED_SHOWN]),
    )


# --- Evaluations --------------------------------------------------------------------------


def evaluations(filters=Filters()):
    """Evaluations by design (rows) and Nesta level of their rating (columns, 0: not rated)."""
    qs = filters.of_initiatives(Evaluation.objects.all())
    counts = {
        (design, level or 0): n
        for design, level, n in qs.values_list("design", "rating__nesta_level")
        .annotate(n=Count("id"))
        .order_by()
    }
    designs = [*Design.choices, ("", _("Protocole non choisi"))]
    levels = [(0, _("Non notée")), *NestaLevel.choices]
    rows = []
    for code, label in designs:
        cells = [counts.get((code, level), 0) for level, _label in levels]
        if code or any(cells):
            rows.append({"design": label, "code": code, "cells": cells, "total": sum(cells)})
    return levels, rows


# --- Replications -------------------------------------------------------------------------


def _replications(filters):
    return filters.of_initiatives(Replication.objects.all())


def replications_by_region(filters=Filters()):
    """Every région with its number of replications (in it or in one of its départements)."""
    region = Case(
        When(territory__kind=Territory.Kind.REGION, then=F("territory_id")),
        default=F("territory__parent_id"),
    )
    counts = dict(
        _replications(filters)
        .annotate(region=region)
        .values_list("region")
        .annotate(n=Count("id"))
        .order_by()
    )
    regions = Territory.objects.filter(kind=Territory.Kind.REGION).order_by("code")
    latest = {}
    for territory in regions:  # one per code: the latest COG year
        if territory.code not in latest or territory.cog_year > latest[territory.code].cog_year:
            latest[territory.code] = territory
    totals = {}
    for territory in regions:
        totals[territory.code] = totals.get(territory.code, 0) + counts.get(territory.pk, 0)
    return [
        {"code": code, "name": territory.name, "count": totals[code]}
        for code, territory in sorted(latest.items())
    ]


def replications_by_strategy(filters=Filters()):
    counts = dict(_replications(filters).values_list("strategy").annotate(n=Count("id")).order_by())
    return [
        {"strategy": label, "code": code, "count": counts.get(code, 0)}
        for code, label in Strategy.choices
    ]


# --- The map ------------------------------------------------------------------------------

PATH_RE = re.compile(r'<path\s+id="(?P<id>[^"]+)"\s+aria-label="[^"]*"\s+d="(?P<d>[^"]+)"')
VIEWBOX_RE = re.compile(r'viewBox="([^"]+)"')
MAP_CLASSES = 5


@cache
def map_shapes():
    """(viewBox, {INSEE region code: path data}) from the vendored SVG."""
    text = MAP_FILE.read_text(encoding="utf-8")
    shapes = {REGION_CODES[m["id"]]: m["d"] for m in PATH_RE.finditer(text)}
    return VIEWBOX_RE.search(text)[1], shapes


def region_map(by_region):
    """The map's régions: code, name, count, path data and count class (0: none, then 1 to
    MAP_CLASSES by share of the largest count). Overseas régions are not on the map."""
    viewbox, shapes = map_shapes()
    top = max((row["count"] for row in by_region), default=0)
    regions = []
    for row in by_region:
        if row["code"] not in shapes:
            continue
        level = 0
        if row["count"]:
            level = max(1, -(-row["count"] * MAP_CLASSES // top))
        regions.append({**row, "d": shapes[row["code"]], "level": level})
    return {"viewbox": viewbox, "regions": regions, "classes": MAP_CLASSES, "top": top}
