"""Celery tasks: thin, they take ids and call one service."""

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import InterfaceError, OperationalError

from . import documents

TRANSIENT = (OperationalError, InterfaceError, ConnectionError, TimeoutError)


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
        return documents.document_render(document_id=document_id)
    except TRANSIENT:
        if self.request.retries >= self.max_retries:
            documents.document_fail(document_id=document_id, error="Service indisponible.")
        raise
    except SoftTimeLimitExceeded:
        documents.document_fail(
            document_id=document_id, error="Le document a dépassé le temps de préparation."
        )
    except Exception as error:
        documents.document_fail(document_id=document_id, error=repr(error))
        raise


@shared_task
def recover_documents():
    """Periodic: queue again the documents a lost worker left behind."""
    return documents.documents_recover()


@shared_task(autoretry_for=TRANSIENT, retry_backoff=True, max_retries=5)
def send_notification(kind, recipient_ids, context_ids):
    """One event's e-mails: to each recipient who did not turn `kind` off."""
    from . import notifications

    return notifications.send_notification(kind, recipient_ids, context_ids)


@shared_task
def send_stalled_digest():
    """Weekly: tell staff which initiatives have stayed too long at their stage."""
    from . import notifications

    return notifications.send_stalled_digest()
