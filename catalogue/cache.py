"""The catalogue's cache.

Catalogue pages and API answers are cached in Redis under keys that carry the catalogue's
version; the events that change what they show (CHANGES: any stage of an initiative, a
rating, a published sheet or kit, a replication moving on, a carrier's name) bump the
version once committed, so that every cached answer is stale at once.
"""

from django.core.cache import cache

from accelerator import events
from accelerator.events import transition_kind
from accelerator.fsm import transition_names
from evaluations.models import Evaluation
from initiatives.models import Initiative
from initiatives.services import (
    INITIATIVE_EDITED,
    ORGANISATION_SAVED,
    SHEET_PUBLISHED,
    SHEET_UNPUBLISHED,
)
from swarming.models import Replication, TransferKit

VERSION_KEY = "catalogue:version"


def version() -> int:
    return cache.get_or_set(VERSION_KEY, 1, timeout=None)


def changed() -> None:
    """Make every cached catalogue answer stale (call it once the change is committed)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, timeout=None)


def cache_key(*parts) -> str:
    return ":".join(["catalogue", str(version()), *map(str, parts)])


def _changes() -> list[str]:
    return [
        *(transition_kind(Initiative, name) for name in transition_names(Initiative)),
        transition_kind(Evaluation, "rate"),  # the initiative's evidence level
        transition_kind(TransferKit, "publish"),
        transition_kind(TransferKit, "retire"),
        *(transition_kind(Replication, name) for name in transition_names(Replication)),
        SHEET_PUBLISHED,
        SHEET_UNPUBLISHED,
        ORGANISATION_SAVED,  # carriers' names are public
        INITIATIVE_EDITED,
    ]


def subscribe_to_changes() -> None:
    events.subscribe(_changes(), lambda event: changed())
