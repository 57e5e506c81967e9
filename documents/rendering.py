"""Rendering a document (the worker's side): claim it, make the PDF, record the outcome, and
find the renders a lost worker or message left behind."""

import datetime

from django.conf import settings
from django.core.files.base import ContentFile
from django.db.models import F, Q
from django.utils import timezone

from . import pdf
from .models import Document, DocumentState

# At most one try and five retries (the task's max_retries), whatever stopped them.
MAX_ATTEMPTS = 6
TOO_MANY_ATTEMPTS = "Le document n'a pas pu être préparé après %s tentatives."


def document_render(*, document_id):
    """Render the document (the worker's job). Idempotent: a ready or failed document is
    left alone, and a render interrupted by a lost worker is simply made again."""
    pending = Document.objects.filter(
        pk=document_id, state__in=[DocumentState.REQUESTED, DocumentState.RENDERING]
    )
    claimed = pending.filter(attempts__lt=MAX_ATTEMPTS).update(
        state=DocumentState.RENDERING, started_at=timezone.now(), attempts=F("attempts") + 1
    )
    if not claimed:
        # A document that took the worker down on each of its tries is not tried forever.
        if pending.exists():
            document_fail(document_id=document_id, error=TOO_MANY_ATTEMPTS % MAX_ATTEMPTS)
        return None
    document = Document.objects.get(pk=document_id)
    data, pages = pdf.html_to_pdf(document.html)
    document.file.save(f"{document.kind}.pdf", ContentFile(data), save=False)
    Document.objects.filter(pk=document.pk).update(
        state=DocumentState.READY,
        file=document.file.name,
        size=len(data),
        pages=pages,
        finished_at=timezone.now(),
        error="",
    )
    return document.pk


def document_fail(*, document_id, error):
    """Record why a render failed for good; asking again tries anew."""
    Document.objects.filter(pk=document_id).exclude(state=DocumentState.READY).update(
        state=DocumentState.FAILED, error=str(error)[:2000], finished_at=timezone.now()
    )


def documents_recover(*, older_than=None):
    """Mark for a new render (the caller queues them) the documents stuck in "rendering" (a
    worker killed in the middle) or still "requested" (a message lost) for longer than the
    render's time limit."""
    limit = older_than or datetime.timedelta(seconds=settings.DOCUMENT_TIME_LIMIT * 2)
    before = timezone.now() - limit
    stuck = list(
        Document.objects.filter(
            Q(state=DocumentState.RENDERING, started_at__lt=before)
            | Q(state=DocumentState.REQUESTED, requested_at__lt=before)
        )
        .filter(attempts__lt=MAX_ATTEMPTS)
        .values_list("pk", flat=True)
    )
    Document.objects.filter(pk__in=stuck).update(
        state=DocumentState.REQUESTED, requested_at=timezone.now()
    )
    return stuck
