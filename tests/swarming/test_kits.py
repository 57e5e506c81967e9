"""Transfer kits (kits d'essaimage) and the carrier's consent: a published version never
changes, by any route (pages, admin, services); a new version is a copy that leaves the
published one as it is; publication needs the required sections and an invariant, and staff;
the innovator and staff write the same draft; the consent records who, when and on what
terms; the initiative's open_spreading needs both; the panels of the initiative's pages; and
every URL from the outside (anonymous visitors, other innovators, partners, wrong methods,
CSRF)."""

import re
from datetime import datetime, timedelta
from decimal import Decimal
from html import unescape
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_fsm_log.models import StateLog

from accelerator import roles
from accelerator.fsm import NOT_ALLOWED, TransitionRefused
from evaluations.models import Design, Direction
from evaluations.models import State as E
from initiatives import models as initiative_models
from initiatives import services as initiative_services
from initiatives.models import Stage
from swarming import services
from swarming.kits.access import KIT_DENIALS
from swarming.kits.forms import EDITED_MEANWHILE, KitForm
from swarming.models import (
    KIT_FROZEN,
    KIT_SECTIONS,
    KitAttachment,
    KitState,
    SpreadingConsent,
    TransferKit,
)
from swarming.services import CONSENT_OWNER_ONLY, CONSENT_TOO_EARLY, FrozenKit

from ..factories import (
    REPORT_PDF,
    EvaluationFactory,
    InitiativeFactory,
    OutcomeFactory,
    UserFactory,
)

K = KitState
FROZEN = str(KIT_FROZEN)
PUBLISH_DENIED = str(KIT_DENIALS["swarming.publish_kit"])
NO_PUBLISHED_KIT = str(initiative_models.NO_PUBLISHED_KIT)
NO_CARRIER_CONSENT = str(initiative_models.NO_CARRIER_CONSENT)
INCOMPLETE = (
    "Pour publier le kit, complétez : fiche projet, théorie du changement, guide "
    "méthodologique, modèle économique, conditions de réussite, licence et conditions de "
    "convention."
)
NO_INVARIANT = "Indiquez au moins un invariant de la méthode (ce qui ne s'adapte pas)."
GIVE_CONSENT = "Donner mon accord à l'essaimage"
TOOL_PDF = REPORT_PDF + b"% fiche d'accueil\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48
SECTIONS = {name: f"Rubrique « {name} », rédigée avec soin." for name in KIT_SECTIONS}


def url(name, *args):
    return reverse(f"swarming:{name}", args=args)


def page_of(response):
    return unescape(response.content.decode())


