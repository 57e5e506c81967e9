"""Who may do what: the roles (Django groups) and the object rules (django-rules).

Views ask through `user.has_perm(...)` (or the access helper of each entity), state
machines through their transitions' `permission=`: both read the rules below, so a right is
written once.
"""

import rules
from django.utils.translation import gettext_lazy as _

INNOVATOR = "innovator"
STAFF = "staff"
EVALUATOR = "evaluator"
COMMITTEE = "committee"
PARTNER = "partner"

ROLES = {
    INNOVATOR: _("Porteur·se de projet"),
    STAFF: _("Chargé·e de mission"),
    EVALUATOR: _("Évaluateur·rice"),
    COMMITTEE: _("Comité"),
    PARTNER: _("Partenaire"),
}

is_innovator = rules.is_group_member(INNOVATOR)
is_staff_member = rules.is_group_member(STAFF)
is_evaluator = rules.is_group_member(EVALUATOR)
is_committee_member = rules.is_group_member(COMMITTEE)
is_partner = rules.is_group_member(PARTNER)


@rules.predicate
def owns_initiative(user, initiative):
    return initiative is not None and user.is_authenticated and initiative.owner_id == user.pk


@rules.predicate
def carries_initiative(user, initiative):
    """The user belongs to the initiative's carrying organisation."""
    if initiative is None or not user.is_authenticated or initiative.carrier_id is None:
        return False
    return initiative.carrier.members.filter(pk=user.pk).exists()


@rules.predicate
def is_draft(user, initiative):
    return initiative is not None and initiative.is_draft


# Initiatives
rules.add_perm("initiatives.add_initiative", is_innovator)
rules.add_perm(
    "initiatives.view_initiative",
    owns_initiative | carries_initiative | is_staff_member | is_committee_member,
)
rules.add_perm("initiatives.change_initiative", owns_initiative & is_draft)
rules.add_perm("initiatives.attach_to_initiative", owns_initiative & is_draft)
# Transitions of the innovator on its own initiative.
rules.add_perm("initiatives.submit_initiative", owns_initiative)
rules.add_perm("initiatives.withdraw_initiative", owns_initiative)
# Staff run the chain; the committee decides, never on an initiative its member carries.
rules.add_perm("initiatives.triage_initiative", is_staff_member)
rules.add_perm("initiatives.decide_initiative", is_committee_member & ~carries_initiative)
# The triage board and the staff's file: staff run them, the committee reads them to decide.
rules.add_perm("initiatives.access_triage", is_staff_member | is_committee_member)
rules.add_perm("initiatives.read_internal_notes", is_staff_member | is_committee_member)
rules.add_perm("initiatives.comment_initiative", is_staff_member)
rules.add_perm("initiatives.assign_lead", is_staff_member)
rules.add_perm("initiatives.publish_sheet", is_staff_member)


# Evaluations


@rules.predicate
def is_assigned_evaluator(user, evaluation):
    return evaluation is not None and user.is_authenticated and evaluation.evaluator_id == user.pk


@rules.predicate
def carries_evaluated_initiative(user, evaluation):
    return evaluation is not None and carries_initiative(user, evaluation.initiative)


@rules.predicate
def evaluated_by_external_body(user, evaluation):
    return evaluation is not None and evaluation.evaluator_id is None


@rules.predicate
def evaluation_is_editable(user, evaluation):
    return evaluation is not None and evaluation.is_editable


RATING_OWN_EVALUATION = _(
    "Vous avez mené cette évaluation : un autre membre du comité doit la noter."
)
RATING_OWN_INITIATIVE = _(
    "Vous êtes membre de la structure porteuse : un autre membre du comité doit noter cette "
    "évaluation."
)


def rating_conflicts(user, evaluation):
    """Why `user` may not rate `evaluation`: the rater is neither its evaluator nor anyone of
    the carrying organisation."""
    reasons = []
    if is_assigned_evaluator(user, evaluation):
        reasons.append(RATING_OWN_EVALUATION)
    # Someone of the carrier who is not on the committee is simply not allowed.
    if is_committee_member(user) and carries_evaluated_initiative(user, evaluation):
        reasons.append(RATING_OWN_INITIATIVE)
    return reasons


