"""The one way views reach a replication: through the rules of accelerator/roles.py."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from ..models import Replication

VIEW = "swarming.view_replication"
REPORT = "swarming.report_replication"
MOVE = "swarming.move_replication"

# What someone who sees the replication is told when they may not do this to it.
DENIALS = {
    REPORT: _(
        "Seule la structure partenaire qui reprend la méthode rend compte de cette réplication."
    ),
    MOVE: _("Seule l'équipe de l'accélérateur fait avancer une réplication."),
}


def get_replication(user, pk, perm=VIEW) -> Replication:
    """The replication `pk` if `user` may see it (404 otherwise: a partner never learns of
    another organisation's replications) and holds `perm` on it (403 with the reason)."""
    try:
        replication = Replication.objects.select_related(
            "initiative",
            "initiative__carrier",
            "kit",
            "organisation",
            "territory",
            "territory__parent",
            "declared_by",
        ).get(pk=pk)
    except Replication.DoesNotExist:
        raise Http404 from None
    if not user.has_perm(VIEW, replication):
        raise Http404
    if perm != VIEW and not user.has_perm(perm, replication):
        raise PermissionDenied(DENIALS.get(perm, ""))
    return replication
