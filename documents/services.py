"""Asking for a document and finding the latest one (the rendering is in rendering.py,
run by a worker)."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from . import pdf
from .kinds import kind
from .models import Document, DocumentState
from .tasks import render_document


def document_request(*, kind_name, source, by=None):
    """The document of `source`, made if its content changed since the last one: an
    unchanged source gives the existing row back and nothing is rendered again. The render
    is queued after the commit."""
    document_kind = kind(kind_name)
    html = pdf.render_html(document_kind.template, document_kind.context(source))
    digest = pdf.content_hash(html)
    with transaction.atomic():
        document, created = Document.objects.get_or_create(
            kind=kind_name,
            content_type=ContentType.objects.get_for_model(source),
            object_id=source.pk,
            content_hash=digest,
            defaults={
                "html": html,
                "version": document_kind.version(source) or digest[:12],
                "requested_by": by,
            },
        )
        if not created and document.state == DocumentState.FAILED:
            # Asked again after a failure: a new try.
            Document.objects.filter(pk=document.pk).update(
                state=DocumentState.REQUESTED, error="", attempts=0, requested_at=timezone.now()
            )
            document.refresh_from_db()
            created = True
        if created:
            render_document.delay_on_commit(document.pk)
    return document


def latest_document(kind_name, source):
    """The most recent ready document of this kind for `source`, or None."""
    return (
        Document.objects.filter(
            kind=kind_name,
            content_type=ContentType.objects.get_for_model(source),
            object_id=source.pk,
            state=DocumentState.READY,
        )
        .order_by("-finished_at")
        .first()
    )
