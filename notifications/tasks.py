"""Sending e-mail notifications: thin Celery tasks that take ids."""

from celery import shared_task

from accelerator.celery import TRANSIENT

from . import emails


@shared_task(autoretry_for=TRANSIENT, retry_backoff=True, max_retries=5)
def send_notification(kind, recipient_ids, context_ids):
    """One event's e-mails: to each recipient who did not turn `kind` off."""
    return emails.send_notification(kind, recipient_ids, context_ids)


@shared_task
def send_stalled_digest():
    """Weekly: tell staff which initiatives have stayed too long at their stage."""
    return emails.send_stalled_digest()
