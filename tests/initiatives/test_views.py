"""The innovator's journey through the pages, from the outside: sign-up, drafts,
attachments, submission, withdrawal; and what the wrong person or an anonymous visitor gets."""

import io
import re
import zipfile
from datetime import datetime
from html import unescape
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django_fsm_log.models import StateLog

from accelerator import roles
from initiatives import services
from initiatives.models import Attachment, Initiative, Maturity, Organisation, Stage, Theme

from ..factories import CallFactory, InitiativeFactory

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 200


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def odt_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def url(name, *args):
    return reverse(f"initiatives:{name}", args=args)


def texts(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


SIGNUP = {
    "email": "nadia@regie-roubaix.fr",
    "first_name": "Nadia",
    "last_name": "Benali",
    "password1": "Une-phrase-de-passe-2026",
    "password2": "Une-phrase-de-passe-2026",
    "organisation-name": "Régie de quartier de Roubaix",
    "organisation-siret": "732 829 320 00074",
    "organisation-legal_form": "association",
    "organisation-not_for_profit": "on",
}


# Sign-up, log in and out, password reset


def test_a_visitor_signs_up_as_an_innovator_of_their_organisation(db):
    client = Client()
    response = client.post(url("signup"), SIGNUP, follow=True)

    assert response.redirect_chain[-1][0] == url("mine")
    user = get_user_model().objects.get(email="nadia@regie-roubaix.fr")
    assert user.groups.filter(name=roles.INNOVATOR).exists()
    organisation = Organisation.objects.get(name="Régie de quartier de Roubaix")
    assert organisation.siret == "73282932000074"
    assert list(organisation.members.all()) == [user]
    assert "Bienvenue Nadia" in texts(response)[0]
    assert response.context["user"] == user


def test_sign_up_with_bad_input_answers_in_french_and_keeps_what_was_typed(alice):
    data = {
        **SIGNUP,
        "email": "alice@asso-mobilite.fr",
        "password2": "autre chose",
        "organisation-siret": "73282932000075",
        "first_name": "<b>Nadia</b>",
    }
    response = Client().post(url("signup"), data)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Un compte existe déjà avec cette adresse e-mail" in page
    assert "Les deux mots de passe ne correspondent pas" in page
    assert "clé de contrôle ne correspond pas" in page
    assert 'value="Régie de quartier de Roubaix"' in page
    assert 'value="&lt;b&gt;Nadia&lt;/b&gt;"' in page
    assert get_user_model().objects.count() == 1


def test_sign_up_does_not_join_an_organisation_by_its_siret(alice):
    alice.organisations.update(siret="73282932000074")
    response = Client().post(url("signup"), SIGNUP)
    assert response.status_code == 200
    assert "Une structure avec ce SIRET est déjà inscrite" in unescape(response.content.decode())
    assert get_user_model().objects.count() == 1


def test_sign_up_requires_the_organisation_name(db):
    response = Client().post(url("signup"), {**SIGNUP, "organisation-name": ""})
    assert response.status_code == 200
    assert "Ce champ est obligatoire." in response.content.decode()
    assert not get_user_model().objects.exists()


def test_log_in_with_the_email_and_log_out(alice, password):
    client = Client()
    response = client.post(
        reverse("login"), {"username": "ALICE@asso-mobilite.fr", "password": password}
    )
    assert response.status_code == 302
    assert client.get(url("mine")).status_code == 200

    client.post(reverse("logout"))
    assert client.get(url("mine")).status_code == 302


def test_the_login_page_offers_both_sign_ups(db):
    html = unescape(Client().get(reverse("login")).content.decode())
    innovator = reverse("initiatives:signup")
    partner = reverse("swarming:partner_signup")
    assert f'<a href="{innovator}">Créer un compte porteur de projet</a>' in html
    assert (
        "Vous représentez une structure qui veut reprendre une méthode qui a fait ses preuves ?"
        f' <a href="{partner}">Créer un compte partenaire</a>'
    ) in html


def test_a_wrong_password_is_told_in_french(alice):
    response = Client().post(reverse("login"), {"username": alice.email, "password": "non"})
    assert "Adresse e-mail ou mot de passe incorrect" in response.content.decode()


def test_password_reset_by_email(alice):
    client = Client()
    client.post(reverse("password_reset"), {"email": alice.email})

    (message,) = mail.outbox
    assert message.to == [alice.email]
    assert "nouveau mot de passe" in message.body
    link = re.search(r"http://testserver(/mot-de-passe/nouveau/\S+/)", message.body).group(1)
    form_page = client.get(link, follow=True)
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Nouvelle-phrase-2026", "new_password2": "Nouvelle-phrase-2026"},
    )
    assert Client().login(username=alice.email, password="Nouvelle-phrase-2026")


