"""Reads on initiatives worth naming."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch
from django_fsm_log.models import StateLog

from .models import Initiative, Organisation


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
        .select_related("by")
        .order_by("timestamp", "pk")
    )


def organisations_of(user):
    return Organisation.objects.filter(members=user).order_by("name")


def initiative_with_details(queryset):
    return queryset.prefetch_related(
        "themes",
        "target_publics",
        Prefetch("territories"),
        "attachments",
    )
