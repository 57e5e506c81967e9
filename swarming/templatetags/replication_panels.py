"""What the replication panels of the initiative's pages need, in three queries."""

from django import template

from initiatives.models import Stage
from swarming.models import IndicatorReport, KitIndicator, ReplicationState

register = template.Library()


@register.simple_tag
def replication_panel(initiative):
    """The initiative's replications, each with its organisation, territory and, for each
    indicator of the kit it follows, its latest measure next to the original's result."""
    replications = list(
        initiative.replications.select_related("organisation", "territory").order_by(
            "state", "territory__code", "pk"
        )
    )
    if not replications:
        return {"replications": [], "running": 0, "shown": initiative.stage == Stage.SPREADING}
    indicators = {}
    for indicator in KitIndicator.objects.filter(
        kit_id__in={r.kit_id for r in replications}
    ).order_by("pk"):
        indicators.setdefault(indicator.kit_id, []).append(indicator)
    latest = {}
    reports = IndicatorReport.objects.filter(replication__in=replications).order_by(
        "-measured_on", "-pk"
    )
    for report in reports:
        latest.setdefault((report.replication_id, report.indicator_id), report)
    for replication in replications:
        replication.latest_indicators = [
            {"indicator": indicator, "latest": latest.get((replication.pk, indicator.pk))}
            for indicator in indicators.get(replication.kit_id, [])
        ]
    running = [r for r in replications if r.state != ReplicationState.ABANDONED]
    return {
        "replications": replications,
        "running": len(running),
        "shown": bool(replications) or initiative.stage == Stage.SPREADING,
    }