# Access: anonymous visitors log in, another innovator gets 404


@pytest.mark.parametrize(
    ("name", "needs_pk"),
    [("mine", False), ("create", False), ("detail", True), ("edit", True), ("withdraw", True)],
)
def test_an_anonymous_visitor_is_sent_to_log_in(initiative, name, needs_pk):
    target = url(name, initiative.pk) if needs_pk else url(name)
    response = Client().get(target)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={target}"


def test_another_innovators_initiative_answers_404(initiative, bob, login):
    attachment = services.initiative_attach(
        initiative=initiative,
        upload=SimpleUploadedFile("plan.pdf", PDF),
        by=initiative.owner,
    )
    client = login(bob)
    for target in (
        url("detail", initiative.pk),
        url("edit", initiative.pk),
        url("withdraw", initiative.pk),
        url("download", initiative.pk, attachment.pk),
        url("detach", initiative.pk, attachment.pk),
    ):
        assert client.get(target).status_code == 404, target
    for target in (url("submit", initiative.pk), url("attach", initiative.pk)):
        assert client.post(target).status_code == 404, target
    initiative.refresh_from_db()
    assert initiative.stage == Stage.DRAFT


def test_only_innovators_may_create_an_initiative(sam, paul, login):
    for user in (sam, paul):
        assert login(user).get(url("create")).status_code == 403


def test_every_post_needs_its_csrf_token(initiative):
    client = Client(enforce_csrf_checks=True)
    client.force_login(initiative.owner, backend="django.contrib.auth.backends.ModelBackend")
    for target in (url("submit", initiative.pk), url("withdraw", initiative.pk)):
        assert client.post(target, {"stage": "draft"}).status_code == 403
    initiative.refresh_from_db()
    assert initiative.stage == Stage.DRAFT


# Drafts


def test_mes_initiatives_is_empty_at_first(alice, login):
    response = login(alice).get(url("mine"))
    assert "Vous n'avez encore déposé aucune initiative." in response.content.decode()


def test_a_draft_needs_only_a_title(alice, login):
    client = login(alice)
    response = client.post(url("create"), {"title": "Garage solidaire de Lens", "save": ""})

    initiative = Initiative.objects.get()
    assert response["Location"] == url("detail", initiative.pk)
    assert initiative.owner == alice
    assert initiative.stage == Stage.DRAFT
    assert "Garage solidaire de Lens" in client.get(url("mine")).content.decode()


