"""Reads on initiatives worth naming."""

from django.contrib.contenttypes.models import ContentType
from django_fsm_log.models import StateLog

from .models import Initiative


def initiatives_of_innovator(user):
    """'Mes initiatives': what the person owns or carries, newest activity first."""
    return (
        Initiative.objects.for_innovator(user)
        .select_related("carrier", "call")
        .prefetch_related("themes")
        .order_by("-updated_at")
    )


def initiative_timeline(initiative):
    """Every stage change of the initiative, oldest first, with who made it."""
    return (
        StateLog.objects.filter(
            content_type=ContentType.objects.get_for_model(Initiative), object_id=initiative.pk
        )
        .select_related("by", "content_type")
        .order_by("timestamp", "pk")
    )


def initiatives_with_details():
    """Initiatives with what their page shows, fetched in a fixed number of queries."""
    return Initiative.objects.prefetch_related(
        "themes", "target_publics", "territories", "attachments"
    )
