"""The event log: what happened in the domain, recorded with the change, read by the
features above it.

A domain service records an event (`record`) in the transaction of its change: the kind
("initiatives.initiative.submit"), the subject (the initiative), the actor and a little
data. accelerator.fsm.run_transition records one for every transition it runs; services
record the other changes worth telling (an evaluation planned, an interest declared, a
public sheet published). The domain thus never calls a feature: notifications, the
catalogue and the dashboard subscribe to the kinds they care about (`subscribe`, from their
AppConfig.ready), and their handlers run once the transaction has committed; nothing runs
when it rolls back.

The kinds are strings that name the model and what happened to it; a transition's is the
model's label and the transition's name (`transition_kind`).
"""

import json
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction

from .models import Event

logger = logging.getLogger(__name__)

Handler = Callable[[Event], None]

_HANDLERS: dict[str, list[Handler]] = defaultdict(list)


def transition_kind(model, name: str) -> str:
    """The kind of the event a transition records: "initiatives.initiative.submit"."""
    return f"{model._meta.label_lower}.{name}"


def subscribe(kinds: Iterable[str], handler: Handler) -> None:
    """Run `handler(event)` after the commit of each event of these kinds."""
    for kind in kinds:
        if handler not in _HANDLERS[kind]:
            _HANDLERS[kind].append(handler)


def subscribers(kind: str) -> list[Handler]:
    return list(_HANDLERS.get(kind, ()))


def record(kind: str, *, subject, actor=None, **data) -> Event:
    """Record that `kind` happened to `subject`, by `actor`, in the current transaction;
    its subscribers run once that transaction commits."""
    event = Event.objects.create(
        kind=kind,
        content_type=ContentType.objects.get_for_model(subject),
        object_id=subject.pk,
        actor=actor if getattr(actor, "pk", None) else None,
        data=_jsonable(data),
    )
    # The subject as the service knew it, so that a handler need not load it again.
    event.subject = subject
    transaction.on_commit(lambda: dispatch(event))
    return event


def _jsonable(data: dict) -> dict:
    """Dates, decimals and lazy strings as the JSON column keeps them."""
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def dispatch(event: Event) -> None:
    """Run the event's handlers, each on its own: one that fails (a broker down when it
    queues a mail) is logged and does not keep the others, or the next events, from
    running. The change itself is committed whatever they do."""
    for handler in subscribers(event.kind):
        try:
            handler(event)
        except Exception:
            logger.exception(
                "Event %s (%s #%s): a handler failed.", event.pk, event.kind, event.object_id
            )
