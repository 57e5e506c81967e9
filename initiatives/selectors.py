"""Reads on initiatives worth naming."""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import OuterRef, Prefetch, Subquery
from django_fsm_log.models import StateLog

from accelerator import roles
from accelerator.fsm import TimelineEntry

from .models import Initiative, LeadAssignment, Note


def initiatives_of_innovator(user):
    """'Mes initiatives': what the person owns or carries, newest activity first."""
    latest_message = Note.objects.filter(
        initiative=OuterRef("pk"), kind=Note.Kind.MESSAGE
    ).order_by("-created_at", "-pk")
    return (
        Initiative.objects.for_innovator(user)
        .select_related("carrier", "call")
        .annotate(
            latest_message=Subquery(latest_message.values("body")[:1]),
            latest_message_at=Subquery(latest_message.values("created_at")[:1]),
        )
        .order_by("-updated_at")
    )


def initiatives_with_details():
    """Initiatives with what their page shows, fetched in a fixed number of queries."""
    return Initiative.objects.prefetch_related(
        "themes",
        "target_publics",
        "territories",
        "attachments",
        # The evaluations app's reverse relation, shown on the file.
        Prefetch("evaluations", queryset=_evaluations()),
    )


def _evaluations():
    evaluations = Initiative._meta.get_field("evaluations").related_model
    return evaluations.objects.select_related("evaluator", "rating").order_by("created_at")


def staff_members():
    return (
        get_user_model()
        .objects.filter(groups__name=roles.STAFF, is_active=True)
        .order_by("first_name", "last_name")
    )


@dataclass(frozen=True)
class ChangeRequest:
    """What the staff asked for when they sent the initiative back to its draft."""

    message: str
    at: datetime


def pending_change_request(initiative) -> ChangeRequest | None:
    """The staff's request for changes the innovator has still to answer: the draft's
    latest stage change, when it is a "request_changes". None once resubmitted (or for a
    draft never submitted), without a query when the initiative is not a draft."""
    if not initiative.is_draft or initiative.pk is None:
        return None
    latest = StateLog.objects.for_(initiative).order_by("-timestamp", "-pk").first()
    if latest is None or latest.transition != "request_changes":
        return None
    return ChangeRequest(message=latest.description or "", at=latest.timestamp)


def initiative_timeline(initiative, *, internal: bool):
    """The initiative's stage changes, notes and lead assignments, oldest first.

    `internal` adds the staff's internal comments and the lead assignments: the innovator's
    page never asks for them.
    """
    logs = StateLog.objects.filter(
        content_type=ContentType.objects.get_for_model(Initiative), object_id=initiative.pk
    ).select_related("by", "content_type")
    notes = Note.objects.filter(initiative=initiative).select_related("author")
    if not internal:
        notes = notes.filter(kind=Note.Kind.MESSAGE)
    events = [TimelineEntry("stage", log.timestamp, log.by, log) for log in logs]
    events += [TimelineEntry("note", note.created_at, note.author, note) for note in notes]
    if internal:
        assignments = LeadAssignment.objects.filter(initiative=initiative).select_related(
            "lead", "assigned_by"
        )
        events += [TimelineEntry("lead", a.assigned_at, a.assigned_by, a) for a in assignments]
    return sorted(events, key=lambda event: event.at)
