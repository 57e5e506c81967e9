"""What the public sees: the catalogue of "ce qui marche" and its three levels of diffusion."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from initiatives.models import Initiative, Stage


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
