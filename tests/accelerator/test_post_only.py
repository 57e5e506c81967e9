"""The addresses forms post to, opened by a browser (accelerator/http.py).

After a refused form, its page is shown at the address the form posted to; the browser keeps
it, and opening it again (address bar, new tab, bookmark) is a GET. That GET leads to the
page the form lives on, after the same access check as the POST; other methods answer 405,
with a page in French rather than an empty body."""

import re
from collections.abc import Callable
from dataclasses import dataclass
from html import unescape
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from evaluations.models import Direction
from initiatives.models import Stage

from ..factories import (
    EvaluationFactory,
    InitiativeFactory,
    OutcomeFactory,
    ReplicationFactory,
    ScaleUpPlanFactory,
    TransferKitFactory,
)

NOT_ALLOWED = "Cette adresse ne s'ouvre pas ainsi"


@pytest.fixture
def world(initiative, alice, eve, paul):
    """One object for each page a POST-only form lives on."""
    carrier = alice.organisations.get()
    submitted = InitiativeFactory(
        owner=alice, carrier=carrier, complete=True, stage=Stage.SUBMITTED, title="Atelier vélo"
    )
    evaluation = EvaluationFactory(evaluator=eve, initiative__title="Épicerie solidaire")
    OutcomeFactory(evaluation=evaluation, direction=Direction.NEGATIVE)
    spreading = InitiativeFactory(
        owner=alice, carrier=carrier, complete=True, stage=Stage.SPREADING, title="Garage d'Arras"
    )
    published = TransferKitFactory(initiative=spreading)
    return SimpleNamespace(
        draft=initiative,
        submitted=submitted,
        evaluation=evaluation,
        outcome=evaluation.outcomes.get(),
        spreading=spreading,
        draft_kit=TransferKitFactory(
            initiative=spreading, version=2, state="draft", published_at=None
        ),
        replication=ReplicationFactory(kit=published, declared_by=paul),
        plan=ScaleUpPlanFactory(initiative=spreading),
    )


@dataclass(frozen=True)
class Case:
    url: Callable  # world -> the POST-only address
    page: Callable  # world -> the page its form lives on
    heading: Callable  # world -> that page's <h1>
    right: str  # who may post there
    wrong: str  # who may not...
    refusal: int  # ...and what the POST answers them


def u(name, *args):
    return reverse(name, args=args)


INITIATIVE_PAGE = {
    "page": lambda w: u("initiatives:detail", w.draft.pk),
    "heading": lambda w: w.draft.title,
}
FILE = {
    "page": lambda w: u("initiatives:file", w.submitted.pk),
    "heading": lambda w: w.submitted.title,
}
EVALUATION = {
    "page": lambda w: u("evaluations:detail", w.evaluation.pk),
    "heading": lambda w: "Évaluation d'impact",
}
REPLICATION = {
    "page": lambda w: u("swarming:replication", w.replication.pk),
    "heading": lambda w: f"Réplication de « {w.spreading.title} »",
}
KIT = {
    "page": lambda w: u("swarming:kit_detail", w.draft_kit.pk),
    "heading": lambda w: "Kit d'essaimage, version 2",
}

CASES = {
    "initiatives:submit": Case(
        url=lambda w: u("initiatives:submit", w.draft.pk),
        right="alice",
        wrong="bob",
        refusal=404,
        **INITIATIVE_PAGE,
    ),
    "initiatives:attach": Case(
        url=lambda w: u("initiatives:attach", w.draft.pk),
        right="alice",
        wrong="bob",
        refusal=404,
        **INITIATIVE_PAGE,
    ),
    "initiatives:bulk": Case(
        url=lambda w: u("initiatives:bulk"),
        page=lambda w: u("initiatives:board"),
        heading=lambda w: "Suivi des initiatives",
        right="sam",
        wrong="colette",
        refusal=403,
    ),
    "initiatives:transition": Case(
        url=lambda w: u("initiatives:transition", w.submitted.pk, "identify"),
        right="sam",
        wrong="alice",
        refusal=403,
        **FILE,
    ),
    "initiatives:comment": Case(
        url=lambda w: u("initiatives:comment", w.submitted.pk),
        right="sam",
        wrong="colette",
        refusal=403,
        **FILE,
    ),
    "initiatives:assign": Case(
        url=lambda w: u("initiatives:assign", w.submitted.pk),
        right="sam",
        wrong="colette",
        refusal=403,
        **FILE,
    ),
    "catalogue:sheet": Case(
        url=lambda w: u("catalogue:sheet", w.submitted.pk),
        right="sam",
        wrong="colette",
        refusal=403,
        **FILE,
    ),
    "evaluations:record": Case(
        url=lambda w: u("evaluations:record", w.evaluation.pk),
        right="eve",
        wrong="colette",
        refusal=403,
        **EVALUATION,
    ),
    "evaluations:add_outcome": Case(
        url=lambda w: u("evaluations:add_outcome", w.evaluation.pk),
        right="eve",
        wrong="bob",
        refusal=404,
        **EVALUATION,
    ),
    "evaluations:resolve_outcome": Case(
        url=lambda w: u("evaluations:resolve_outcome", w.evaluation.pk, w.outcome.pk),
        right="sam",
        wrong="eve",
        refusal=403,
        **EVALUATION,
    ),
    "evaluations:transition": Case(
        url=lambda w: u("evaluations:transition", w.evaluation.pk, "start"),
        right="sam",
        wrong="alice",
        refusal=404,
        **EVALUATION,
    ),
    "swarming:declare_interest": Case(
        url=lambda w: u("swarming:declare_interest", w.spreading.pk),
        page=lambda w: u("swarming:partner_initiative", w.spreading.pk),
        heading=lambda w: w.spreading.title,
        right="paul",
        wrong="alice",
        refusal=403,
    ),
    "swarming:replication_transition": Case(
        url=lambda w: u("swarming:replication_transition", w.replication.pk, "start_preparation"),
        right="sam",
        wrong="paul",
        refusal=403,
        **REPLICATION,
    ),
    "swarming:report_milestone": Case(
        url=lambda w: u("swarming:report_milestone", w.replication.pk),
        right="paul",
        wrong="bob",
        refusal=404,
        **REPLICATION,
    ),
    "swarming:report_fidelity": Case(
        url=lambda w: u("swarming:report_fidelity", w.replication.pk),
        right="paul",
        wrong="alice",
        refusal=403,
        **REPLICATION,
    ),
    "swarming:report_indicator": Case(
        url=lambda w: u("swarming:report_indicator", w.replication.pk),
        right="paul",
        wrong="colette",
        refusal=403,
        **REPLICATION,
    ),
    "swarming:kit_new_draft": Case(
        url=lambda w: u("swarming:kit_new_draft", w.spreading.pk),
        page=lambda w: u("swarming:kits", w.spreading.pk),
        heading=lambda w: "Kit d'essaimage",
        right="alice",
        wrong="colette",
        refusal=403,
    ),
    "swarming:kit_add_invariant": Case(
        url=lambda w: u("swarming:kit_add_invariant", w.draft_kit.pk),
        right="alice",
        wrong="bob",
        refusal=404,
        **KIT,
    ),
    "swarming:kit_add_indicator": Case(
        url=lambda w: u("swarming:kit_add_indicator", w.draft_kit.pk),
        right="sam",
        wrong="colette",
        refusal=403,
        **KIT,
    ),
    "swarming:kit_attach": Case(
        url=lambda w: u("swarming:kit_attach", w.draft_kit.pk),
        right="alice",
        wrong="paul",
        refusal=404,
        **KIT,
    ),
    "swarming:kit_transition": Case(
        url=lambda w: u("swarming:kit_transition", w.draft_kit.pk, "publish"),
        right="sam",
        wrong="alice",
        refusal=403,
        **KIT,
    ),
    "swarming:plan_transition": Case(
        url=lambda w: u("swarming:plan_transition", w.plan.pk, "approve"),
        page=lambda w: u("swarming:plan_detail", w.plan.pk),
        heading=lambda w: "Plan de changement d'échelle",
        right="colette",
        wrong="bob",
        refusal=404,
    ),
}


