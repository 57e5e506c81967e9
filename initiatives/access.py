"""The one way views reach an initiative: through the rules of accelerator/roles.py."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from .models import Initiative

VIEW = "initiatives.view_initiative"
NOT_EDITABLE = _("Cette initiative n'est plus modifiable : elle a quitté l'étape de brouillon.")

# What someone who sees the initiative is told when they may not do this to it.
DENIALS = {
    "initiatives.change_initiative": NOT_EDITABLE,
    "initiatives.attach_to_initiative": NOT_EDITABLE,
}


def get_initiative(user, pk, *, perm=VIEW, queryset=None) -> Initiative:
    """The initiative `pk`, if `user` may see it and holds `perm` on it.

    Someone who may not see an initiative gets a 404, so that its existence is not
    revealed; someone who sees it but may not do `perm` gets a 403 saying why.
    """
    queryset = Initiative.objects.all() if queryset is None else queryset
    try:
        initiative = queryset.select_related("carrier", "owner", "call").get(pk=pk)
    except Initiative.DoesNotExist:
        raise Http404 from None
    if not user.has_perm(VIEW, initiative):
        raise Http404
    if perm != VIEW and not user.has_perm(perm, initiative):
        raise PermissionDenied(DENIALS.get(perm, ""))
    return initiative
