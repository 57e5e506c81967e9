"""The staff dashboard in the browser (issue 8): a chargée de mission logs in, opens the
dashboard from the main navigation, finds there the initiative stalled at its stage for
longer than STALLED_AFTER_DAYS days, with the date it has waited since, and not the one that
has just reached its stage; then follows its link to the initiative's file."""

import re
from datetime import timedelta

from django.utils import timezone
from django.utils.formats import date_format
from playwright.sync_api import expect

from initiatives.models import Initiative, Stage
from tests.factories import InitiativeFactory

from .helpers import log_in, nav

STALLED = "Garage solidaire de Roubaix"
FRESH = "Ressourcerie du Vieux-Lille"
WAITED_DAYS = 45


def test_a_staff_member_finds_a_stalled_initiative_from_the_dashboard(
    page, sam, alice, bob, settings
):
    settings.STALLED_AFTER_DAYS = 30
    stalled = InitiativeFactory(
        owner=alice,
        carrier=alice.organisations.get(),
        complete=True,
        stage=Stage.IDENTIFIED,
        title=STALLED,
    )
    Initiative.objects.filter(pk=stalled.pk).update(
        stage_entered_at=timezone.now() - timedelta(days=WAITED_DAYS)
    )
    stalled.refresh_from_db()
    InitiativeFactory(
        owner=bob,
        carrier=bob.organisations.get(),
        complete=True,
        stage=Stage.IDENTIFIED,
        title=FRESH,
    )
    waiting_since = date_format(timezone.localtime(stalled.stage_entered_at), "SHORT_DATE_FORMAT")

    log_in(page, sam.email)
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes tâches")
    dashboard_link = nav(page).get_by_role("link", name="Tableau de bord")
    dashboard_link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tableau de bord")
    expect(dashboard_link).to_have_attribute("aria-current", "page")

    section = page.get_by_role("region", name="Initiatives à la même étape depuis plus de 30 jours")
    expect(section).to_contain_text("1 initiative bloquée.")
    table = section.get_by_role("table", name="Initiatives bloquées, la plus ancienne d'abord")
    expect(table.get_by_role("columnheader")).to_have_text(
        ["Initiative", "Étape", "Depuis le", "Jours à l'étape"]
    )
    rows = table.locator("tbody").get_by_role("row")
    expect(rows).to_have_count(1)
    expect(rows.get_by_role("rowheader")).to_have_text(STALLED)
    expect(rows.get_by_role("cell")).to_have_text(["Repérée", waiting_since, str(WAITED_DAYS)])
    expect(section.get_by_role("link", name=FRESH)).to_have_count(0)
    expect(section).not_to_contain_text(FRESH)

    section.get_by_role("link", name=STALLED).click()
    expect(page).to_have_url(re.compile(rf"/suivi/initiatives/{stalled.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(STALLED)
    expect(page.get_by_text(f"À cette étape depuis {WAITED_DAYS} jours")).to_be_visible()