def texts(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def typed(response, name):
    """What the textarea `name` shows."""
    found = re.search(rf'<textarea name="{name}"[^>]*>(.*?)</textarea>', page_of(response), re.S)
    assert found, name
    return found.group(1).strip()


def downloaded(response):
    return b"".join(response.streaming_content)


def pdf(name="fiche-accueil.pdf", content=TOOL_PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def fresh(kit):
    return TransferKit.objects.get(pk=kit.pk)


@pytest.fixture
def validated(alice):
    """Alice's initiative, validated by the committee: its kit is to be written."""
    return InitiativeFactory(
        owner=alice,
        carrier=alice.organisations.get(),
        complete=True,
        stage=Stage.VALIDATED,
        title="Garage solidaire",
    )


def complete_draft(initiative, by):
    """A draft with all its sections, an invariant, an indicator and a tool."""
    kit = services.kit_draft(initiative=initiative, by=by)
    services.kit_update(kit=kit, data=SECTIONS)
    services.kit_add_invariant(
        kit=kit, label="Accompagnement individuel", description="Six mois au moins."
    )
    services.kit_add_indicator(
        kit=kit,
        label="Retour à l'emploi à six mois",
        unit="%",
        reference_value=Decimal("60"),
        reference_note="Évaluation d'impact de 2024",
    )
    services.kit_attach(kit=kit, upload=pdf(), by=by)
    return kit


@pytest.fixture
def draft(validated, alice):
    """Version 1, complete but still a draft."""
    return complete_draft(validated, alice)


@pytest.fixture
def published(validated, alice, sam):
    """Version 1, complete, published by Sam."""
    return services.kit_publish(kit=complete_draft(validated, alice), by=sam)


@pytest.fixture
def colleague(alice):
    """Another member of Alice's organisation, who carries the initiative with her."""
    user = UserFactory(email="chloe@asso-mobilite.fr", first_name="Chloé", roles=[roles.INNOVATOR])
    alice.organisations.get().members.add(user)
    return user


@pytest.fixture
def admin_user(db):
    return UserFactory(email="root@ansa.fr", is_staff=True, is_superuser=True)


def snapshot(kit):
    kit = fresh(kit)
    return {
        "state": kit.state,
        "sections": {name: getattr(kit, name) for name in KIT_SECTIONS},
        "updated_at": kit.updated_at,
        "invariants": list(kit.invariants.values_list("label", "description")),
        "indicators": list(kit.indicators.values_list("label", "unit", "reference_value")),
        "tools": list(kit.attachments.values_list("name", "file")),
        "kits": TransferKit.objects.count(),
        "consents": SpreadingConsent.objects.count(),
        "logs": StateLog.objects.count(),
    }


# Access from the outside

NAMES = [
    "kits",
    "kit_new_draft",
    "kit_detail",
    "kit_edit",
    "kit_edit_post",
    "kit_add_invariant",
    "kit_add_indicator",
    "kit_remove_item",
    "kit_remove_item_post",
    "kit_attach",
    "kit_tool",
    "kit_transition",
    "consent",
    "consent_post",
]
GETS = {"kits", "kit_detail", "kit_edit", "kit_remove_item", "kit_tool", "consent"}
POSTS = [name for name in NAMES if name not in GETS]
EDITING = [
    "kit_edit",
    "kit_edit_post",
    "kit_add_invariant",
    "kit_add_indicator",
    "kit_remove_item",
    "kit_remove_item_post",
    "kit_attach",
]


def request_for(name, kit):
    """The method, URL and data of a real request to each kit URL."""
    pk, initiative = kit.pk, kit.initiative_id
    invariant = kit.invariants.first()
    tool = kit.attachments.first()
    requests = {
        "kits": ("get", url("kits", initiative), {}),
        "kit_new_draft": ("post", url("kit_new_draft", initiative), {}),
        "kit_detail": ("get", url("kit_detail", pk), {}),
        "kit_edit": ("get", url("kit_edit", pk), {}),
        "kit_edit_post": ("post", url("kit_edit", pk), {**SECTIONS, "project_sheet": "Réécrit."}),
        "kit_add_invariant": (
            "post",
            url("kit_add_invariant", pk),
            {"invariant-label": "Un invariant de plus", "invariant-description": ""},
        ),
        "kit_add_indicator": (
            "post",
            url("kit_add_indicator", pk),
            {"indicator-label": "Sorties positives", "indicator-unit": "%"},
        ),
        "kit_remove_item": ("get", url("kit_remove_item", pk, "invariants", invariant.pk), {}),
        "kit_remove_item_post": (
            "post",
            url("kit_remove_item", pk, "invariants", invariant.pk),
            {},
        ),
        "kit_attach": ("post", url("kit_attach", pk), {"tool-file": pdf("convention.pdf")}),
        "kit_tool": ("get", url("kit_tool", pk, tool.pk), {}),
        "kit_transition": (
            "post",
            url("kit_transition", pk, "publish" if kit.is_draft else "retire"),
            {"stage": kit.state, "message": ""},
        ),
        "consent": ("get", url("consent", initiative), {}),
        "consent_post": (
            "post",
            url("consent", initiative),
            {"terms": "Diffusion libre, formation par nos soins.", "confirm": "on"},
        ),
    }
    return requests[name]


def send(client, name, kit):
    method, target, data = request_for(name, kit)
    return getattr(client, method)(target, data)


@pytest.mark.parametrize("name", NAMES)
def test_an_anonymous_visitor_is_sent_to_log_in(draft, name):
    before = snapshot(draft)
    _method, target, _data = request_for(name, draft)

    response = send(Client(), name, draft)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={target}"
    assert snapshot(draft) == before


@pytest.mark.parametrize("who", ["bob", "paul", "eve"])
@pytest.mark.parametrize("name", NAMES)
def test_other_innovators_partners_and_evaluators_find_no_draft(request, draft, login, who, name):
    before = snapshot(draft)
    assert send(login(request.getfixturevalue(who)), name, draft).status_code == 404
    assert snapshot(draft) == before


@pytest.mark.parametrize("who", ["bob", "paul"])
@pytest.mark.parametrize("name", ["kit_detail", "kit_tool"])
def test_another_innovator_or_a_partner_finds_no_published_version_either(
    request, published, login, who, name
):
    assert send(login(request.getfixturevalue(who)), name, published).status_code == 404


@pytest.mark.parametrize("name", sorted(GETS - {"kit_edit", "kit_remove_item"}))
def test_the_committee_reads_the_kit(draft, colette, login, name):
    assert send(login(colette), name, draft).status_code == 200


@pytest.mark.parametrize("name", [n for n in NAMES if n not in GETS - {"kit_edit"}])
def test_the_committee_writes_nothing(draft, colette, login, name):
    before = snapshot(draft)
    assert send(login(colette), name, draft).status_code == 403
    assert snapshot(draft) == before


def test_the_committee_may_not_remove_an_item_either(draft, colette, login):
    assert send(login(colette), "kit_remove_item", draft).status_code == 403


# Everything works for whom it is meant: the control of the CSRF test below.
WHO_MAY = {
    "kit_new_draft": "alice",
    "kit_edit_post": "alice",
    "kit_add_invariant": "alice",
    "kit_add_indicator": "sam",
    "kit_remove_item_post": "sam",
    "kit_attach": "alice",
    "kit_transition": "sam",
    "consent_post": "alice",
}


@pytest.mark.parametrize("name", POSTS)
def test_each_post_works_for_whom_it_is_meant(request, draft, login, name):
    before = snapshot(draft)
    response = send(login(request.getfixturevalue(WHO_MAY[name])), name, draft)
    assert response.status_code == 302
    if name == "kit_new_draft":
        # The draft being written is the one to go back to.
        assert response["Location"] == url("kit_edit", draft.pk)
        assert snapshot(draft) == before
    else:
        assert snapshot(draft) != before


@pytest.mark.parametrize("name", POSTS)
def test_every_post_needs_its_csrf_token(request, draft, name):
    client = Client(enforce_csrf_checks=True)
    client.force_login(
        request.getfixturevalue(WHO_MAY[name]),
        backend="django.contrib.auth.backends.ModelBackend",
    )
    before = snapshot(draft)
    assert send(client, name, draft).status_code == 403
    assert snapshot(draft) == before


def test_preparing_a_new_version_needs_its_csrf_token(published, alice):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice, backend="django.contrib.auth.backends.ModelBackend")
    assert client.post(url("kit_new_draft", published.initiative_id)).status_code == 403
    assert TransferKit.objects.count() == 1


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("kits", "post"),
        ("kit_new_draft", "put"),
        ("kit_detail", "post"),
        ("kit_edit", "put"),
        ("kit_add_invariant", "put"),
        ("kit_add_indicator", "delete"),
        ("kit_remove_item", "put"),
        ("kit_attach", "put"),
        ("kit_tool", "post"),
        ("kit_transition", "delete"),
        ("consent", "put"),
    ],
)
def test_a_wrong_method_answers_405(draft, sam, alice, login, name, method):
    _method, target, _data = request_for(name, draft)
    before = snapshot(draft)
    client = login(sam if name == "kit_transition" else alice)
    assert getattr(client, method)(target).status_code == 405
    assert snapshot(draft) == before


