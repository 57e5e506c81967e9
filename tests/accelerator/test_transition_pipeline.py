"""Every machine's transitions run through one view, each by the service its custom= names."""

import inspect

import pytest

from accelerator.fsm import transition_custom, transition_names
from evaluations import services as evaluation_services
from evaluations.models import Evaluation
from initiatives import services as initiative_services
from initiatives.models import Initiative
from swarming import services as swarming_services
from swarming.models import Replication, ScaleUpPlan, TransferKit

MACHINES = [
    (Initiative, initiative_services, "initiative"),
    (Evaluation, evaluation_services, "evaluation"),
    (TransferKit, swarming_services, "kit"),
    (Replication, swarming_services, "replication"),
    (ScaleUpPlan, swarming_services, "plan"),
]
TRANSITIONS = [
    (model, services, entity, name)
    for model, services, entity in MACHINES
    for name in transition_names(model)
]


@pytest.mark.parametrize(
    ("model", "services", "entity", "name"),
    TRANSITIONS,
    ids=[f"{model.__name__}.{name}" for model, _s, _e, name in TRANSITIONS],
)
def test_each_transition_names_the_service_that_runs_it(model, services, entity, name):
    custom = transition_custom(model, name)
    assert custom["service"] == f"{entity}_{name}"
    service = getattr(services, custom["service"])
    parameters = inspect.signature(service).parameters
    text = "reason" if custom.get("reason_required") else "message"
    assert {entity, "by", "expected_state", text} <= set(parameters)
    assert all(p.kind == p.KEYWORD_ONLY for p in parameters.values())


def test_every_machine_has_its_transitions_counted():
    assert len(TRANSITIONS) == 13 + 4 + 2 + 5 + 3
