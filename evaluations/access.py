"""The one way views reach an evaluation: through the rules of accelerator/roles.py."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from .models import Evaluation

VIEW = "evaluations.view_evaluation"
DENIALS = {
    "evaluations.record_evaluation": _(
        "Cette évaluation ne peut plus être modifiée : son rapport a été remis, ou vous n'en "
        "êtes pas l'évaluateur·rice."
    ),
}


def get_evaluation(user, pk, *, perm=VIEW) -> Evaluation:
    """The evaluation `pk` if `user` may see it (404 otherwise: an evaluator never learns of
    evaluations not assigned to them) and holds `perm` on it (403 with the reason)."""
    try:
        evaluation = Evaluation.objects.select_related(
            "initiative", "initiative__carrier", "evaluator", "territory", "rating__rater"
        ).get(pk=pk)
    except Evaluation.DoesNotExist:
        raise Http404 from None
    if not user.has_perm(VIEW, evaluation):
        raise Http404
    if perm != VIEW and not user.has_perm(perm, evaluation):
        raise PermissionDenied(DENIALS.get(perm, ""))
    return evaluation