def test_what_does_not_exist_answers_404(draft, sam, login):
    client = login(sam)
    invariant = draft.invariants.get()
    assert client.get(url("kit_detail", 999999)).status_code == 404
    assert client.get(url("kits", 999999)).status_code == 404
    assert client.get(url("kit_tool", draft.pk, 999999)).status_code == 404
    assert client.get(url("kit_remove_item", draft.pk, "autres", invariant.pk)).status_code == 404
    assert client.get(url("kit_remove_item", draft.pk, "indicateurs", 999999)).status_code == 404
    # Another kit's item is not this kit's.
    other = services.kit_draft(initiative=InitiativeFactory(complete=True), by=sam)
    elsewhere = url("kit_remove_item", other.pk, "invariants", invariant.pk)
    assert client.get(elsewhere).status_code == 404
    response = client.post(url("kit_transition", draft.pk, "validate"), {"stage": "draft"})
    assert response.status_code == 404


# A published version never changes


@pytest.mark.parametrize("who", ["alice", "sam"])
@pytest.mark.parametrize("name", EDITING)
def test_a_published_version_cannot_be_modified_through_its_pages(
    request, published, login, who, name
):
    before = snapshot(published)

    response = send(login(request.getfixturevalue(who)), name, published)

    assert response.status_code == 403
    assert FROZEN in page_of(response)
    assert snapshot(published) == before


@pytest.mark.parametrize("name", EDITING)
def test_a_retired_version_cannot_be_modified_either(published, sam, login, name):
    services.kit_retire(kit=published, by=sam)
    before = snapshot(published)

    response = send(login(sam), name, published)

    assert response.status_code == 403
    assert FROZEN in page_of(response)
    assert snapshot(published) == before


def test_the_page_of_a_published_version_offers_no_edit(published, alice, sam, login):
    for who in (alice, sam):
        html = page_of(login(who).get(url("kit_detail", published.pk)))
        assert "Version publiée le" in html
        assert url("kit_edit", published.pk) not in html
        for name in ("kit_add_invariant", "kit_add_indicator", "kit_attach"):
            assert f'action="{url(name, published.pk)}"' not in html
        assert "/supprimer/" not in html
        assert "Préparer une nouvelle version" in html


def test_the_services_refuse_to_change_a_published_version(published, alice):
    before = snapshot(published)
    kit = fresh(published)
    invariant, indicator, tool = (
        kit.invariants.get(),
        kit.indicators.get(),
        kit.attachments.get(),
    )

    with pytest.raises(FrozenKit, match="ne change plus"):
        services.kit_update(kit=kit, data={"project_sheet": "Réécrit."})
    with pytest.raises(FrozenKit):
        services.kit_add_invariant(kit=kit, label="Un de plus")
    with pytest.raises(FrozenKit):
        services.kit_add_indicator(kit=kit, label="Un de plus")
    with pytest.raises(FrozenKit):
        services.kit_attach(kit=kit, upload=pdf("autre.pdf"), by=alice)
    for item in (invariant, indicator, tool):
        with pytest.raises(FrozenKit):
            services.kit_remove_item(item=item)

    assert snapshot(published) == before


class FormFields(HTMLParser):
    """The fields a browser would send with the page's main form (inputs, textareas,
    selects), as a dict."""

    def __init__(self):
        super().__init__()
        self.data = {}
        self._textarea = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in {"submit", "file", "checkbox"}:
            self.data[name] = attrs.get("value") or ""
        elif tag == "input" and name and attrs.get("type") == "checkbox" and "checked" in attrs:
            self.data[name] = attrs.get("value") or "on"
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data