rules.add_perm(
    "evaluations.view_evaluation",
    is_staff_member | is_committee_member | is_assigned_evaluator,
)
rules.add_perm("evaluations.plan_evaluation", is_staff_member)
# An external body has no account here: staff record its results and hand in its report.
rules.add_perm(
    "evaluations.record_evaluation",
    (is_assigned_evaluator | (is_staff_member & evaluated_by_external_body))
    & evaluation_is_editable,
)
rules.add_perm("evaluations.start_evaluation", is_assigned_evaluator | is_staff_member)
rules.add_perm(
    "evaluations.submit_evaluation",
    is_assigned_evaluator | (is_staff_member & evaluated_by_external_body),
)
rules.add_perm(
    "evaluations.rate_evaluation",
    is_committee_member & ~is_assigned_evaluator & ~carries_evaluated_initiative,
)
rules.add_perm("evaluations.cancel_evaluation", is_staff_member)
rules.add_perm("evaluations.resolve_outcome", is_staff_member | is_committee_member)
rules.add_perm("evaluations.access_workspace", is_evaluator)


# Essaimage: kits, consent, replications, scale-up


def _initiative_of(obj):
    return getattr(obj, "initiative", None)


@rules.predicate
def owns_initiative_of(user, obj):
    """The user owns the initiative this kit or plan belongs to."""
    return owns_initiative(user, _initiative_of(obj))


@rules.predicate
def carries_initiative_of(user, obj):
    return carries_initiative(user, _initiative_of(obj))


@rules.predicate
def kit_is_draft(user, kit):
    return kit is not None and kit.is_draft


@rules.predicate
def belongs_to_replicating_organisation(user, replication):
    if replication is None or not user.is_authenticated:
        return False
    return replication.organisation.members.filter(pk=user.pk).exists()


# Staff and the innovator write the kit's draft together; staff publish it.
rules.add_perm(
    "swarming.edit_kit",
    (is_staff_member | owns_initiative_of | carries_initiative_of) & kit_is_draft,
)
rules.add_perm(
    "swarming.view_kit",
    is_staff_member | is_committee_member | owns_initiative_of | carries_initiative_of,
)
rules.add_perm("swarming.publish_kit", is_staff_member)
rules.add_perm("swarming.prepare_kit", is_staff_member | owns_initiative | carries_initiative)
rules.add_perm("swarming.give_consent", owns_initiative)
# Replications: partners declare and report; staff move them along the chain.
rules.add_perm("swarming.access_partner_space", is_partner)
rules.add_perm("swarming.declare_interest", is_partner)
rules.add_perm(
    "swarming.view_replication",
    is_staff_member
    | is_committee_member
    | belongs_to_replicating_organisation
    | owns_initiative_of
    | carries_initiative_of,
)
rules.add_perm("swarming.report_replication", is_partner & belongs_to_replicating_organisation)
rules.add_perm("swarming.move_replication", is_staff_member)
rules.add_perm("swarming.list_replications", is_staff_member | is_committee_member)
# Scale-up: the carrier and staff draft the plan, the committee approves, staff run it.
rules.add_perm("swarming.edit_plan", is_staff_member | owns_initiative_of | carries_initiative_of)
rules.add_perm("swarming.approve_plan", is_committee_member & ~carries_initiative_of)

APPROVING_OWN_PLAN = _(
    "Vous êtes membre de la structure porteuse : un autre membre du comité doit approuver ce plan."
)


def approval_conflicts(user, plan):
    """Why a committee member may not approve this plan."""
    if is_committee_member(user) and carries_initiative_of(user, plan):
        return [APPROVING_OWN_PLAN]
    return []


rules.add_perm("swarming.run_plan", is_staff_member)


# Documents (PDF): staff and the committee read every one; the carrier its own initiative's
# evidence report and kit; partners the published kits; anonymous visitors nothing.


@rules.predicate
def kit_is_published(user, kit):
    return kit is not None and kit.state == "published"


rules.add_perm(
    "documents.download_evidence_report",
    is_staff_member | is_committee_member | owns_initiative | carries_initiative,
)
rules.add_perm(
    "documents.download_transfer_kit",
    is_staff_member
    | is_committee_member
    | owns_initiative_of
    | carries_initiative_of
    | (is_partner & kit_is_published),
)