def heading(response):
    found = re.search(r"<h1[^>]*>(.*?)</h1>", response.content.decode(), re.S)
    assert found, "the page has no <h1>"
    return " ".join(unescape(re.sub(r"<[^>]+>", "", found.group(1))).split())


def post_only_names(patterns=None, namespace=""):
    """The names of the URLs whose view is decorated with post_only."""
    names = set()
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= post_only_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and hasattr(pattern.callback, "post_only_page"):
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_post_only_address_is_checked_here():
    assert post_only_names() == set(CASES)


@pytest.mark.parametrize("name", CASES)
def test_a_get_by_the_right_person_leads_to_the_page(request, world, login, name):
    case = CASES[name]
    client = login(request.getfixturevalue(case.right))
    for method in (client.get, client.head):
        response = method(case.url(world))
        assert response.status_code == 302
        assert response.url == case.page(world)
    page = client.get(case.url(world), follow=True)
    assert page.status_code == 200
    assert page.redirect_chain == [(case.page(world), 302)]
    assert heading(page) == case.heading(world)
    assert f"<title>{case.heading(world)}" in unescape(page.content.decode())


@pytest.mark.parametrize("name", CASES)
def test_a_get_by_the_wrong_person_is_refused_as_the_post_is(request, world, login, name):
    case = CASES[name]
    client = login(request.getfixturevalue(case.wrong))
    assert client.post(case.url(world)).status_code == case.refusal
    assert client.get(case.url(world)).status_code == case.refusal


@pytest.mark.parametrize("name", CASES)
def test_an_anonymous_get_is_sent_to_log_in(world, name):
    target = CASES[name].url(world)
    response = Client().get(target)
    assert response.status_code == 302
    address = urlsplit(response.url)
    assert address.path == reverse("login")
    assert parse_qs(address.query)["next"] == [target]


@pytest.mark.parametrize("name", CASES)
def test_other_methods_answer_405_with_a_page(request, world, login, name):
    case = CASES[name]
    response = login(request.getfixturevalue(case.right)).put(case.url(world))
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert heading(response) == NOT_ALLOWED


def test_every_405_has_a_page(sam, login):
    response = login(sam).post(reverse("initiatives:board"))
    assert response.status_code == 405
    assert response["Allow"] == "GET"
    assert heading(response) == NOT_ALLOWED
    assert "Retour à l'accueil" in unescape(response.content.decode())


def test_the_address_kept_after_a_refused_form_opens_the_page(world, paul, login):
    """The reviewer's case: the partner's form is refused, the page shown at the address the
    form posted to; opening that address again shows the initiative's page."""
    client = login(paul)
    target = reverse("swarming:declare_interest", args=[world.spreading.pk])
    refused = client.post(target, {})
    assert refused.status_code == 422
    assert heading(refused) == world.spreading.title
    again = client.get(target, follow=True)
    assert again.status_code == 200
    assert again.redirect_chain == [
        (reverse("swarming:partner_initiative", args=[world.spreading.pk]), 302)
    ]
    assert heading(again) == world.spreading.title
    assert not world.spreading.replications.filter(declared_by=paul).exclude(
        pk=world.replication.pk
    )
