"""Documents (PDF) of Essaim: what they are made of, and who may read them.

Each app registers its kinds of document in its AppConfig.ready(): the evaluations app the
evidence report of an initiative, the essaimage app the transfer kit of a kit version.
A kind says which template renders it, the context its source gives, who may download it,
and the version label that the download log keeps.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from . import pdf

KINDS: dict[str, "DocumentKind"] = {}


@dataclass(frozen=True)
class DocumentKind:
    name: str
    label: Any  # lazy French label
    model: Any  # the source's model
    template: str
    context: Callable[[Any], dict]  # source -> template context
    may_download: Callable[[Any, Any], bool]  # (user, source) -> bool
    version: Callable[[Any], str] = lambda source: ""
    filename: Callable[[Any], str] = lambda source: "document.pdf"


def register(kind: DocumentKind) -> None:
    KINDS[kind.name] = kind


def kind(name: str) -> DocumentKind:
    return KINDS[name]


# Services: asking for a document, rendering it (the worker), recovering a stuck one.


def _models():
    from .models import Document, DocumentState

    return Document, DocumentState


def document_request(*, kind_name, source, by=None):
    """The document of `source`, made if its content changed since the last one: an
    unchanged source gives the existing row back and nothing is rendered again. The render
    is queued after the commit."""
    Document, DocumentState = _models()
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
            _enqueue(document.pk)
    return document


def _enqueue(document_pk):
    from .tasks import render_document

    render_document.delay_on_commit(document_pk)


# At most one try and five retries (the task's max_retries), whatever stopped them.
MAX_ATTEMPTS = 6
TOO_MANY_ATTEMPTS = "Le document n'a pas pu être préparé après %s tentatives."


def document_render(*, document_id):
    """Render the document (the worker's job). Idempotent: a ready or failed document is
    left alone, and a render interrupted by a lost worker is simply made again."""
    Document, DocumentState = _models()
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
    Document, DocumentState = _models()
    Document.objects.filter(pk=document_id).exclude(state=DocumentState.READY).update(
        state=DocumentState.FAILED, error=str(error)[:2000], finished_at=timezone.now()
    )


def documents_recover(*, older_than=None):
    """Queue again the documents stuck in "rendering" (a worker killed in the middle) or
    still "requested" (a message lost) for longer than the render's time limit."""
    from django.conf import settings

    Document, DocumentState = _models()
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
    with transaction.atomic():
        Document.objects.filter(pk__in=stuck).update(
            state=DocumentState.REQUESTED, requested_at=timezone.now()
        )
        for pk in stuck:
            _enqueue(pk)
    return stuck


def latest_document(kind_name, source):
    """The most recent ready document of this kind for `source`, or None."""
    Document, DocumentState = _models()
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
