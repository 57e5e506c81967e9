"""Accessibility, in the browser: axe-core (through axe-playwright-python, which ships its own
copy of axe.min.js: nothing is fetched at run time) checks the public pages, as a visitor
sees them: the catalogue (as it opens, searched, filtered), an initiative's public page, the
sign-up forms (empty, and sent back with errors) and the login page.

No violation of impact "serious" or "critical" may remain; the others (moderate, minor) are
printed for information (`pytest -s`, or in the captured output of a failing test)."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from evaluations.models import Direction
from evaluations.models import State as EvaluationState
from initiatives import search, services
from initiatives.models import Stage
from tests.factories import (
    EvaluationFactory,
    InitiativeFactory,
    OrganisationFactory,
    ReplicationFactory,
    TransferKitFactory,
    UserFactory,
)

BLOCKING = {"serious", "critical"}
SPREADING_TITLE = "Garage solidaire de Roubaix"
IDENTIFIED_TITLE = "Ambassadeurs de l'énergie"


@pytest.fixture(scope="module")
def axe():
    return Axe()


def audit(page, axe, where):
    """The serious and critical violations of axe-core on the page as it is, described; the
    others are printed."""
    results = axe.run(page)
    blocking = []
    for violation in results.response["violations"]:
        targets = [" ".join(node["target"]) for node in violation["nodes"]]
        line = (
            f"[{where}] {violation['id']} ({violation['impact']}): {violation['help']}"
            f" — {len(targets)} élément(s) : {', '.join(targets[:5])}"
        )
        if violation["impact"] in BLOCKING:
            blocking.append(line + "\n" + results.generate_report(violation["id"]))
        else:
            print(line)
    return blocking


@pytest.fixture
def public_data():
    """A spreading initiative (a rated evaluation, a published kit, a replication) and an
    identified one whose plain-language sheet staff published."""
    spreading = InitiativeFactory(
        complete=True,
        stage=Stage.SPREADING,
        title=SPREADING_TITLE,
        carrier=OrganisationFactory(name="Garage Solidaire Roubaix"),
    )
    EvaluationFactory(
        initiative=spreading,
        state=EvaluationState.RATED,
        reported=True,
        outcomes=[Direction.NULL],
        rating=3,
    )
    kit = TransferKitFactory(initiative=spreading)
    ReplicationFactory(kit=kit, state="launched")
    identified = InitiativeFactory(
        complete=True,
        stage=Stage.IDENTIFIED,
        title=IDENTIFIED_TITLE,
        summary="Des ambassadeurs visitent les foyers en précarité énergétique.",
    )
    services.initiative_publish_sheet(
        initiative=identified,
        by=UserFactory(roles=["staff"]),
        text="Des habitants formés repèrent les foyers en précarité énergétique.",
    )
    search.reindex()
    return spreading, identified


def test_the_catalogue_and_a_public_page_are_accessible(page, axe, public_data):
    problems = []

    page.goto("/ce-qui-marche/")
    expect(page.get_by_role("heading", level=1, name="Ce qui marche")).to_be_visible()
    expect(page.get_by_role("link", name=SPREADING_TITLE)).to_be_visible()
    problems += audit(page, axe, "catalogue")

    page.get_by_role("searchbox", name="Rechercher").fill("garage")
    page.get_by_role("button", name="Afficher").click()
    expect(page).to_have_url(re.compile(r"[?&]q=garage"))
    expect(page.get_by_role("status")).to_have_text("1 initiative")
    problems += audit(page, axe, "catalogue, recherche")

    page.goto("/ce-qui-marche/")
    page.get_by_label("Niveau de diffusion").select_option(label="Expérience inspirante")
    page.get_by_role("button", name="Afficher").click()
    expect(page).to_have_url(re.compile(r"[?&]level=inspiration"))
    expect(page.get_by_role("link", name=IDENTIFIED_TITLE)).to_be_visible()
    problems += audit(page, axe, "catalogue, filtre")

    page.goto("/ce-qui-marche/?q=introuvable")
    expect(page.get_by_text("Aucune initiative ne correspond à ces critères.")).to_be_visible()
    problems += audit(page, axe, "catalogue, aucun résultat")

    page.goto("/ce-qui-marche/")
    page.get_by_role("link", name=SPREADING_TITLE).click()
    expect(page.get_by_role("heading", level=1, name=SPREADING_TITLE)).to_be_visible()
    expect(page.get_by_role("heading", name="Le kit d'essaimage")).to_be_visible()
    problems += audit(page, axe, "page publique, essaimable")

    page.goto("/ce-qui-marche/")
    page.get_by_role("link", name=IDENTIFIED_TITLE).click()
    expect(page.get_by_role("heading", level=1, name=IDENTIFIED_TITLE)).to_be_visible()
    problems += audit(page, axe, "page publique, expérience inspirante")

    assert not problems, "\n\n".join(problems)


def test_the_sign_up_and_login_forms_are_accessible(page, axe):
    problems = []

    page.goto("/inscription/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Créer un compte porteur de projet")
    problems += audit(page, axe, "inscription")

    page.get_by_role("button", name="Créer mon compte").click()
    expect(page.get_by_role("alert")).to_contain_text("Le formulaire contient des erreurs")
    problems += audit(page, axe, "inscription, erreurs")

    page.goto("/partenaires/inscription/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Créer un compte partenaire")
    problems += audit(page, axe, "inscription partenaire")

    page.get_by_role("button", name="Créer mon compte partenaire").click()
    expect(page.get_by_role("alert")).to_contain_text("Le formulaire contient des erreurs")
    problems += audit(page, axe, "inscription partenaire, erreurs")

    page.goto("/connexion/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Se connecter")
    problems += audit(page, axe, "connexion")

    page.get_by_label("Adresse e-mail").fill("personne@exemple.fr")
    page.get_by_role("textbox", name=re.compile(r"^Mot de passe")).fill("pas le bon")
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("alert")).to_contain_text("Adresse e-mail ou mot de passe incorrect")
    problems += audit(page, axe, "connexion, erreur")

    assert not problems, "\n\n".join(problems)
