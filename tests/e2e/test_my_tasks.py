"""'Mes tâches' in the browser: a committee member logs in and finds, on the home page, the
evaluation waiting for a rating, then follows its link to the evaluation."""

import re

from django.utils import timezone
from playwright.sync_api import expect

from accelerator import roles
from evaluations.models import State
from tests.factories import EvaluationFactory, InitiativeFactory, UserFactory

from .helpers import log_in

COMMITTEE_EMAIL = "colette.fournier@comite-ansa.fr"
TITLE = "Garage solidaire de Roubaix"


def test_a_committee_member_finds_the_evaluation_to_rate_in_her_tasks(page):
    UserFactory(
        email=COMMITTEE_EMAIL, first_name="Colette", last_name="Fournier", roles=[roles.COMMITTEE]
    )
    evaluation = EvaluationFactory(
        initiative=InitiativeFactory(title=TITLE, complete=True),
        state=State.REPORT_SUBMITTED,
        submitted_at=timezone.now(),
        summary="Effet net de 12 points sur l'emploi durable à 12 mois.",
    )

    log_in(page, COMMITTEE_EMAIL)
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes tâches")
    to_rate = page.get_by_role("region", name="Évaluations à noter")
    expect(to_rate.get_by_role("heading", level=3)).to_have_text("Évaluations à noter (1)")
    link = to_rate.get_by_role("link", name=re.compile(rf"^{re.escape(TITLE)}"))
    expect(link).to_have_count(1)
    expect(page.get_by_role("region", name="Décisions à prendre")).to_contain_text(
        "Rien ne vous attend."
    )

    link.click()
    expect(page).to_have_url(re.compile(rf"/evaluations/{evaluation.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Évaluation d'impact")
    expect(page.locator("body")).to_contain_text(TITLE)
