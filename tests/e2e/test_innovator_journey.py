"""A new innovator, in the browser: sign up, write a draft, attach a PDF, submit."""

import re

from django.contrib.contenttypes.models import ContentType
from django_fsm_log.models import StateLog
from playwright.sync_api import expect

from accelerator.models import User
from initiatives.models import Attachment, Initiative

from .helpers import field, one_page_pdf

EMAIL = "camille.martin@tremplin-mobilite.fr"
PASSWORD = "Velo-Cargo-Solidaire-2026"
TITLE = "Vélos solidaires pour l'emploi"


def test_a_new_innovator_signs_up_and_submits_an_initiative(page, tmp_path):
    # The home page, styled and with htmx loaded.
    home = page.goto("/")
    assert home.ok
    expect(page.get_by_role("heading", level=1)).to_contain_text("chômage de longue durée")
    assert page.evaluate("typeof window.htmx") == "object"
    # Every stylesheet base.html links is loaded, the one declaring the layers' order first.
    assert page.evaluate(
        "[...document.querySelectorAll('link[rel=stylesheet]')]"
        ".every(link => link.sheet && link.sheet.cssRules.length > 0)"
    )
    assert page.evaluate("document.styleSheets[0].href").endswith("/css/tokens.css")

    # Sign up.
    page.get_by_role("link", name="Créer un compte", exact=True).click()
    expect(page).to_have_url(re.compile(r"/inscription/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Créer un compte porteur de projet")
    page.get_by_label("Adresse e-mail").fill(EMAIL)
    page.get_by_label("Prénom").fill("Camille")
    field(page, "Nom").fill("Martin")
    field(page, "Mot de passe").fill(PASSWORD)
    page.get_by_label("Confirmation du mot de passe").fill(PASSWORD)
    page.get_by_label("Nom de la structure").fill("Tremplin Mobilité")
    page.get_by_label("Forme juridique").select_option(label="Association loi 1901")
    expect(page.get_by_label("Structure à but non lucratif")).to_be_checked()
    page.get_by_label("Département du siège").select_option(label="Nord (59)")
    page.get_by_role("button", name="Créer mon compte").click()

    # "Mes initiatives", empty for now.
    expect(page).to_have_url(re.compile(r"/mes-initiatives/$"))
    expect(page.get_by_role("status")).to_contain_text("Bienvenue Camille")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes initiatives")
    expect(page.get_by_text("Vous n'avez encore déposé aucune initiative.")).to_be_visible()

    # The sectioned form.
    page.get_by_role("link", name="Déposer une initiative", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Déposer une initiative")
    page.get_by_label("Titre").fill(TITLE)
    page.get_by_label("Résumé").fill(
        "Des vélos-cargos prêtés aux demandeurs d'emploi pour aller en entretien et au travail."
    )
    page.get_by_label("Problème traité").fill(
        "Sans permis ni transports en commun, des offres d'emploi restent hors de portée."
    )
    expect(page.get_by_label("Appel à initiatives")).to_have_value("")
    publics = page.get_by_role("group", name="Publics cibles")
    publics.get_by_label("Demandeurs d'emploi de longue durée").check()
    publics.get_by_label("Bénéficiaires du RSA").check()
    themes = page.get_by_role("group", name="Thématiques")
    themes.get_by_label("Mobilité").check()
    themes.get_by_label("Insertion professionnelle").check()
    page.get_by_label("Territoires d'intervention").select_option(
        label=["Nord (59)", "Région Hauts-de-France"]
    )
    page.get_by_label("Structure porteuse").select_option(label="Tremplin Mobilité")
    page.get_by_role("group", name="Maturité").get_by_label("Expérimentation").check()
    page.get_by_label("Théorie du changement").fill(
        "Un moyen de transport fiable lève le premier frein au retour à l'emploi."
    )
    page.get_by_label("Résultats attendus").fill("50 % des personnes en emploi à six mois.")
    page.get_by_label("Budget annuel (€)").fill("45000")
    page.get_by_label("Coût par bénéficiaire (€)").fill("900")
    page.get_by_role("button", name="Enregistrer le brouillon").click()

    # The draft's page.
    expect(page.get_by_role("status")).to_contain_text("Brouillon enregistré.")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.locator(".page-header .stage")).to_have_text("Brouillon")
    expect(page.get_by_text("Aucune pièce jointe.")).to_be_visible()

    # A PDF attached.
    pdf = tmp_path / "presentation-projet.pdf"
    pdf.write_bytes(one_page_pdf("Projet Velos solidaires"))
    page.get_by_label("Ajouter une pièce jointe").set_input_files(pdf)
    page.get_by_role("button", name="Téléverser").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Pièce jointe « presentation-projet.pdf » ajoutée."
    )
    attachments = page.get_by_role("region", name="Pièces jointes")
    download = attachments.get_by_role("link", name="presentation-projet.pdf", exact=True)
    expect(download).to_be_visible()
    expect(attachments.get_by_role("listitem")).to_contain_text("PDF")

    # Submitted, with a word for the team.
    page.locator("summary", has_text="Soumettre").click()
    page.get_by_label("Message à l'équipe de l'accélérateur").fill("Merci de votre lecture.")
    page.get_by_role("button", name="Confirmer la soumission").click()
    expect(page.get_by_role("status")).to_contain_text("Votre initiative est soumise")
    expect(page.locator(".page-header .stage")).to_have_text("Soumise")
    expect(page.locator("summary", has_text="Soumettre")).to_have_count(0)
    expect(page.get_by_role("link", name="Compléter le brouillon")).to_have_count(0)
    expect(page.get_by_role("region", name="Historique")).to_contain_text("Brouillon → Soumise")

    # Back in "Mes initiatives".
    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Mes initiatives"
    ).click()
    card = page.get_by_role("listitem").filter(has=page.get_by_role("heading", name=TITLE))
    expect(card).to_have_count(1)
    expect(card.locator(".stage")).to_have_text("Soumise")
    expect(card).to_contain_text("Tremplin Mobilité")
    expect(card.get_by_role("link", name="Reprendre le brouillon")).to_have_count(0)

    # What the database holds.
    user = User.objects.get(email=EMAIL)
    assert user.groups.filter(name="innovator").exists()
    assert list(user.organisations.values_list("name", flat=True)) == ["Tremplin Mobilité"]
    initiative = Initiative.objects.get()
    assert initiative.title == TITLE
    assert initiative.owner == user
    assert initiative.stage == "submitted"
    assert initiative.submitted_at is not None
    assert initiative.carrier.name == "Tremplin Mobilité"
    assert initiative.maturity == "experimentation"
    assert initiative.budget == 45000
    assert set(initiative.territories.values_list("name", flat=True)) == {
        "Nord",
        "Hauts-de-France",
    }
    assert set(initiative.themes.values_list("name", flat=True)) == {
        "Mobilité",
        "Insertion professionnelle",
    }
    assert initiative.target_publics.count() == 2
    logs = StateLog.objects.filter(
        content_type=ContentType.objects.get_for_model(Initiative), object_id=initiative.pk
    )
    assert [(log.source_state, log.state, log.by) for log in logs] == [("draft", "submitted", user)]
    assert logs[0].description == "Merci de votre lecture."
    attachment = Attachment.objects.get(initiative=initiative)
    assert attachment.name == "presentation-projet.pdf"
    assert attachment.content_type == "application/pdf"
    assert attachment.uploaded_by == user
    assert attachment.size == pdf.stat().st_size
    with attachment.file.open("rb") as stored:
        assert stored.read() == pdf.read_bytes()


def test_the_password_rules_are_announced_with_the_password_field(page):
    """The rules of a valid password are the password field's accessible description."""
    page.goto("/inscription/")
    expect(field(page, "Mot de passe")).to_have_accessible_description(
        re.compile(r"au minimum 8 caractères")
    )
