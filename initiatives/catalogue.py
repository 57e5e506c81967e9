"""What the public sees: the catalogue of "ce qui marche", and its cache.

Catalogue pages and API answers are cached in Redis under keys that carry the catalogue's
version; anything that changes what they show (a transition, a published sheet or kit)
bumps the version after its commit, so that every cached answer is stale at once.
"""

from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Initiative, Stage

VERSION_KEY = "catalogue:version"


class Level:
    """The three levels of diffusion (ANSA), as the catalogue labels them."""

    INSPIRATION = "inspiration"
    SPREADABLE = "spreadable"
    SCALING = "scaling"
    CHOICES = [
        (INSPIRATION, _("Expérience inspirante")),
        (SPREADABLE, _("Essaimable")),
        (SCALING, _("Changement d'échelle")),
    ]
    STAGES = {
        INSPIRATION: (Stage.IDENTIFIED, Stage.IN_EVALUATION, Stage.EVALUATED),
        SPREADABLE: (Stage.VALIDATED, Stage.SPREADING),
        SCALING: (Stage.SCALING,),
    }


def level_of(initiative) -> str | None:
    for level, stages in Level.STAGES.items():
        if initiative.stage in stages:
            return level
    return None


def public_initiatives():
    """The initiatives the public may see: validated, spreading or scaling ones, and the
    identified ones whose public sheet staff published (not yet evaluated). Declined,
    withdrawn, archived, draft and unpublished initiatives never appear."""
    return Initiative.objects.filter(
        Q(stage__in=Level.STAGES[Level.SPREADABLE] + Level.STAGES[Level.SCALING])
        | Q(stage__in=Level.STAGES[Level.INSPIRATION], sheet_published_at__isnull=False)
    )


def version() -> int:
    return cache.get_or_set(VERSION_KEY, 1, timeout=None)


def changed() -> None:
    """Make every cached catalogue answer stale (call it once the change is committed)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, timeout=None)


def changed_on_commit() -> None:
    transaction.on_commit(changed)


def cache_key(*parts) -> str:
    return ":".join(["catalogue", str(version()), *map(str, parts)])
