"""The staff dashboard's figures, aggregated in SQL.

Every function takes the same filters (`call`: a call id, `year`: the year the initiatives
were created) and returns plain rows that the page draws and the CSV export writes.

- `funnel`: initiatives per current stage, and per step of the chain (initiatives.CHAIN) the
  number that reached it — the furthest step of their current stage and of every state in
  their transition log; every initiative, created a draft, stands on the first — with the
  conversion from the previous step.
- `time_in_stage`: median and 90th percentile of the time spent in each stage. Each StateLog
  row ends a stay in its source state, begun at the initiative's previous log row (window
  function LAG: the same pairs of consecutive rows as LEAD) or, for the first, at its
  creation; stays still running are left out. PostgreSQL computes the
  percentiles (percentile_cont); SQLite, the embedded mode, has no percentile_cont: the
  durations come from the same SQL and the percentiles are computed in Python, with the same
  linear interpolation (see `_time_in_stage_python`).
- `stalled`: initiatives in a stage for longer than settings.STALLED_AFTER_DAYS days.
- `evaluations`: evaluations by design and Nesta level (from the committee's rating).
- `replications_by_region` and `replications_by_strategy`.
"""

import re
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Case, Count, F, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from evaluations.models import Design, Evaluation, NestaLevel
from initiatives.models import CHAIN, Initiative, Stage, Territory
from swarming.models import Replication, Strategy

SECONDS_PER_DAY = 86400
STALLED_SHOWN = 50

# The vendored map (static/vendor/svg-maps-france-regions): its path ids -> INSEE region codes.
MAP_FILE = (
    Path(settings.BASE_DIR) / "static" / "vendor" / "svg-maps-france-regions" / "france.regions.svg"
)
REGION_CODES = {
    "idf": "11",
    "cvl": "24",
    "bfc": "27",
    "nor": "28",
    "hdf": "32",
    "ges": "44",
    "pdl": "52",
    "bre": "53",
    "naq": "75",
    "occ": "76",
    "ara": "84",
    "pac": "93",
    "cor": "94",
}
MAP_ATTRIBUTION = _(
    "Fond de carte : @svg-maps/france.regions, Victor Cazanave, d'après amCharts, "
    "licence CC BY-NC 4.0."
)


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

    def where(self, alias="i"):
        """The same filter as SQL, for the raw queries: (clause, params)."""
        clauses, params = [], []
        if self.call:
            clauses.append(f"{alias}.call_id = %s")
            params.append(self.call)
        if self.year:
            start = timezone.make_aware(datetime(self.year, 1, 1))
            end = timezone.make_aware(datetime(self.year + 1, 1, 1))
            clauses.append(f"{alias}.created_at >= %s AND {alias}.created_at < %s")
            params += [start, end]
        return (" AND ".join(clauses) or "TRUE"), params


def _log_type_id():
    return ContentType.objects.get_for_model(Initiative).pk


def _step_case(column):
    """SQL: the index in CHAIN of the step the stage in `column` stands on (NULL if none)."""
    whens = " ".join(
        f"WHEN '{stage}' THEN {index}"
        for index, (_label, stages) in enumerate(CHAIN)
        for stage in sorted(stages)
    )
    return f"CASE {column} {whens} END"


# --- Funnel -------------------------------------------------------------------------------


def funnel(filters=Filters()):
    """Per step of the chain: initiatives now on it, initiatives that reached it, and the
    share of those that reached the previous step (None for the first)."""
    where, params = filters.where()
    current = _step_case("i.stage")
    # Every initiative is created a draft: all stand on the first step at least, and only
    # the log rows of later steps are read.
    beyond = ", ".join(f"'{stage}'" for _label, stages in CHAIN[1:] for stage in sorted(stages))
    query = f"""
        WITH logged AS (
            SELECT object_id, MAX({_step_case("state")}) AS step
            FROM django_fsm_log_statelog
            WHERE content_type_id = %s AND state IN ({beyond})
            GROUP BY object_id
        ), furthest AS (
            SELECT CASE WHEN COALESCE(l.step, 0) > COALESCE({current}, 0)
                        THEN l.step ELSE COALESCE({current}, 0) END AS step
            FROM initiatives_initiative i LEFT JOIN logged l ON l.object_id = i.id
            WHERE {where}
        )
        SELECT step, COUNT(*) FROM furthest GROUP BY step
    """
    with _tuned(), connection.cursor() as cursor:
        cursor.execute(query, [_log_type_id(), *params])
        furthest = dict(cursor.fetchall())
    now = dict(filters.initiatives().values_list("stage").annotate(n=Count("id")).order_by("stage"))
    rows, previous = [], None
    for index, (label, stages) in enumerate(CHAIN):
        reached = sum(n for step, n in furthest.items() if step >= index)
        rows.append(
            {
                "step": label,
                "current": sum(now.get(stage, 0) for stage in stages),
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


def _stays_sql(where):
    """SQL of the completed stays: (state, duration in seconds). Each log row ends a stay in
    its source state, begun at the previous log row of the initiative (LAG) or, for the
    first, at the initiative's creation."""
    started = "COALESCE(l.previous, i.created_at)"
    if connection.vendor == "postgresql":
        seconds = f"EXTRACT(EPOCH FROM (l.timestamp - {started}))"
    else:
        seconds = f"(julianday(l.timestamp) - julianday({started})) * 86400.0"
    return f"""
        SELECT l.source_state AS state, {seconds} AS seconds
        FROM (
            SELECT object_id, source_state, timestamp,
                   LAG(timestamp) OVER (PARTITION BY object_id ORDER BY timestamp) AS previous
            FROM django_fsm_log_statelog WHERE content_type_id = %s
        ) l
        JOIN initiatives_initiative i ON i.id = l.object_id
        WHERE {where}
    """


@contextmanager
def _tuned():
    """On PostgreSQL, for one aggregation: sorts in memory rather than on disk, and no
    parallel plan (its workers each rebuild the per-initiative aggregate)."""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL work_mem = '64MB'")
        cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
        yield


def time_in_stage(filters=Filters()):
    """Per stage: number of completed stays, median and 90th percentile in days."""
    where, params = filters.where()
    params = [_log_type_id(), *params]
    if connection.vendor == "postgresql":
        figures = _time_in_stage_postgresql(where, params)
    else:
        figures = _time_in_stage_python(where, params)
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


def _time_in_stage_postgresql(where, params):
    query = f"""
        SELECT state, COUNT(*),
               percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY seconds)
        FROM ({_stays_sql(where)}) durations GROUP BY state
    """
    with _tuned(), connection.cursor() as cursor:
        cursor.execute(query, params)
        return {state: (n, float(m), float(p)) for state, n, (m, p) in cursor.fetchall()}


# Fallback for SQLite (embedded mode): no percentile_cont there.
def _time_in_stage_python(where, params):
    durations = {}
    with connection.cursor() as cursor:
        cursor.execute(_stays_sql(where), params)
        for state, seconds in cursor.fetchall():
            durations.setdefault(state, []).append(float(seconds))
    return {
        state: (len(values), percentile_cont(values, 0.5), percentile_cont(values, 0.9))
        for state, values in durations.items()
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
    qs = Evaluation.objects.filter(initiative__in=filters.initiatives())
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
    return Replication.objects.filter(initiative__in=filters.initiatives())


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
