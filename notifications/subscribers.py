"""Which event sends which e-mail, to whom.

Each entry: the event's kind (accelerator.events), the kind of e-mail, who receives it
(from the event's subject) and the name the subject takes in the mail's context. The
handler runs once the change is committed, and queues one Celery task per event.
"""

import threading
from contextlib import contextmanager

from accelerator import events
from accelerator.events import transition_kind
from evaluations.models import Evaluation
from evaluations.services import EVALUATION_PLANNED
from initiatives.models import Initiative
from swarming.models import TransferKit
from swarming.services import INTEREST_DECLARED

from . import emails
from .emails import Kind
from .tasks import send_notification


def _owner(initiative):
    return [initiative.owner_id]


def _evaluator(evaluation):
    return [evaluation.evaluator_id]


def _committee(_subject):
    return emails.committee_ids()


def _staff(_subject):
    return emails.staff_ids()


def _interested_partners(kit):
    return emails.interested_partner_ids(kit.initiative)


SUBSCRIPTIONS = {
    transition_kind(Initiative, "submit"): (Kind.SUBMITTED, _staff, "initiative"),
    transition_kind(Initiative, "request_changes"): (Kind.CHANGES_REQUESTED, _owner, "initiative"),
    transition_kind(Initiative, "identify"): (Kind.IDENTIFIED, _owner, "initiative"),
    transition_kind(Initiative, "decline"): (Kind.DECLINED, _owner, "initiative"),
    transition_kind(Initiative, "validate"): (Kind.VALIDATED, _owner, "initiative"),
    transition_kind(Initiative, "open_spreading"): (Kind.SPREADING_OPENED, _owner, "initiative"),
    EVALUATION_PLANNED: (Kind.EVALUATION_ASSIGNED, _evaluator, "evaluation"),
    transition_kind(Evaluation, "submit_report"): (Kind.REPORT_SUBMITTED, _committee, "evaluation"),
    INTEREST_DECLARED: (Kind.INTEREST_DECLARED, _staff, "replication"),
    transition_kind(TransferKit, "publish"): (Kind.KIT_PUBLISHED, _interested_partners, "kit"),
}


_silenced = threading.local()


@contextmanager
def silenced():
    """No e-mail is queued for the events committed inside this block (the demo's story,
    whose notifications were due in the past)."""
    _silenced.on = True
    try:
        yield
    finally:
        _silenced.on = False


def notify(event) -> None:
    """Queue the e-mails of `event` (one task); nobody to tell, nothing queued."""
    if getattr(_silenced, "on", False):
        return
    kind, recipients, name = SUBSCRIPTIONS[event.kind]
    subject = event.subject
    recipient_ids = sorted({pk for pk in recipients(subject) if pk is not None})
    if recipient_ids:
        context_ids = {name: [subject._meta.label_lower, subject.pk]}
        send_notification.delay(str(kind), recipient_ids, context_ids)


def subscribe_all() -> None:
    events.subscribe(SUBSCRIPTIONS, notify)
