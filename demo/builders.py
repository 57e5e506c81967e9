"""Builders: bring initiatives, evaluations, kits, replications and plans to a stage through
the services, so that their histories are ones the machine allows.

Every step goes through the service that runs it in the application (the generic
`<entity>_transition` where no service is named after the step), with its permission and
guards: a step the machine refuses raises `TransitionRefused`, nothing is forced. Who runs a
step is read from the machine too (`actor`). Run under a `StoryClock`, each step is dated
when the clock says; the demo loader, the factories of the tests and the benchmarks share
these functions.
"""

import datetime
from collections import deque
from dataclasses import dataclass
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from accelerator.fsm import current_transition, state_field
from accelerator.transition_views import run_service
from evaluations import services as evaluation_services
from evaluations.models import Design, Direction, Kind
from initiatives import services as initiative_services
from initiatives.models import Criterion, Initiative
from swarming import services as swarming_services
from swarming.models import KIT_SECTIONS

from .clock import StoryClock

# What the report upload accepts, for the evaluations whose report nobody reads.
MINIMAL_PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def actor(instance, name, candidates):
    """The first of `candidates` whom the machine lets run `name` on `instance` now; the
    first candidate when none may (the service then says why)."""
    people = [person for person in candidates if person is not None]
    found = current_transition(instance, name)
    if found is not None:
        for person in people:
            if found.has_perm(instance, person):
                return person
    return people[0]


# One step of each machine, through its service.


def initiative_step(initiative, name, *, by, text="", scores=None):
    """Run the initiative's transition `name`; `scores` (criterion: (score, comment)) is the
    scorecard that identification records."""
    extra = {"scores": scores or {}} if name == "identify" else {}
    return run_service(initiative_services, initiative, name, by=by, text=text, **extra)


def evaluation_step(evaluation, name, *, by, text="", nesta_level=None):
    """Run the evaluation's transition `name`; rating takes the Nesta level, with `text` as
    its rationale."""
    extra = {"nesta_level": nesta_level} if name == "rate" else {}
    return run_service(evaluation_services, evaluation, name, by=by, text=text, **extra)


def replication_step(replication, name, *, by, text="", signed_on=None):
    """Run the replication's transition `name`; the agreement is signed on `signed_on`
    (default: two days before it is recorded)."""
    extra = {}
    if name == "agree":
        extra["signed_on"] = signed_on or timezone.localdate() - datetime.timedelta(days=2)
    return run_service(swarming_services, replication, name, by=by, text=text, **extra)


def plan_step(plan, name, *, by, text=""):
    return run_service(swarming_services, plan, name, by=by, text=text)


# Writing what the steps need.


def evaluation_record_findings(evaluation, *, data=None, outcomes=()):
    """What the evaluator found: fields of the evaluation (summary, attrition, cost…) and
    its outcomes (dicts of Outcome's fields)."""
    if data:
        evaluation_services.evaluation_update(evaluation=evaluation, data=data)
    return [
        evaluation_services.evaluation_add_outcome(evaluation=evaluation, data=outcome)
        for outcome in outcomes
    ]


def evaluation_hand_in(evaluation, *, by, report, message=""):
    """Attach the report (a file: ContentFile) and hand it in (submit_report)."""
    evaluation_services.evaluation_attach_report(evaluation=evaluation, upload=report)
    return evaluation_step(evaluation, "submit_report", by=by, text=message)


def kit_write(kit, *, sections=None, invariants=(), indicators=()):
    """Write a draft kit: its sections, invariants (label, description) and indicators
    (dicts of KitIndicator's fields)."""
    if sections:
        swarming_services.kit_update(kit=kit, data=sections)
    for label, description in invariants:
        swarming_services.kit_add_invariant(kit=kit, label=label, description=description)
    for indicator in indicators:
        swarming_services.kit_add_indicator(kit=kit, **indicator)
    return kit


# A whole route: from where an initiative stands to a stage, by the shortest way the machine
# allows, each step prepared with what its guard reads.


@dataclass
class Cast:
    """Who plays the accelerator's roles in a story (the owner is the initiative's)."""

    staff: object
    committee: object
    evaluator: object


def route(model, source, target) -> list[str]:
    """The transitions of the shortest way from `source` to `target` in `model`'s machine
    (read from its django-fsm transitions); [] when they are the same."""
    edges = {}
    field = state_field(model())
    for method in field.transitions[model].values():
        for transition in method._django_fsm.transitions.values():
            edges.setdefault(transition.source, []).append((transition.name, transition.target))
    paths, seen = deque([(source, [])]), {source}
    while paths:
        state, path = paths.popleft()
        if state == target:
            return path
        for name, to in sorted(edges.get(state, []) + edges.get("*", [])):
            if to not in seen:
                seen.add(to)
                paths.append((to, [*path, name]))
    raise ValueError(f"No way from {source} to {target} in {model.__name__}'s machine.")


FULL_SCORECARD = dict.fromkeys(Criterion.values, (3, "Critère pleinement rempli."))


