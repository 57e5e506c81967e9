"""The one way views reach essaimage objects: through the rules of accelerator/roles.py.

Someone who may not see an object gets a 404, so that its existence is not revealed;
someone who sees it but may not do what they ask gets a 403 saying why.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from ..models import KIT_FROZEN, TransferKit

# Transfer kits

VIEW_KIT = "swarming.view_kit"
EDIT_KIT = "swarming.edit_kit"
KIT_DENIALS = {
    EDIT_KIT: _(
        "Le kit d'essaimage est rédigé par l'équipe de l'accélérateur et la structure porteuse."
    ),
    "swarming.publish_kit": _(
        "Seule l'équipe de l'accélérateur publie ou retire une version du kit d'essaimage."
    ),
}


def _kit_denial(perm, kit):
    if perm == EDIT_KIT and not kit.is_draft:
        return KIT_FROZEN
    return KIT_DENIALS.get(perm, "")


def get_kit(user, pk, perm=VIEW_KIT) -> TransferKit:
    """The kit version `pk` if `user` may see it (404 otherwise) and holds `perm` on it (403
    with the reason: a published or retired version never changes)."""
    try:
        kit = TransferKit.objects.select_related(
            "initiative", "initiative__carrier", "initiative__owner", "created_by"
        ).get(pk=pk)
    except TransferKit.DoesNotExist:
        raise Http404 from None
    if not user.has_perm(VIEW_KIT, kit):
        raise Http404
    if perm != VIEW_KIT and not user.has_perm(perm, kit):
        raise PermissionDenied(_kit_denial(perm, kit))
    return kit
