"""Documents (PDF): ask for one, follow its preparation, download it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from . import services
from .kinds import kind as document_kind
from .models import Document, DownloadLog


def get_document(user, pk) -> Document:
    """The document `pk` if `user` may download it; 404 otherwise (its existence included)."""
    document = get_object_or_404(Document, pk=pk)
    try:
        kind = document_kind(document.kind)
    except KeyError:
        raise Http404 from None
    source = document.source
    if source is None or not kind.may_download(user, source):
        raise Http404
    return document


@login_required
@require_POST
def request_document(request, kind_name, object_id):
    try:
        kind = document_kind(kind_name)
    except KeyError:
        raise Http404 from None
    source = get_object_or_404(kind.model, pk=object_id)
    if not kind.may_download(request.user, source):
        raise Http404
    document = services.document_request(kind_name=kind_name, source=source, by=request.user)
    if document.is_ready:
        messages.info(request, _("Ce document est à jour : le voici."))
    return redirect("document", pk=document.pk)


def _context(document):
    kind = document_kind(document.kind)
    return {"document": document, "kind": kind, "source": document.source}


@login_required
@require_GET
def document(request, pk):
    # Stuck documents are queued again by the periodic recover_documents task (beat), not
    # by a scan of every document on each page view.
    document = get_document(request.user, pk)
    return render(request, "documents/document.html", _context(document))


@login_required
@require_GET
def document_status(request, pk):
    """The small fragment the document's page polls until the file is ready."""
    document = get_document(request.user, pk)
    response = render(request, "documents/document.html#status", _context(document))
    if not document.is_pending:
        response.status_code = 286  # htmx: stop polling
    return response


@login_required
@require_GET
def download(request, pk):
    document = get_document(request.user, pk)
    if not document.is_ready:
        raise Http404
    DownloadLog.objects.create(document=document, user=request.user, version=document.version)
    kind = document_kind(document.kind)
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=kind.filename(document.source),
        content_type="application/pdf",
    )
