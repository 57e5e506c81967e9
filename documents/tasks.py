"""Rendering documents: thin Celery tasks that take ids and call one service."""

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import transaction

from accelerator.celery import TRANSIENT

from . import rendering


@shared_task(
    bind=True,
    autoretry_for=TRANSIENT,
    retry_backoff=True,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=5,
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=settings.DOCUMENT_TIME_LIMIT,
    time_limit=settings.DOCUMENT_TIME_LIMIT + 30,
)
def render_document(self, document_id):
    """Render one document on the "pdf" queue; transient failures retry with backoff."""
    try:
        return rendering.document_render(document_id=document_id)
    except TRANSIENT:
        if self.request.retries >= self.max_retries:
            rendering.document_fail(document_id=document_id, error="Service indisponible.")
        raise
    except SoftTimeLimitExceeded:
        rendering.document_fail(
            document_id=document_id, error="Le document a dépassé le temps de préparation."
        )
    except Exception as error:
        rendering.document_fail(document_id=document_id, error=repr(error))
        raise


@shared_task
def recover_documents():
    """Periodic: queue again the documents a lost worker left behind."""
    with transaction.atomic():
        stuck = rendering.documents_recover()
        for pk in stuck:
            render_document.delay_on_commit(pk)
    return stuck
