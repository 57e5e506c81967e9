"""The one way views reach a scale-up plan: through the rules of accelerator/roles.py.

A plan is seen by whoever sees its initiative (initiatives.view_initiative): its carrier,
staff and the committee. Anyone else gets a 404, so that its existence is not revealed.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from accelerator import roles
from initiatives.access import VIEW as VIEW_INITIATIVE
from initiatives.models import Stage

from ..models import PlanState, ScaleUpPlan

VIEW = VIEW_INITIATIVE
EDIT = "swarming.edit_plan"
# The stages at which the carrier prepares its change of scale.
PLAN_STAGES = (Stage.VALIDATED, Stage.SPREADING, Stage.SCALING)

NOT_AT_THIS_STAGE = _(
    "Un plan de changement d'échelle se prépare pour une initiative validée, en essaimage ou "
    "en changement d'échelle."
)
APPROVAL_CONFLICT = roles.APPROVING_OWN_PLAN
DENIALS = {
    EDIT: _(
        "Seuls la structure porteuse et les chargé·es de mission préparent un plan de "
        "changement d'échelle."
    ),
}


def get_plan(user, pk, *, perm=VIEW) -> ScaleUpPlan:
    """The plan `pk` if `user` may see its initiative (404 otherwise) and holds `perm` on the
    plan (403 with the reason)."""
    try:
        plan = ScaleUpPlan.objects.select_related(
            "initiative", "initiative__carrier", "initiative__owner", "created_by"
        ).get(pk=pk)
    except ScaleUpPlan.DoesNotExist:
        raise Http404 from None
    if not user.has_perm(VIEW, plan.initiative):
        raise Http404
    if perm != VIEW and not user.has_perm(perm, plan):
        raise PermissionDenied(DENIALS.get(perm, ""))
    return plan


def plan_refusals(user, initiative) -> list:
    """Why `user` may not prepare a new plan for `initiative` (seen by them); empty if they may.

    The rule swarming.edit_plan reads the plan's initiative: it is asked on an unsaved plan.
    """
    if not user.has_perm(EDIT, ScaleUpPlan(initiative=initiative)):
        return [DENIALS[EDIT]]
    if initiative.stage not in PLAN_STAGES:
        return [NOT_AT_THIS_STAGE]
    return []


def may_prepare_plan(user, initiative) -> bool:
    return not plan_refusals(user, initiative)


def check_may_prepare_plan(user, initiative) -> None:
    reasons = plan_refusals(user, initiative)
    if reasons:
        raise PermissionDenied(reasons[0])


def approval_conflict(user, plan) -> bool:
    """A committee member of the carrying organisation, in front of a plan to approve."""
    return (
        plan.state == PlanState.DRAFT
        and roles.is_committee_member(user)
        and roles.carries_initiative_of(user, plan)
    )