def admin_form(response):
    parser = FormFields()
    parser.feed(response.content.decode())
    data = parser.data
    for name in ("csrfmiddlewaretoken", "q", "language", "next"):
        data.pop(name, None)
    return data


def test_the_admin_shows_a_published_version_read_only_and_refuses_to_change_it(
    published, admin_user, login
):
    client = login(admin_user)
    target = reverse("admin:swarming_transferkit_change", args=[published.pk])
    before = snapshot(published)

    page = client.get(target)
    assert page.status_code == 200
    assert 'name="project_sheet"' not in page.content.decode()
    assert 'name="invariants-0-label"' not in page.content.decode()

    response = client.post(
        target,
        {
            **SECTIONS,
            "project_sheet": "Réécrit par l'administration.",
            "invariants-TOTAL_FORMS": "0",
            "invariants-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 403
    assert snapshot(published) == before


def test_the_admin_corrects_a_draft_but_never_its_state(draft, admin_user, login):
    client = login(admin_user)
    target = reverse("admin:swarming_transferkit_change", args=[draft.pk])
    data = admin_form(client.get(target))
    assert "state" not in data
    data.update(
        {
            "project_sheet": "Corrigé par l'administration.",
            "invariants-0-label": "Accompagnement individuel renforcé",
            "state": K.PUBLISHED,
        }
    )

    response = client.post(target, data)

    assert response.status_code == 302, page_of(response)
    kit = fresh(draft)
    assert kit.project_sheet == "Corrigé par l'administration."
    assert kit.invariants.get().label == "Accompagnement individuel renforcé"
    assert kit.state == K.DRAFT


def test_the_admin_adds_no_kit_and_deletes_no_published_version(published, admin_user, login):
    client = login(admin_user)
    assert client.get(reverse("admin:swarming_transferkit_add")).status_code == 403
    delete = reverse("admin:swarming_transferkit_delete", args=[published.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert fresh(published).state == K.PUBLISHED


# New versions


def test_a_new_version_copies_the_published_one_and_leaves_it_intact(published, alice, sam, login):
    before = snapshot(published)
    v1_tool = published.attachments.get()
    client = login(alice)

    response = client.post(url("kit_new_draft", published.initiative_id))

    v2 = TransferKit.objects.get(initiative=published.initiative, version=2)
    assert response["Location"] == url("kit_edit", v2.pk)
    assert texts(client.get(url("kit_detail", v2.pk)))[0].startswith("Version 2 préparée")
    assert v2.state == K.DRAFT and v2.created_by == alice
    assert {name: getattr(v2, name) for name in KIT_SECTIONS} == before["sections"]
    assert list(v2.invariants.values_list("label", "description")) == before["invariants"]
    assert (
        list(v2.indicators.values_list("label", "unit", "reference_value")) == before["indicators"]
    )
    assert list(v2.attachments.values_list("name", "file")) == before["tools"]

    # The draft changes; version 1 does not.
    client.post(url("kit_edit", v2.pk), {**SECTIONS, "project_sheet": "Version 2 du projet."})
    client.post(url("kit_add_invariant", v2.pk), {"invariant-label": "Tarifs solidaires"})
    v2_tool = v2.attachments.get()
    client.post(url("kit_remove_item", v2.pk, "outils", v2_tool.pk))
    v2.refresh_from_db()
    assert v2.project_sheet == "Version 2 du projet."
    assert v2.invariants.count() == 2 and not v2.attachments.exists()
    assert {**snapshot(published), "kits": 1} == before

    # Both exist; version 1 stays published, and its tool downloadable.
    response = client.get(url("kit_tool", published.pk, v1_tool.pk))
    assert response.status_code == 200
    assert downloaded(response) == TOOL_PDF
    html = page_of(client.get(url("kits", published.initiative_id)))
    assert "Version 1" in html and "Version 2" in html
    assert "Publiée" in html and "Brouillon" in html
    assert "Reprendre le brouillon" in html

    # Until staff publish the new one and retire the old one.
    services.kit_publish(kit=v2, by=sam)
    assert fresh(published).state == K.PUBLISHED
    sam_client = login(sam)
    response = sam_client.post(
        url("kit_transition", published.pk, "retire"), {"stage": K.PUBLISHED}
    )
    assert response.status_code == 302
    assert fresh(published).state == K.RETIRED
    assert fresh(published).retired_at is not None
    assert fresh(v2).state == K.PUBLISHED
    assert "Version retirée le" in page_of(sam_client.get(url("kit_detail", published.pk)))


def test_preparing_while_a_draft_exists_goes_back_to_it(draft, alice, login):
    client = login(alice)

    response = client.post(url("kit_new_draft", draft.initiative_id), follow=True)

    assert response.redirect_chain[-1][0] == url("kit_edit", draft.pk)
    assert texts(response) == [
        "Une version est déjà en préparation : reprenez le brouillon (version 1)."
    ]
    assert TransferKit.objects.count() == 1


def test_the_first_version_starts_empty(validated, sam, login):
    client = login(sam)
    assert "Commencer le kit" in page_of(client.get(url("kits", validated.pk)))

    client.post(url("kit_new_draft", validated.pk))

    kit = validated.transfer_kits.get()
    assert (kit.version, kit.state, kit.created_by) == (1, K.DRAFT, sam)
    assert all(getattr(kit, name) == "" for name in KIT_SECTIONS)


def test_the_committee_may_not_prepare_a_version(published, colette, login):
    client = login(colette)
    assert "Préparer une nouvelle version" not in page_of(
        client.get(url("kits", published.initiative_id))
    )
    response = client.post(url("kit_new_draft", published.initiative_id))
    assert response.status_code == 403
    assert str(KIT_DENIALS["swarming.edit_kit"]) in page_of(response)
    assert TransferKit.objects.count() == 1


# Publication


def test_publication_is_refused_without_the_required_sections_and_an_invariant(
    validated, alice, sam, login
):
    kit = services.kit_draft(initiative=validated, by=alice)
    client = login(sam)
    assert NO_INVARIANT in page_of(client.get(url("kit_detail", kit.pk)))

    response = client.post(url("kit_transition", kit.pk, "publish"), {"stage": K.DRAFT})

    assert response.status_code == 422
    assert texts(response) == [INCOMPLETE, NO_INVARIANT]
    assert fresh(kit).state == K.DRAFT
    assert not StateLog.objects.exists()


def test_publication_names_only_what_is_missing(validated, alice, sam, login):
    kit = services.kit_draft(initiative=validated, by=alice)
    services.kit_update(kit=kit, data={**SECTIONS, "economic_model": "  ", "licence_terms": ""})

    response = login(sam).post(url("kit_transition", kit.pk, "publish"), {"stage": K.DRAFT})

    assert texts(response) == [
        "Pour publier le kit, complétez : modèle économique, licence et conditions de convention.",
        NO_INVARIANT,
    ]
    assert fresh(kit).state == K.DRAFT


def test_the_innovator_sees_what_publication_still_needs(validated, alice, login):
    kit = services.kit_draft(initiative=validated, by=alice)
    html = page_of(login(alice).get(url("kit_detail", kit.pk)))
    assert INCOMPLETE in html and NO_INVARIANT in html
    assert "Publier cette version" not in html


@pytest.mark.parametrize("who", ["alice", "colleague", "colette"])
def test_only_staff_publish(request, draft, login, who):
    before = snapshot(draft)

    response = send(login(request.getfixturevalue(who)), "kit_transition", draft)

    assert response.status_code == 403
    assert PUBLISH_DENIED in page_of(response)
    assert snapshot(draft) == before


def test_the_service_refuses_publication_by_the_innovator(draft, alice):
    with pytest.raises(TransitionRefused) as refused:
        services.kit_publish(kit=draft, by=alice)
    assert refused.value.reasons == [str(NOT_ALLOWED)]
    assert fresh(draft).state == K.DRAFT


def test_staff_publish_a_complete_version(draft, sam, login):
    client = login(sam)
    assert "Publier cette version" in page_of(client.get(url("kit_detail", draft.pk)))

    response = client.post(
        url("kit_transition", draft.pk, "publish"),
        {"stage": K.DRAFT, "message": "Relu avec la structure porteuse."},
    )

    assert response.status_code == 302
    kit = fresh(draft)
    assert kit.state == K.PUBLISHED and kit.published_at is not None
    log = StateLog.objects.for_(kit).get()
    assert (log.transition, log.by, log.description) == (
        "publish",
        sam,
        "Relu avec la structure porteuse.",
    )
    told = texts(client.get(response["Location"]))
    assert told == [
        "« Publier cette version » : fait. La version 1 du kit est maintenant « Publiée »."
    ]


def test_a_stale_publication_is_refused(draft, sam, login):
    services.kit_publish(kit=draft, by=sam)

    response = login(sam).post(url("kit_transition", draft.pk, "publish"), {"stage": K.DRAFT})

    assert response.status_code == 422
    assert fresh(draft).state == K.PUBLISHED
    assert StateLog.objects.count() == 1


# Writing the draft together


def test_the_innovator_and_staff_write_the_same_draft(validated, alice, sam, login):
    kit = services.kit_draft(initiative=validated, by=alice)
    alice_client, sam_client = login(alice), login(sam)
    alice_form = alice_client.get(url("kit_edit", kit.pk))
    sam_form = sam_client.get(url("kit_edit", kit.pk))
    assert alice_form.status_code == sam_form.status_code == 200
    alice_seen = alice_form.context["form"]["seen"].value()

    response = alice_client.post(
        url("kit_edit", kit.pk),
        {"seen": alice_seen, "project_sheet": "Écrit par Alice.", "theory_of_change": "Idem."},
    )
    assert response["Location"] == url("kit_detail", kit.pk)

    # Sam's page is older than Alice's save: his text is not written over hers.
    stale = sam_form.context["form"]["seen"].value()
    response = sam_client.post(
        url("kit_edit", kit.pk),
        {"seen": stale, "project_sheet": "Écrit par Sam.", "economic_model": "Par Sam."},
    )
    assert response.status_code == 422
    assert str(EDITED_MEANWHILE) in page_of(response)
    assert typed(response, "economic_model") == "Par Sam."
    assert fresh(kit).project_sheet == "Écrit par Alice."

    # Reloaded, Sam sees Alice's text and adds his own.
    reloaded = sam_client.get(url("kit_edit", kit.pk))
    assert typed(reloaded, "project_sheet") == "Écrit par Alice."
    data = {name: typed(reloaded, name) for name in KIT_SECTIONS}
    data.update(seen=reloaded.context["form"]["seen"].value(), economic_model="Par Sam.")
    assert sam_client.post(url("kit_edit", kit.pk), data).status_code == 302

    alice_client.post(url("kit_add_invariant", kit.pk), {"invariant-label": "Par Alice"})
    sam_client.post(url("kit_add_invariant", kit.pk), {"invariant-label": "Par Sam"})
    kit = fresh(kit)
    assert (kit.project_sheet, kit.economic_model) == ("Écrit par Alice.", "Par Sam.")
    assert list(kit.invariants.values_list("label", flat=True)) == ["Par Alice", "Par Sam"]


def test_a_member_of_the_carrier_writes_the_draft_too(draft, colleague, login):
    response = login(colleague).post(
        url("kit_edit", draft.pk), {**SECTIONS, "training_plan": "Deux jours sur site."}
    )
    assert response.status_code == 302
    assert fresh(draft).training_plan == "Deux jours sur site."


def test_the_edit_form_covers_every_section_once():
    names = [name for _legend, names in KitForm.sections for name in names]
    assert sorted(names) == sorted(KIT_SECTIONS)
    assert len(names) == len(set(names))


def test_bad_items_are_refused_and_nothing_is_added(draft, alice, login):
    client = login(alice)
    before = snapshot(draft)

    response = client.post(url("kit_add_invariant", draft.pk), {"invariant-label": ""})
    assert response.status_code == 422
    assert texts(response) == ["L'invariant n'a pas été ajouté : corrigez le formulaire."]

    response = client.post(
        url("kit_add_indicator", draft.pk),
        {"indicator-label": "Retour à l'emploi", "indicator-reference_value": "beaucoup"},
    )
    assert response.status_code == 422
    assert "Saisissez un nombre." in page_of(response)

    response = client.post(
        url("kit_attach", draft.pk), {"tool-file": SimpleUploadedFile("outil.exe", EXE)}
    )
    assert response.status_code == 422
    assert "n'est pas accepté : seuls les formats PDF, DOCX, ODT, PNG, JPEG le sont" in page_of(
        response
    )
    assert snapshot(draft) == before


def test_a_tool_is_uploaded_and_downloaded(draft, alice, colette, login):
    response = login(alice).post(
        url("kit_attach", draft.pk), {"tool-file": pdf("convention-type.pdf", TOOL_PDF + b"%2")}
    )
    assert response.status_code == 302
    tool = draft.attachments.get(name="convention-type.pdf")
    assert (tool.content_type, tool.extension) == ("application/pdf", "pdf")

    response = login(colette).get(url("kit_tool", draft.pk, tool.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert downloaded(response) == TOOL_PDF + b"%2"


def test_removing_an_item_asks_first(draft, alice, login):
    client = login(alice)
    indicator = draft.indicators.get()
    target = url("kit_remove_item", draft.pk, "indicateurs", indicator.pk)

    page = page_of(client.get(target))
    assert "Retirer « Retour à l'emploi à six mois » du brouillon (version 1) ?" in page
    assert draft.indicators.exists()

    assert client.post(target)["Location"] == url("kit_detail", draft.pk)
    assert not draft.indicators.exists()


# Evidence beside the sections


@pytest.fixture
def rated(validated):
    evaluation = EvaluationFactory(
        initiative=validated, state=E.RATED, design=Design.DIFFERENCE_IN_DIFFERENCES, rating=3
    )
    OutcomeFactory(
        evaluation=evaluation,
        indicator="Accès à l'emploi durable",
        horizon="12 mois après l'entrée",
        effect_size=Decimal("12.5"),
        ci_low=Decimal("8"),
        ci_high=Decimal("17"),
        unit="points de %",
        direction=Direction.POSITIVE,
    )
    return evaluation


def test_the_kit_shows_the_evidence_of_the_rated_evaluations(rated, draft, alice, login):
    EvaluationFactory(initiative=draft.initiative, state=E.IN_PROGRESS, kind="process")

    html = page_of(login(alice).get(url("kit_detail", draft.pk)))

    assert "Évaluation d'impact" in html
    assert "Doubles différences ou appariement" in html
    assert "Niveau 3 : causalité" in html
    assert "Accès à l'emploi durable (12 mois après l'entrée)" in html
    assert "12,5 [8 ; 17] points de %" in html
    assert "Évaluation de processus" not in html
    # The innovator reads the evidence, not the evaluations' own pages.
    assert reverse("evaluations:detail", args=[rated.pk]) not in html


def test_an_indicator_is_prefilled_from_an_outcome(rated, draft, sam, login):
    client = login(sam)
    outcome = rated.outcomes.get(indicator="Accès à l'emploi durable")

    response = client.get(url("kit_detail", draft.pk), {"resultat": outcome.pk})

    form = response.context["indicator_form"]
    assert form.initial == {
        "label": "Accès à l'emploi durable",
        "unit": "points de %",
        "reference_value": Decimal("12.5"),
        "reference_note": "Évaluation d'impact · Doubles différences ou appariement · "
        "12 mois après l'entrée",
    }
    response = client.post(
        url("kit_add_indicator", draft.pk),
        {f"indicator-{name}": value for name, value in form.initial.items()},
    )
    assert response.status_code == 302
    indicator = draft.indicators.get(label="Accès à l'emploi durable")
    assert (indicator.reference_value, indicator.unit) == (Decimal("12.5"), "points de %")


def test_an_outcome_of_another_initiative_prefills_nothing(draft, sam, login):
    other = EvaluationFactory(state=E.RATED, rating=3)
    outcome = OutcomeFactory(evaluation=other, indicator="Secret d'une autre initiative")

    response = login(sam).get(url("kit_detail", draft.pk), {"resultat": outcome.pk})

    assert "Secret d'une autre initiative" not in page_of(response)


# The carrier's consent


def test_the_owner_gives_consent_with_its_terms(validated, alice, sam, login):
    client = login(alice)
    page = page_of(client.get(url("consent", validated.pk)))
    assert GIVE_CONSENT in page
    before = timezone.now()

    response = client.post(
        url("consent", validated.pk),
        {"terms": "  Diffusion libre ; formation assurée par nos soins.  ", "confirm": "on"},
    )

    assert response["Location"] == reverse("initiatives:detail", args=[validated.pk])
    consent = SpreadingConsent.objects.get()
    assert consent.initiative == validated and consent.given_by == alice
    assert before <= consent.given_at <= timezone.now()
    assert consent.terms == "Diffusion libre ; formation assurée par nos soins."
    for who in (alice, sam):
        html = page_of(login(who).get(url("consent", validated.pk)))
        assert f"Accord donné par {alice}, le" in html
        assert "Diffusion libre ; formation assurée par nos soins." in html


def test_consent_needs_terms_and_a_confirmation(validated, alice, login):
    response = login(alice).post(url("consent", validated.pk), {"terms": ""})

    assert response.status_code == 422
    assert "Cochez la case pour confirmer votre accord." in page_of(response)
    assert "Ce champ est obligatoire." in page_of(response)
    assert not SpreadingConsent.objects.exists()


@pytest.mark.parametrize("who", ["sam", "colette", "colleague"])
def test_only_the_owner_gives_consent(request, validated, login, who):
    client = login(request.getfixturevalue(who))
    assert GIVE_CONSENT not in page_of(client.get(url("consent", validated.pk)))

    response = client.post(url("consent", validated.pk), {"terms": "En douce.", "confirm": "on"})

    assert response.status_code == 403
    assert str(CONSENT_OWNER_ONLY) in page_of(response)
    assert not SpreadingConsent.objects.exists()


def test_consent_waits_for_validation(alice, login):
    initiative = InitiativeFactory(
        owner=alice, carrier=alice.organisations.get(), complete=True, stage=Stage.EVALUATED
    )
    client = login(alice)
    html = page_of(client.get(url("consent", initiative.pk)))
    assert str(CONSENT_TOO_EARLY) in html and 'name="terms"' not in html

    response = client.post(url("consent", initiative.pk), {"terms": "Tôt.", "confirm": "on"})

    assert response.status_code == 403
    assert str(CONSENT_TOO_EARLY) in page_of(response)
    assert not SpreadingConsent.objects.exists()


def test_the_service_records_who_when_and_the_terms(validated, alice):
    consent = services.consent_give(initiative=validated, by=alice, terms=" Licence libre. ")
    assert (consent.given_by, consent.terms) == (alice, "Licence libre.")
    assert timezone.now() - consent.given_at < timedelta(seconds=5)


# Opening the spreading


def refusals_of_open_spreading(initiative, sam):
    try:
        initiative_services.initiative_open_spreading(initiative=initiative, by=sam)
    except TransitionRefused as refused:
        return refused.reasons
    return []


def test_open_spreading_needs_a_published_kit_and_the_carrier_consent(validated, alice, sam):
    assert refusals_of_open_spreading(validated, sam) == [NO_PUBLISHED_KIT, NO_CARRIER_CONSENT]

    kit = complete_draft(validated, alice)
    assert refusals_of_open_spreading(validated, sam) == [NO_PUBLISHED_KIT, NO_CARRIER_CONSENT]

    services.kit_publish(kit=kit, by=sam)
    assert refusals_of_open_spreading(validated, sam) == [NO_CARRIER_CONSENT]
    validated.refresh_from_db()
    assert validated.stage == Stage.VALIDATED

    services.consent_give(initiative=validated, by=alice, terms="Diffusion libre.")
    assert refusals_of_open_spreading(validated, sam) == []
    validated.refresh_from_db()
    assert validated.stage == Stage.SPREADING


def test_open_spreading_without_consent_is_refused_even_with_a_kit(published, sam):
    initiative = published.initiative
    assert refusals_of_open_spreading(initiative, sam) == [NO_CARRIER_CONSENT]


def test_open_spreading_with_consent_but_only_a_retired_kit_is_refused(published, alice, sam):
    services.kit_retire(kit=published, by=sam)
    services.consent_give(initiative=published.initiative, by=alice, terms="Diffusion libre.")
    assert refusals_of_open_spreading(published.initiative, sam) == [NO_PUBLISHED_KIT]


# The panels of the initiative's pages


@pytest.mark.parametrize(
    "stage",
    [Stage.DRAFT, Stage.SUBMITTED, Stage.IDENTIFIED, Stage.IN_EVALUATION, Stage.EVALUATED],
)
def test_the_innovator_panel_shows_nothing_before_validation(alice, login, stage):
    initiative = InitiativeFactory(
        owner=alice, carrier=alice.organisations.get(), complete=True, stage=stage
    )
    html = page_of(login(alice).get(reverse("initiatives:detail", args=[initiative.pk])))
    assert GIVE_CONSENT not in html
    assert url("kits", initiative.pk) not in html
    assert "Kit d'essaimage" not in html


def test_the_innovator_panel_once_validated(validated, alice, colleague, login):
    detail = reverse("initiatives:detail", args=[validated.pk])
    html = page_of(login(alice).get(detail))
    assert GIVE_CONSENT in html and url("consent", validated.pk) in html
    assert url("kits", validated.pk) in html
    # A colleague sees that it is missing, not a button they may not use.
    assert GIVE_CONSENT not in page_of(login(colleague).get(detail))

    kit = services.kit_draft(initiative=validated, by=alice)
    services.consent_give(initiative=validated, by=alice, terms="Diffusion libre.")

    html = page_of(login(alice).get(detail))
    assert GIVE_CONSENT not in html
    assert f"Accord à l'essaimage donné par {alice} le" in html
    assert "Rédiger ce brouillon avec l'équipe de l'accélérateur" in html
    assert url("kit_edit", kit.pk) in html


def test_the_versions_table_shows_short_dates_and_agrees_with_version(published, sam, login):
    """A table writes dates in SHORT_DATE_FORMAT: "30/07/2026", never "30 Jul 2026" (nor
    "30 Jui", which June shares); its states agree with "version": "Publiée"."""
    day = datetime(2026, 7, 30, 15, 0, tzinfo=ZoneInfo("Europe/Paris"))
    TransferKit.objects.filter(pk=published.pk).update(created_at=day, published_at=day)
    html = page_of(login(sam).get(url("kits", published.initiative_id)))
    row = re.search(r"<tr>\s*<td><a [^>]*>Version 1</a>.*?</tr>", html, flags=re.S).group(0)
    assert '<span class="state state--published">Publiée</span>' in row
    assert f"<td>le 30/07/2026 par {published.created_by}</td>" in row
    assert "<td>30/07/2026</td>" in row
    assert "Jul" not in row and "Jui" not in row


def test_the_staff_file_shows_versions_and_consent(published, alice, sam, login):
    initiative = published.initiative
    file = reverse("initiatives:file", args=[initiative.pk])
    client = login(sam)
    html = page_of(client.get(file))
    assert url("kit_detail", published.pk) in html
    assert "Publiée" in html
    assert "La structure porteuse n'a pas encore donné son accord à l'essaimage." in html

    draft = services.kit_draft(initiative=initiative, by=sam)
    services.consent_give(initiative=initiative, by=alice, terms="Diffusion libre.")
    html = page_of(client.get(file))
    assert url("kit_detail", draft.pk) in html and url("kit_edit", draft.pk) in html
    assert f"Accord à l'essaimage donné par {alice} le" in html


def count_queries(client, target):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(target).status_code == 200
    return len(queries)


def test_the_panels_add_no_query_per_version(published, alice, sam, login):
    initiative = published.initiative
    services.consent_give(initiative=initiative, by=alice, terms="Diffusion libre.")
    pages = [
        (login(sam), reverse("initiatives:file", args=[initiative.pk])),
        (login(alice), reverse("initiatives:detail", args=[initiative.pk])),
    ]
    before = [count_queries(client, target) for client, target in pages]

    services.kit_publish(kit=services.kit_draft(initiative=initiative, by=sam), by=sam)
    services.kit_retire(kit=published, by=sam)
    services.kit_draft(initiative=initiative, by=sam)

    assert initiative.transfer_kits.count() == 3
    assert [count_queries(client, target) for client, target in pages] == before


def test_the_attachment_model_keeps_the_file_a_new_version_shares(published, alice):
    """Removing a tool from the new draft leaves the published version's file."""
    v2 = services.kit_draft(initiative=published.initiative, by=alice)
    shared = v2.attachments.get()
    services.kit_remove_item(item=shared)
    v1_tool = KitAttachment.objects.get(kit=published)
    with v1_tool.file.open("rb") as stored:
        assert stored.read() == TOOL_PDF