def _tick(clock, step):
    if clock is not None:
        clock.advance(step)


def evaluation_planned(
    initiative, *, cast, evaluator=None, design=Design.DIFFERENCE_IN_DIFFERENCES
):
    return evaluation_services.evaluation_plan(
        initiative=initiative,
        by=cast.staff,
        data={
            "kind": Kind.IMPACT,
            "questions": "L'action augmente-t-elle l'accès à l'emploi durable ?",
            "design": design,
            "commissioner": "Département du Nord",
            "evaluator": evaluator or cast.evaluator,
        },
    )


def evaluation_rated(
    evaluation, *, cast, nesta_level=3, direction=Direction.POSITIVE, clock=None, step=None
):
    """Take a planned evaluation through start, hand-in (a minimal PDF report, one outcome in
    `direction`) and the committee's rating."""
    step = step or datetime.timedelta(days=1)
    evaluation_step(
        evaluation, "start", by=actor(evaluation, "start", [evaluation.evaluator, cast.staff])
    )
    _tick(clock, step)
    evaluation_record_findings(
        evaluation,
        data={"summary": "Effet mesuré sur l'emploi durable.", "cost_per_beneficiary": 1500},
        outcomes=[
            {
                "indicator": "Emploi durable à 12 mois",
                "horizon": "12 mois après l'entrée",
                "effect_size": Decimal("12"),
                "ci_low": Decimal("6"),
                "ci_high": Decimal("18"),
                "unit": "points de %",
                "direction": direction,
            }
        ],
    )
    by = actor(evaluation, "submit_report", [evaluation.evaluator, cast.staff])
    evaluation_hand_in(evaluation, by=by, report=ContentFile(MINIMAL_PDF, name="rapport.pdf"))
    _tick(clock, step)
    evaluation_step(
        evaluation,
        "rate",
        by=cast.committee,
        text="Groupe de comparaison solide, attrition faible.",
        nesta_level=nesta_level,
    )
    return evaluation


def _prepare(initiative, name, *, cast, clock, step):
    """Write what the guard of `name` reads, through the services, before it runs."""
    evaluations = initiative.evaluations
    if name == "start_evaluation" and not evaluations.ready_to_start().exists():
        evaluation_planned(initiative, cast=cast)
        _tick(clock, step)
    elif name in ("complete_evaluation", "validate") and not evaluations.rated().exists():
        planned = evaluations.ready_to_start().first() or evaluation_planned(initiative, cast=cast)
        evaluation_rated(planned, cast=cast, clock=clock, step=step)
        _tick(clock, step)
    elif name == "suspend" and not evaluations.with_null_or_negative_result().exists():
        planned = evaluation_planned(initiative, cast=cast)
        evaluation_rated(
            planned, cast=cast, direction=Direction.NULL, nesta_level=2, clock=clock, step=step
        )
        _tick(clock, step)
    elif name == "open_spreading":
        if not initiative.transfer_kits.published().exists():
            kit = swarming_services.kit_draft(initiative=initiative, by=initiative.owner)
            kit_write(
                kit,
                sections=dict.fromkeys(KIT_SECTIONS, "À compléter avec la structure porteuse."),
                invariants=[("Accompagnement individuel vers l'emploi", "")],
            )
            _tick(clock, step)
            swarming_services.kit_publish(kit=kit, by=cast.staff, message="Version publiée.")
            _tick(clock, step)
        if not initiative.spreading_consents.exists():
            swarming_services.consent_give(
                initiative=initiative, by=initiative.owner, terms="Licence CC BY-SA."
            )
            _tick(clock, step)
    elif name == "start_scale_up" and not initiative.scale_up_plans.approved().exists():
        plan = swarming_services.plan_create(
            initiative=initiative,
            by=initiative.owner,
            data={"budget": Decimal("250000"), "milestones": "Ouverture d'une antenne"},
            territories=list(initiative.territories.all()),
        )
        _tick(clock, step)
        plan_step(plan, "approve", by=cast.committee, text="Plan approuvé.")
        _tick(clock, step)


# What a route's steps say when a reason is required.
ROUTE_TEXT = "Étape franchie au fil du parcours."


def initiative_to(initiative, stage, *, cast, clock=None, step=None, via=None):
    """Take `initiative` from its stage to `stage` by the shortest way of the machine (or
    the transitions `via`), each step run by whom the machine allows, after what its guard
    reads has been written; with a `clock`, `step` (one day) apart."""
    step = step or datetime.timedelta(days=1)
    names = via if via is not None else route(Initiative, initiative.stage, stage)
    for name in names:
        _prepare(initiative, name, cast=cast, clock=clock, step=step)
        by = actor(initiative, name, [initiative.owner, cast.staff, cast.committee])
        initiative_step(initiative, name, by=by, text=ROUTE_TEXT, scores=FULL_SCORECARD)
        _tick(clock, step)
    return initiative


def story(days: int = 60) -> StoryClock:
    """A clock that starts `days` days ago, for a story told up to now."""
    return StoryClock(timezone.now() - datetime.timedelta(days=days))
