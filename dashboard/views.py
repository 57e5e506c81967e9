"""The home page (everyone's "Mes tâches"), the staff dashboard (/tableau-de-bord/) and the CSV
export of its figures."""

import csv

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from initiatives.models import Call

from . import selectors as dashboard
from .my_tasks import my_tasks

ACCESS = "initiatives.access_triage"
BAR_HEIGHT = 24
BAR_GAP = 8
LABEL_WIDTH = 220
BAR_WIDTH = 400


def staff_view(view):
    return require_GET(login_required(permission_required(ACCESS, raise_exception=True)(view)))


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _filters(request):
    return dashboard.Filters(
        call=_int(request.GET.get("appel")), year=_int(request.GET.get("annee"))
    )


def _bars(rows, label_key, value_key, fmt=None):
    """Geometry of a horizontal bar chart: one dict per bar, and the chart's height."""
    top = max((row[value_key] or 0 for row in rows), default=0)
    bars = []
    for index, row in enumerate(rows):
        value = row[value_key] or 0
        bars.append(
            {
                "label": row[label_key],
                "value": value,
                "text": fmt(value) if fmt else value,
                "y": index * (BAR_HEIGHT + BAR_GAP),
                "text_y": round(index * (BAR_HEIGHT + BAR_GAP) + BAR_HEIGHT * 0.7, 1),
                "width": round(value * BAR_WIDTH / top, 1) if top else 0,
            }
        )
    return {
        "bars": bars,
        "height": max(len(rows) * (BAR_HEIGHT + BAR_GAP), BAR_HEIGHT),
        "label_width": LABEL_WIDTH,
        "bar_height": BAR_HEIGHT,
        "width": LABEL_WIDTH + BAR_WIDTH + 80,
    }


def _days(value):
    return number_format(value, 1)


@staff_view
def index(request):
    filters = _filters(request)
    funnel = dashboard.funnel(filters)
    times = dashboard.time_in_stage(filters)
    stalled_days, stalled_total, stalled = dashboard.stalled(filters)
    levels, evaluations = dashboard.evaluations(filters)
    by_region = dashboard.replications_by_region(filters)
    by_strategy = dashboard.replications_by_strategy(filters)
    return render(
        request,
        "dashboard/dashboard.html",
        {
            "filters": filters,
            "calls": Call.objects.order_by("-opens_on"),
            "years": dashboard.years(),
            "query": request.GET.urlencode(),
            "funnel": funnel,
            "funnel_chart": _bars(funnel, "step", "reached"),
            "stages": dashboard.stages(filters),
            "times": times,
            "times_chart": _bars(
                [{**row, "stage": row["stage"]} for row in times], "stage", "median", _days
            ),
            "stalled_days": stalled_days,
            "stalled_total": stalled_total,
            "stalled": stalled,
            "levels": levels,
            "evaluations": evaluations,
            "by_region": by_region,
            "map": dashboard.region_map(by_region),
            "map_attribution": dashboard.MAP_ATTRIBUTION,
            "by_strategy": by_strategy,
            "strategy_chart": _bars(by_strategy, "strategy", "count"),
        },
    )


@staff_view
def export_csv(request):
    """Every chart's data, one section after another: chart, label, measure, value."""
    filters = _filters(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="tableau-de-bord.csv"'
    writer = csv.writer(response)
    writer.writerow([_("graphique"), _("libellé"), _("mesure"), _("valeur")])
    for row in dashboard.funnel(filters):
        writer.writerow([_("Entonnoir"), row["step"], _("à cette étape"), row["current"]])
        writer.writerow([_("Entonnoir"), row["step"], _("l'ont atteinte"), row["reached"]])
        if row["conversion"] is not None:
            writer.writerow(
                [_("Entonnoir"), row["step"], _("conversion"), f"{row['conversion']:.4f}"]
            )
    for row in dashboard.stages(filters):
        writer.writerow([_("Étapes"), row["stage"], _("initiatives"), row["count"]])
    for row in dashboard.time_in_stage(filters):
        writer.writerow([_("Temps par étape"), row["stage"], _("passages"), row["stays"]])
        writer.writerow(
            [_("Temps par étape"), row["stage"], _("médiane (jours)"), f"{row['median']:.2f}"]
        )
        writer.writerow(
            [_("Temps par étape"), row["stage"], _("90e centile (jours)"), f"{row['p90']:.2f}"]
        )
    stalled = dashboard.stalled(filters)[2]
    for initiative in stalled:
        writer.writerow(
            [
                _("Initiatives bloquées"),
                initiative.title,
                initiative.get_stage_display(),
                initiative.stage_entered_at.date().isoformat(),
            ]
        )
    levels, rows = dashboard.evaluations(filters)
    for row in rows:
        for (_level, label), count in zip(levels, row["cells"], strict=True):
            writer.writerow([_("Évaluations"), row["design"], label, count])
    for row in dashboard.replications_by_region(filters):
        writer.writerow([_("Réplications par région"), row["name"], row["code"], row["count"]])
    for row in dashboard.replications_by_strategy(filters):
        writer.writerow(
            [_("Réplications par stratégie"), row["strategy"], row["code"], row["count"]]
        )
    return response


def home(request):
    """Anonymous visitors see the accelerator's front page; a signed-in user, "Mes tâches"."""
    if request.user.is_authenticated:
        return render(request, "dashboard/home.html", {"my_tasks": my_tasks(request.user)})
    return render(request, "dashboard/home.html")
