"""Scale-up plans (changement d'échelle): the carrier or staff prepare one, the committee
approves it, staff start it and declare it completed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from accelerator.fsm import (
    actions_for,
    stage_timeline,
)
from accelerator.transition_views import TransitionPage
from initiatives.access import get_initiative
from initiatives.models import Stage

from .. import services
from ..models import PlanState, ScaleUpPlan
from .access import APPROVAL_CONFLICT, approval_conflict, check_may_prepare_plan, get_plan
from .forms import PlanForm


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request, pk):
    initiative = get_initiative(request.user, pk)
    check_may_prepare_plan(request.user, initiative)
    form = PlanForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data, territories = form.data_for_service()
        plan = services.plan_create(
            initiative=initiative, by=request.user, data=data, territories=territories
        )
        messages.success(
            request,
            _("Plan de changement d'échelle enregistré : il attend l'approbation du comité."),
        )
        return redirect("swarming:plan_detail", pk=plan.pk)
    if form.is_bound:
        messages.error(request, _("Le plan n'a pas été enregistré : corrigez le formulaire."))
    return render(
        request,
        "swarming/plans/form.html",
        {"initiative": initiative, "form": form},
        status=422 if form.is_bound else 200,
    )


def _context(request, plan, **forms):
    actions = actions_for(
        plan,
        request.user,
        url=lambda name: reverse("swarming:plan_transition", args=[plan.pk, name]),
        bound=forms,
    )
    initiative = plan.initiative
    conflict = approval_conflict(request.user, plan)
    return {
        "plan": plan,
        "initiative": initiative,
        "territories": plan.target_territories.order_by("kind", "code"),
        "timeline": stage_timeline(plan),
        "actions": actions,
        "approval_conflict": APPROVAL_CONFLICT if conflict else "",
        # Those who cannot approve (staff, the carrier) are told what the draft waits for.
        "awaiting_committee": plan.state == PlanState.DRAFT and not actions and not conflict,
        "scale_up_ready": plan.state in (PlanState.APPROVED, PlanState.IN_PROGRESS)
        and initiative.stage in (Stage.VALIDATED, Stage.SPREADING),
    }


@login_required
@require_safe
def plan_detail(request, pk):
    plan = get_plan(request.user, pk)
    return render(request, "swarming/plans/detail.html", _context(request, plan))


def _refused(request, plan, **forms):
    return render(
        request, "swarming/plans/detail.html", _context(request, plan, **forms), status=422
    )


# The plan's transitions chosen on its page (accelerator.transition_views).
TRANSITIONS = TransitionPage(
    model=ScaleUpPlan,
    services=services,
    find=get_plan,
    page_url="swarming:plan_detail",
    refused=lambda request, plan, forms: _refused(request, plan, **forms),
    done=lambda request, plan: redirect("swarming:plan_detail", pk=plan.pk),
    done_message=lambda plan, action: (
        _("« %(action)s » : fait. Le plan est maintenant « %(state)s ».")
        % {"action": action, "state": plan.get_state_display()}
    ),
)