def test_a_draft_with_bad_input_keeps_what_was_typed(alice, login):
    response = login(alice).post(
        url("create"),
        {"title": "", "summary": "Un résumé déjà écrit.", "budget": "-5", "maturity": "modelling"},
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert "Ce champ est obligatoire." in html
    assert "Le montant ne peut pas être négatif." in html
    assert "Un résumé déjà écrit." in html
    assert (
        'value="modelling" checked' in html
        or 'checked value="modelling"' in html
        or (re.search(r'<input[^>]*value="modelling"[^>]*checked', html))
    )
    assert not Initiative.objects.exists()


def test_html_typed_into_a_field_comes_back_escaped(alice, login):
    client = login(alice)
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    client.post(url("create"), {"title": payload, "summary": payload})
    initiative = Initiative.objects.get()

    for page in (url("mine"), url("detail", initiative.pk), url("edit", initiative.pk)):
        html = client.get(page).content.decode()
        assert "<script>alert" not in html, page
        assert "<img src=x" not in html, page
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html, page


def test_the_carrier_is_chosen_among_the_innovators_organisations(alice, bob, login):
    bobs = bob.organisations.get()
    response = login(alice).post(url("create"), {"title": "Essai", "carrier": bobs.pk})
    assert response.status_code == 422
    assert "Sélectionnez un choix valide" in response.content.decode()


def test_a_closed_call_is_not_offered(alice, login):
    CallFactory(title="AIS#Emploi 2024", opens_on="2024-01-01", closes_on="2024-03-01")
    CallFactory(title="AIS#Emploi ouvert", opens_on="2026-01-01", closes_on="2099-01-01")
    html = login(alice).get(url("create")).content.decode()
    assert "AIS#Emploi ouvert" in html
    assert "AIS#Emploi 2024" not in html


def test_editing_a_draft_saves_every_section(initiative, login):
    theme = Theme.objects.get(slug="mobilite")
    data = {
        "title": "Garage solidaire du Pévèle",
        "summary": "Réparations à prix solidaire.",
        "problem": "Pas de voiture, pas d'emploi.",
        "themes": [theme.pk],
        "maturity": Maturity.DEPLOYMENT,
        "carrier": initiative.carrier_id,
        "budget": "95000",
        "save": "",
    }
    login(initiative.owner).post(url("edit", initiative.pk), data)
    initiative.refresh_from_db()
    assert initiative.title == "Garage solidaire du Pévèle"
    assert list(initiative.themes.all()) == [theme]
    assert initiative.maturity == Maturity.DEPLOYMENT


def test_a_submitted_initiative_can_no_longer_be_edited(initiative, login):
    services.initiative_submit(initiative=initiative, by=initiative.owner)
    client = login(initiative.owner)
    response = client.post(url("edit", initiative.pk), {"title": "Changé en douce"})
    assert response.status_code == 403
    assert "n'est plus modifiable" in unescape(response.content.decode())
    initiative.refresh_from_db()
    assert initiative.title == "Garage solidaire"


# Submission


def test_submitting_an_incomplete_draft_lists_what_is_missing(alice, login):
    draft = InitiativeFactory(owner=alice, carrier=alice.organisations.get(), title="Idée")
    response = login(alice).post(url("submit", draft.pk), {"stage": "draft"}, follow=True)

    (message,) = texts(response)
    assert message.startswith("Pour soumettre, complétez : résumé, problème traité")
    draft.refresh_from_db()
    assert draft.stage == Stage.DRAFT


def test_submitting_a_complete_draft_shows_it_as_soumise(initiative, login):
    client = login(initiative.owner)
    response = client.post(url("submit", initiative.pk), {"stage": "draft"}, follow=True)

    assert "Votre initiative est soumise" in texts(response)[0]
    initiative.refresh_from_db()
    assert initiative.stage == Stage.SUBMITTED
    assert StateLog.objects.for_(initiative).get().by == initiative.owner
    mine = client.get(url("mine")).content.decode()
    assert re.search(r'class="stage stage--submitted">Soumise<', mine)


def test_save_and_submit_from_the_form(initiative, login):
    data = {
        "title": initiative.title,
        "summary": initiative.summary,
        "problem": initiative.problem,
        "target_publics": [p.pk for p in initiative.target_publics.all()],
        "themes": [t.pk for t in initiative.themes.all()],
        "territories": [t.pk for t in initiative.territories.all()],
        "carrier": initiative.carrier_id,
        "maturity": initiative.maturity,
        "theory_of_change": initiative.theory_of_change,
        "expected_outcomes": initiative.expected_outcomes,
        "budget": "120000",
        "stage": "draft",
        "save_and_submit": "",
    }
    login(initiative.owner).post(url("edit", initiative.pk), data)
    initiative.refresh_from_db()
    assert initiative.stage == Stage.SUBMITTED


def test_submitting_twice_is_refused_the_second_time(initiative, login):
    client = login(initiative.owner)
    client.post(url("submit", initiative.pk), {"stage": "draft"})
    response = client.post(url("submit", initiative.pk), {"stage": "draft"}, follow=True)
    assert any("Quelqu'un d'autre vient de faire évoluer ce dossier" in t for t in texts(response))
    assert StateLog.objects.for_(initiative).count() == 1


def test_submit_needs_post(initiative, login):
    client = login(initiative.owner)
    assert client.put(url("submit", initiative.pk)).status_code == 405
    response = client.get(url("submit", initiative.pk))
    assert response.status_code == 302
    assert response.url == url("detail", initiative.pk)
    initiative.refresh_from_db()
    assert initiative.is_draft


def test_the_innovator_answers_a_change_request_and_resubmits(initiative, sam, login):
    services.initiative_submit(initiative=initiative, by=initiative.owner)
    services.initiative_request_changes(
        initiative=initiative, by=sam, reason="Précisez le coût par bénéficiaire."
    )
    client = login(initiative.owner)
    page = client.get(url("detail", initiative.pk)).content.decode()
    assert "Précisez le coût par bénéficiaire." in page
    assert "Brouillon" in page

    client.post(url("submit", initiative.pk), {"stage": "draft", "message": "C'est fait."})
    initiative.refresh_from_db()
    assert initiative.stage == Stage.SUBMITTED
    last = StateLog.objects.for_(initiative).latest()
    assert last.description == "C'est fait."


CHANGES_ASKED = "L'équipe de l'accélérateur vous demande des compléments :"


def change_request_banner(html):
    """The banner's text, or None; and whether it comes first, before the page's body."""
    found = re.search(r'<section class="change-request".*?</section>', html, flags=re.S)
    if not found:
        return None, False
    body = min(
        html.index(marker)
        for marker in ('<ol class="chain"', '<form method="post" class="form form--sections"')
        if marker in html
    )
    return found.group(0), found.start() < body


def test_the_innovator_sees_what_the_staff_asked_for_until_resubmitting(initiative, sam, login):
    client = login(initiative.owner)
    pages = [url("detail", initiative.pk), url("edit", initiative.pk)]
    for page in pages:  # a draft never sent back has no banner
        assert change_request_banner(unescape(client.get(page).content.decode())) == (None, False)

    services.initiative_submit(initiative=initiative, by=initiative.owner)
    services.initiative_request_changes(
        initiative=initiative, by=sam, reason="Précisez le coût par bénéficiaire.\nEt le budget."
    )
    paris = ZoneInfo("Europe/Paris")
    logs = StateLog.objects.for_(initiative)
    logs.filter(transition="submit").update(timestamp=datetime(2026, 3, 30, 9, tzinfo=paris))
    asked = logs.filter(transition="request_changes")
    asked.update(timestamp=datetime(2026, 4, 1, 10, tzinfo=paris))
    for page in pages:
        banner, first = change_request_banner(unescape(client.get(page).content.decode()))
        assert CHANGES_ASKED in banner, page
        assert "Précisez le coût par bénéficiaire.<br>Et le budget." in banner
        assert "Demande du 1er avril 2026." in banner
        assert first, "the banner comes at the top of the page"

    client.post(url("submit", initiative.pk), {"stage": "draft", "message": "C'est fait."})
    initiative.refresh_from_db()
    assert initiative.stage == Stage.SUBMITTED
    html = unescape(client.get(url("detail", initiative.pk)).content.decode())
    assert change_request_banner(html) == (None, False)
    assert CHANGES_ASKED not in html

    # Sent back again: the banner says the latest request, not the first one.
    services.initiative_request_changes(initiative=initiative, by=sam, reason="Et les sources ?")
    banner, _first = change_request_banner(
        unescape(client.get(url("detail", initiative.pk)).content.decode())
    )
    assert "Et les sources ?" in banner
    assert "Précisez" not in banner


# Withdrawal


def test_withdrawal_asks_for_confirmation_first(initiative, login):
    client = login(initiative.owner)
    page = client.get(url("withdraw", initiative.pk)).content.decode()
    assert "Oui, retirer l'initiative" in page
    initiative.refresh_from_db()
    assert initiative.stage == Stage.DRAFT

    client.post(url("withdraw", initiative.pk), {"stage": "draft", "message": "Fin du projet."})
    initiative.refresh_from_db()
    assert initiative.stage == Stage.WITHDRAWN


def test_a_withdrawn_initiative_cannot_be_withdrawn_again(initiative, login):
    client = login(initiative.owner)
    client.post(url("withdraw", initiative.pk), {"stage": "draft"})
    response = client.post(url("withdraw", initiative.pk), {"stage": "withdrawn"}, follow=True)
    assert "Cette action n'est pas possible à l'étape « Retirée »." in texts(response)
    assert StateLog.objects.for_(initiative).count() == 1


# Attachments


def upload(client, initiative, name, content):
    return client.post(
        url("attach", initiative.pk), {"file": SimpleUploadedFile(name, content)}, follow=True
    )


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("plan.pdf", PDF, "application/pdf"),
        ("photo.png", PNG, "image/png"),
        (
            "budget.docx",
            docx_bytes(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("guide.odt", odt_bytes(), "application/vnd.oasis.opendocument.text"),
    ],
)
def test_accepted_documents_are_attached_and_downloadable(initiative, login, name, content, kind):
    client = login(initiative.owner)
    response = upload(client, initiative, name, content)

    assert f"Pièce jointe « {name} » ajoutée." in texts(response)
    attachment = Attachment.objects.get(initiative=initiative)
    assert (attachment.content_type, attachment.size) == (kind, len(content))
    download = client.get(url("download", initiative.pk, attachment.pk))
    assert b"".join(download.streaming_content) == content
    assert name in download["Content-Disposition"]


def test_an_executable_renamed_pdf_is_refused(initiative, login):
    response = upload(login(initiative.owner), initiative, "rapport.pdf", ELF)
    (message,) = texts(response)
    assert "« rapport.pdf » n'est pas accepté" in message
    assert "Son contenu est vérifié" in message
    assert not Attachment.objects.exists()


def test_a_file_over_10_mb_is_refused(initiative, login):
    big = PDF + b"0" * (10 * 1024 * 1024)
    response = upload(login(initiative.owner), initiative, "gros.pdf", big)
    (message,) = texts(response)
    assert message == "Le fichier « gros.pdf » pèse 10,1 Mo : la limite est de 10 Mo."
    assert not Attachment.objects.exists()


def test_a_zip_that_is_not_an_office_document_is_refused(initiative, login):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("virus.exe", ELF)
    response = upload(login(initiative.owner), initiative, "notes.docx", buffer.getvalue())
    assert "n'est pas accepté" in texts(response)[0]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_deleting_an_attachment_asks_for_confirmation(initiative, login):
    client = login(initiative.owner)
    upload(client, initiative, "plan.pdf", PDF)
    attachment = Attachment.objects.get()
    stored = attachment.file.name

    assert (
        "Oui, supprimer" in client.get(url("detach", initiative.pk, attachment.pk)).content.decode()
    )
    assert Attachment.objects.exists()
    client.post(url("detach", initiative.pk, attachment.pk))
    assert not Attachment.objects.exists()
    assert stored


def test_attachments_are_frozen_once_submitted(initiative, login):
    services.initiative_submit(initiative=initiative, by=initiative.owner)
    response = login(initiative.owner).post(
        url("attach", initiative.pk), {"file": SimpleUploadedFile("late.pdf", PDF)}
    )
    assert response.status_code == 403
    assert not Attachment.objects.exists()


def test_staff_and_committee_can_read_an_initiative_and_its_files(initiative, sam, colette, login):
    services.initiative_attach(
        initiative=initiative, upload=SimpleUploadedFile("plan.pdf", PDF), by=initiative.owner
    )
    attachment = Attachment.objects.get()
    for user in (sam, colette):
        client = login(user)
        assert client.get(url("detail", initiative.pk)).status_code == 200
        assert client.get(url("download", initiative.pk, attachment.pk)).status_code == 200


def test_evaluators_and_partners_cannot_read_an_initiative(initiative, eve, paul, login):
    for user in (eve, paul):
        assert login(user).get(url("detail", initiative.pk)).status_code == 404


def count_queries(client, target):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(target)  # warm the caches of content types and sessions first
    with CaptureQueriesContext(connection) as queries:
        assert client.get(target).status_code == 200
    return len(queries)


def test_mes_initiatives_makes_no_query_per_initiative(alice, login):
    client = login(alice)
    InitiativeFactory.create_batch(2, owner=alice, carrier=alice.organisations.get())
    few = count_queries(client, url("mine"))
    InitiativeFactory.create_batch(10, owner=alice, carrier=alice.organisations.get())
    assert count_queries(client, url("mine")) == few


def test_the_initiative_page_makes_no_query_per_file_or_change(initiative, sam, login):
    client = login(initiative.owner)
    few = count_queries(client, url("detail", initiative.pk))
    for name in ("a.pdf", "b.pdf", "c.pdf"):
        services.initiative_attach(
            initiative=initiative, upload=SimpleUploadedFile(name, PDF), by=initiative.owner
        )
    services.initiative_submit(initiative=initiative, by=initiative.owner)
    services.initiative_request_changes(initiative=initiative, by=sam, reason="Précisez.")
    assert count_queries(client, url("detail", initiative.pk)) == few
