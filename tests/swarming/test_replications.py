"""The partners' space and the replications, from the outside: a partner signs up, browses
the initiatives open to essaimage, declares interest (staff are told after the commit) and
reports on its own replication; staff move it along its machine and list them all; bad input
is refused in French with what was typed kept; and who reaches which URL."""

import re
import threading
from datetime import timedelta
from decimal import Decimal
from html import unescape

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_fsm_log.models import StateLog

from accelerator import roles
from accelerator.templatetags.essaim import prose_date
from evaluations.models import State as EvaluationState
from initiatives.models import Organisation, Stage, Territory, Theme
from swarming import services
from swarming.models import (
    ALREADY_REPLICATING,
    NO_AGREEMENT_DATE,
    REASON_REQUIRED,
    FidelityReport,
    IndicatorReport,
    Milestone,
    Replication,
    ReplicationState,
    Strategy,
)
from swarming.replications.access import DENIALS, MOVE, REPORT
from swarming.replications.forms import NOT_A_NUMBER, STRATEGY_HELP, STRATEGY_OUTSIDE_TYPOLOGY
from swarming.services import MILESTONE_BEFORE_AGREEMENT, NOT_YET_AGREED

from ..factories import (
    EvaluationFactory,
    InitiativeFactory,
    OrganisationFactory,
    ReplicationFactory,
    TransferKitFactory,
    UserFactory,
)

R = ReplicationState


def url(name, *args):
    return reverse(f"swarming:{name}", args=args)


def page_of(response):
    return unescape(response.content.decode())


def texts(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def field_errors(response, name):
    """The errors shown under the field `name` (with its form's prefix)."""
    return re.findall(rf'<p class="field__error" id="id_{name}_error">(.*?)</p>', page_of(response))


def typed(response, name):
    """What the field `name` shows: an input's value or a textarea's content."""
    html = page_of(response)
    found = re.search(rf'<textarea name="{name}"[^>]*>(.*?)</textarea>', html, flags=re.S)
    if found:
        return found.group(1).strip()
    found = re.search(rf'<input[^>]*name="{name}"[^>]*>', html)
    assert found, name
    value = re.search(r'value="([^"]*)"', found.group(0))
    return value.group(1) if value else ""


def cards(response):
    """The titles of the initiatives the partners' catalogue lists."""
    found = re.findall(
        r'<h2 class="card__title"><a href="/partenaires/initiatives/\d+/">(.*?)</a>',
        response.content.decode(),
    )
    return sorted(unescape(title) for title in found)


def listed(response):
    """(initiative, organisation) of each row of a list of replications."""
    found = re.findall(
        r'<td><a href="/essaimage/replications/\d+/">(.*?)</a></td>\s*<td>(.*?)</td>',
        response.content.decode(),
    )
    return sorted((unescape(a), unescape(b)) for a, b in found)


def department(code):
    return Territory.objects.get(kind=Territory.Kind.DEPARTMENT, code=code)


def region(code):
    return Territory.objects.get(kind=Territory.Kind.REGION, code=code)


def days_ago(n):
    return timezone.localdate() - timedelta(days=n)


@pytest.fixture
def paul_org(paul):
    return OrganisationFactory(name="Mobilité Bassin Minier", members=[paul])


@pytest.fixture
def pia(db):
    """A partner of another organisation."""
    user = UserFactory(email="pia@autre-partenaire.fr", first_name="Pia", roles=[roles.PARTNER])
    OrganisationFactory(name="Rhône Mobilité", members=[user])
    return user


@pytest.fixture
def spreading(alice):
    """Alice's initiative, open to essaimage."""
    return InitiativeFactory(
        owner=alice,
        carrier=alice.organisations.get(),
        complete=True,
        stage=Stage.SPREADING,
        title="Garage solidaire",
    )


@pytest.fixture
def kit(spreading):
    return TransferKitFactory(initiative=spreading)


@pytest.fixture
def replication(kit, paul, paul_org):
    """Paul's organisation's interest in Alice's initiative, in the Pas-de-Calais."""
    return ReplicationFactory(kit=kit, organisation=paul_org, declared_by=paul)


@pytest.fixture
def agreed(replication, sam):
    """Paul's replication, its convention signed 60 days ago."""
    services.replication_agree(replication=replication, by=sam, signed_on=days_ago(60))
    replication.refresh_from_db()
    return replication


def interest_data(organisation, **overrides):
    data = {
        "organisation": organisation.pk,
        "territory": department("62").pk,
        "strategy": Strategy.FORMAL_FERTILISATION,
        "motivation": "Aucune solution de mobilité dans le bassin minier.",
    }
    return {**data, **overrides}


# Sign-up


def signup_data(**overrides):
    data = {
        "email": "Paula@Partenaire-Lens.fr",
        "first_name": "Paula",
        "last_name": "Martin",
        "password1": "Un-mot-de-passe-solide-2026",
        "password2": "Un-mot-de-passe-solide-2026",
        "organisation-name": "Lens Mobilité",
        "organisation-siret": "",
        "organisation-legal_form": "association",
        "organisation-not_for_profit": "on",
        "organisation-territory": department("62").pk,
    }
    return {**data, **overrides}


def test_a_partner_signs_up_for_its_organisation(db):
    client = Client()
    response = client.post(url("partner_signup"), signup_data())
    assert response.status_code == 302
    assert response["Location"] == url("partner_home")
    user = get_user_model().objects.get(email="paula@partenaire-lens.fr")
    assert list(user.groups.values_list("name", flat=True)) == [roles.PARTNER]
    organisation = Organisation.objects.get(name="Lens Mobilité")
    assert list(organisation.members.all()) == [user]
    assert organisation.territory == department("62")
    followed = client.get(url("partner_home"))
    assert followed.status_code == 200
    assert "Bienvenue Paula ! Votre compte partenaire est créé" in texts(followed)[0]


def test_a_partner_sign_up_with_errors_keeps_what_was_typed(db):
    response = Client().post(url("partner_signup"), signup_data(password2="autre-chose"))
    assert response.status_code == 422
    assert field_errors(response, "password2")
    assert typed(response, "organisation-name") == "Lens Mobilité"
    assert not get_user_model().objects.filter(email="paula@partenaire-lens.fr").exists()
    assert not Organisation.objects.filter(name="Lens Mobilité").exists()


def test_someone_logged_in_is_not_offered_the_sign_up(paul, login):
    response = login(paul).get(url("partner_signup"))
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


# The partners' catalogue


def test_a_partner_sees_only_initiatives_open_to_essaimage(paul, login):
    TransferKitFactory(initiative__title="En essaimage", initiative__stage=Stage.SPREADING)
    for stage in (Stage.VALIDATED, Stage.SCALING, Stage.EVALUATED):
        TransferKitFactory(initiative__title=f"À l'étape {stage}", initiative__stage=stage)
    # In spreading, but its only published kit was retired since.
    TransferKitFactory(initiative__title="Kit retiré", state="retired")
    InitiativeFactory(complete=True, stage=Stage.SUBMITTED, title="Soumise")
    response = login(paul).get(url("partner_home"))
    assert response.status_code == 200
    assert cards(response) == ["En essaimage"]


def test_each_initiative_shows_its_kit_summary_and_evidence(paul, login):
    old = TransferKitFactory(
        initiative__title="Garage solidaire",
        initiative__stage=Stage.SPREADING,
        project_sheet="Ancienne fiche.",
    )
    TransferKitFactory(
        initiative=old.initiative, version=2, project_sheet="La fiche projet de la version 2."
    )
    TransferKitFactory(
        initiative=old.initiative, version=3, state="draft", project_sheet="Brouillon secret."
    )
    EvaluationFactory(
        initiative=old.initiative, state=EvaluationState.RATED, reported=True, rating=3
    )
    html = page_of(login(paul).get(url("partner_home")))
    assert "La fiche projet de la version 2." in html
    assert "Ancienne fiche." not in html and "Brouillon secret." not in html
    assert "Niveau de preuve : 3 sur 5 (Nesta)" in html
    assert "Fondé sur la preuve" in html
    assert "kit d'essaimage, version 2" in html


def test_the_catalogue_filters_by_theme_and_region(paul, login):
    logement, emploi = Theme.objects.get(name="Logement"), Theme.objects.get(name="Emploi")
    for title, theme, code in [
        ("Logement dans le Nord", logement, "59"),
        ("Emploi dans le Nord", emploi, "59"),
        ("Logement à Paris", logement, "75"),
    ]:
        kit = TransferKitFactory(initiative__title=title, initiative__stage=Stage.SPREADING)
        kit.initiative.themes.set([theme])
        kit.initiative.territories.set([department(code)])
    client = login(paul)
    by_theme = cards(client.get(url("partner_home"), {"theme": logement.pk}))
    assert by_theme == ["Logement dans le Nord", "Logement à Paris"]
    by_region = cards(client.get(url("partner_home"), {"region": region("32").pk}))
    assert by_region == ["Emploi dans le Nord", "Logement dans le Nord"]
    both = cards(client.get(url("partner_home"), {"theme": logement.pk, "region": region("11").pk}))
    assert both == ["Logement à Paris"]


def count_queries(client, target):
    client.get(target)  # warm the caches of content types and sessions first
    with CaptureQueriesContext(connection) as queries:
        assert client.get(target).status_code == 200
    return len(queries)


def open_initiative_with_evidence(n):
    kit = TransferKitFactory(initiative__title=f"Ouverte n°{n}", initiative__stage=Stage.SPREADING)
    EvaluationFactory(initiative=kit.initiative, state=EvaluationState.RATED, rating=3)
    ReplicationFactory(kit=kit)
    return kit


def test_the_catalogue_makes_no_query_per_initiative(paul, login):
    client = login(paul)
    for n in range(3):
        open_initiative_with_evidence(n)
    few = count_queries(client, url("partner_home"))
    for n in range(3, 20):
        open_initiative_with_evidence(n)
    assert count_queries(client, url("partner_home")) == few


# An initiative's page and the declaration of interest


def test_the_initiative_page_shows_the_kit_the_evidence_and_the_replications(
    kit, replication, paul, login
):
    EvaluationFactory(initiative=kit.initiative, state=EvaluationState.RATED, reported=True)
    ReplicationFactory(kit=kit, organisation__name="Abandonnée", state=R.ABANDONED)
    response = login(paul).get(url("partner_initiative", kit.initiative.pk))
    assert response.status_code == 200
    html = page_of(response)
    assert "Le kit d'essaimage (version 1)" in html
    assert kit.project_sheet in html and kit.licence_terms in html
    assert "Accompagnement individuel vers l'emploi" in html  # an invariant
    assert "Retour à l'emploi à six mois" in html and "60 %" in html
    assert "Évaluation d'impact" in html and "Effet net de 12 points" in html
    assert "Pas-de-Calais (62) · Mobilité Bassin Minier" in html
    assert "Abandonnée" not in html.split("replicated-title")[1].split("</section>")[0]
    for strategy in Strategy:
        assert str(strategy.label) in html
        assert str(STRATEGY_HELP[strategy]) in html


@pytest.mark.parametrize("stage", [Stage.VALIDATED, Stage.SCALING, Stage.DRAFT])
def test_an_initiative_not_open_to_essaimage_is_not_found(paul, login, stage):
    kit = TransferKitFactory(initiative__stage=stage)
    assert login(paul).get(url("partner_initiative", kit.initiative.pk)).status_code == 404


def test_a_partner_declares_interest_and_staff_are_told_after_the_commit(
    kit, paul, paul_org, sam, login, django_capture_on_commit_callbacks, settings
):
    settings.CELERY_TASK_ALWAYS_EAGER = True  # the mail is sent by a Celery task
    client = login(paul)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(url("declare_interest", kit.initiative.pk), interest_data(paul_org))
        assert mail.outbox == []  # nothing is sent before the commit
    replication = Replication.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("replication", replication.pk)
    assert replication.state == R.INTEREST
    assert replication.kit == kit and replication.initiative == kit.initiative
    assert replication.organisation == paul_org and replication.territory == department("62")
    assert replication.strategy == Strategy.FORMAL_FERTILISATION
    assert replication.declared_by == paul
    assert len(callbacks) == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [sam.email]
    assert "Mobilité Bassin Minier" in mail.outbox[0].body
    assert "Garage solidaire" in mail.outbox[0].subject
    followed = client.get(response["Location"])
    assert "Votre intérêt pour « Garage solidaire » est enregistré" in texts(followed)[0]
    assert "Intérêt déclaré" in page_of(followed)


def test_no_mail_when_the_declaration_is_rolled_back(
    kit, paul, paul_org, sam, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.replication_declare_interest(
            initiative=kit.initiative,
            organisation=paul_org,
            territory=department("62"),
            strategy=Strategy.SOCIAL_FRANCHISE,
            motivation="",
            by=paul,
        )
        raise RuntimeError("something failed after the declaration")
    assert mail.outbox == []
    assert not Replication.objects.exists()


def test_a_strategy_outside_avises_typology_is_refused(
    kit, paul, paul_org, sam, login, django_capture_on_commit_callbacks
):
    data = interest_data(paul_org, strategy="essaimage_sauvage")
    with django_capture_on_commit_callbacks(execute=True):
        response = login(paul).post(url("declare_interest", kit.initiative.pk), data)
    assert response.status_code == 422
    assert field_errors(response, "strategy") == [str(STRATEGY_OUTSIDE_TYPOLOGY)]
    assert typed(response, "motivation") == data["motivation"]
    assert "Votre intérêt n'a pas été enregistré : corrigez le formulaire." in texts(response)
    assert not Replication.objects.exists()
    assert mail.outbox == []


def test_a_partner_declares_only_for_one_of_its_organisations(kit, paul, paul_org, login):
    other = OrganisationFactory(name="Pas la mienne")
    response = login(paul).post(url("declare_interest", kit.initiative.pk), interest_data(other))
    assert response.status_code == 422
    assert field_errors(response, "organisation") == ["Choisissez l'une de vos structures."]
    assert not Replication.objects.exists()


def test_interest_in_an_initiative_not_open_is_not_found(paul, paul_org, login):
    kit = TransferKitFactory(initiative__stage=Stage.VALIDATED)
    response = login(paul).post(url("declare_interest", kit.initiative.pk), interest_data(paul_org))
    assert response.status_code == 404
    assert not Replication.objects.exists()


# One declaration per organisation and territory, until it is abandoned


def test_a_second_declaration_for_the_same_territory_is_refused_and_creates_nothing(
    kit, replication, paul, paul_org, login, django_capture_on_commit_callbacks
):
    data = interest_data(paul_org, motivation="Une seconde fois.")
    with django_capture_on_commit_callbacks(execute=True):
        response = login(paul).post(url("declare_interest", kit.initiative.pk), data)
    assert response.status_code == 422
    assert field_errors(response, "territory") == [
        "Votre structure reprend déjà cette méthode sur ce territoire : voir la réplication."
    ]
    assert typed(response, "motivation") == "Une seconde fois."
    assert "Votre intérêt n'a pas été enregistré : corrigez le formulaire." in texts(response)
    assert list(Replication.objects.all()) == [replication]
    assert mail.outbox == []


def test_the_service_refuses_the_second_declaration_too(kit, replication, paul, paul_org):
    with pytest.raises(ValidationError) as caught:
        services.replication_declare_interest(
            initiative=kit.initiative,
            organisation=paul_org,
            territory=department("62"),
            strategy=Strategy.SOCIAL_FRANCHISE,
            motivation="",
            by=paul,
        )
    assert caught.value.message_dict == {"territory": [str(ALREADY_REPLICATING)]}
    assert Replication.objects.count() == 1


def above_the_form(response):
    """The interest panel, down to the form."""
    return page_of(response).split('id="interest-title"')[1].split('<form method="post"')[0]


def test_the_page_lists_the_partners_replications_of_the_initiative_above_the_form(
    kit, replication, paul, pia, login
):
    other = ReplicationFactory(
        kit=kit, organisation=pia.organisations.get(), declared_by=pia, state=R.LAUNCHED
    )
    mine = above_the_form(login(paul).get(url("partner_initiative", kit.initiative.pk)))
    assert "Vos réplications de cette méthode" in mine
    assert f'<a href="{url("replication", replication.pk)}">' in mine
    assert "Pas-de-Calais (62) · Mobilité Bassin Minier</a> · " in mine
    assert "Intérêt déclaré" in mine
    assert "Rhône Mobilité" not in mine  # another organisation's
    theirs = above_the_form(login(pia).get(url("partner_initiative", kit.initiative.pk)))
    assert f'<a href="{url("replication", other.pk)}">' in theirs
    assert "Mobilité Bassin Minier" not in theirs


def test_no_list_for_a_partner_without_replication_of_the_initiative(kit, paul, login):
    ReplicationFactory(kit=kit)  # another organisation's
    mine = above_the_form(login(paul).get(url("partner_initiative", kit.initiative.pk)))
    assert "Vos réplications de cette méthode" not in mine


def test_a_declaration_after_an_abandoned_one_is_allowed(kit, paul, paul_org, login):
    abandoned = ReplicationFactory(
        kit=kit, organisation=paul_org, declared_by=paul, state=R.ABANDONED
    )
    response = login(paul).post(url("declare_interest", kit.initiative.pk), interest_data(paul_org))
    assert response.status_code == 302
    new = Replication.objects.exclude(pk=abandoned.pk).get()
    assert (new.state, new.organisation, new.territory) == (R.INTEREST, paul_org, department("62"))


def test_another_territory_or_another_structure_may_declare(
    kit, replication, paul, paul_org, login
):
    client = login(paul)
    in_the_nord = interest_data(paul_org, territory=department("59").pk)
    assert client.post(url("declare_interest", kit.initiative.pk), in_the_nord).status_code == 302
    other = OrganisationFactory(name="Seconde structure", members=[paul])
    response = client.post(url("declare_interest", kit.initiative.pk), interest_data(other))
    assert response.status_code == 302
    assert Replication.objects.count() == 3


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_declarations_at_once_make_one_replication_and_one_refusal(monkeypatch, login):
    """Both requests pass every check before either writes: the constraint keeps one, the
    other is told as by the form, not with an error 500."""
    paul = UserFactory(roles=[roles.PARTNER])
    organisation = OrganisationFactory(members=[paul])
    kit = TransferKitFactory()
    barrier = threading.Barrier(2, timeout=10)
    checked = threading.local()
    real_check = services.live_replication

    def check_then_wait(**place):
        found = real_check(**place)
        if not getattr(checked, "once", False):
            checked.once = True
            barrier.wait()  # both have found nothing: both now write
        return found

    monkeypatch.setattr(services, "live_replication", check_then_wait)
    outcomes = []

    def declare():
        try:
            response = login(paul).post(
                url("declare_interest", kit.initiative.pk), interest_data(organisation)
            )
            outcomes.append((response.status_code, field_errors(response, "territory")))
        except Exception as error:  # reported by the assertion below
            outcomes.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=declare) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes, key=str) == [
        (302, []),
        (422, [str(ALREADY_REPLICATING)]),
    ], outcomes
    assert Replication.objects.count() == 1


# A partner sees and reports only on its own replications


def test_a_partner_lists_only_its_own_replications(replication, pia, login):
    ReplicationFactory(kit=replication.kit, organisation=pia.organisations.get(), declared_by=pia)
    ReplicationFactory(organisation__name="Une autre structure")
    response = login(pia).get(url("my_replications"))
    assert listed(response) == [("Garage solidaire", "Rhône Mobilité")]


def test_a_partner_opening_another_organisations_replication_gets_404(agreed, pia, login):
    client = login(pia)
    assert client.get(url("replication", agreed.pk)).status_code == 404
    data = {"milestone-title": "Intrus", "milestone-reached_on": days_ago(1).isoformat()}
    assert client.post(url("report_milestone", agreed.pk), data).status_code == 404
    assert not Milestone.objects.exists()


@pytest.mark.parametrize("who", ["paul", "sam", "colette", "alice"])
def test_the_partner_staff_committee_and_innovator_see_the_replication(
    replication, request, login, who
):
    response = login(request.getfixturevalue(who)).get(url("replication", replication.pk))
    assert response.status_code == 200
    assert "Réplication de « Garage solidaire »" in page_of(response)


@pytest.mark.parametrize("who", ["bob", "eve", "pia"])
def test_others_do_not_learn_of_the_replication(replication, request, login, who):
    assert (
        login(request.getfixturevalue(who)).get(url("replication", replication.pk)).status_code
        == 404
    )


def test_only_the_partner_is_offered_the_report_forms(agreed, paul, sam, alice, login):
    partner = page_of(login(paul).get(url("replication", agreed.pk)))
    assert url("report_milestone", agreed.pk) in partner
    assert url("report_fidelity", agreed.pk) in partner
    assert url("report_indicator", agreed.pk) in partner
    assert "/etapes/" not in partner
    for other in (sam, alice):
        html = page_of(login(other).get(url("replication", agreed.pk)))
        assert url("report_milestone", agreed.pk) not in html


def test_staff_may_not_report_for_the_partner(agreed, sam, login):
    data = {"milestone-title": "Ouverture", "milestone-reached_on": days_ago(1).isoformat()}
    response = login(sam).post(url("report_milestone", agreed.pk), data)
    assert response.status_code == 403
    assert str(DENIALS[REPORT]) in page_of(response)
    assert not Milestone.objects.exists()


# Staff move a replication along its machine


def transition(client, replication, name, **data):
    data.setdefault("stage", Replication.objects.get(pk=replication.pk).state)
    return client.post(url("replication_transition", replication.pk, name), data)


def test_staff_are_offered_the_machines_transitions(replication, sam, login):
    html = page_of(login(sam).get(url("replication", replication.pk)))
    actions = re.findall(r'action="/essaimage/replications/\d+/etapes/(\w+)/"', html)
    assert actions == ["agree", "abandon"]
    assert 'name="signed_on"' in html


def test_agreement_is_refused_without_the_signature_date(replication, sam, login):
    response = transition(login(sam), replication, "agree", signed_on="", message="")
    assert response.status_code == 422
    assert str(NO_AGREEMENT_DATE) in texts(response)
    assert "Indiquez la date de signature de la convention." in page_of(response)
    replication.refresh_from_db()
    assert replication.state == R.INTEREST
    assert replication.agreement_signed_on is None
    assert not StateLog.objects.for_(replication).exists()


def test_an_unreadable_signature_date_is_refused_and_kept(replication, sam, login):
    response = transition(login(sam), replication, "agree", signed_on="le 3 mars")
    assert response.status_code == 422
    assert field_errors(response, "signed_on") == [
        "Indiquez une date valide, par exemple 15/03/2026."
    ]
    assert typed(response, "signed_on") == "le 3 mars"
    replication.refresh_from_db()
    assert replication.state == R.INTEREST


def test_staff_move_a_replication_up_to_autonomy(replication, sam, login):
    client = login(sam)
    signed = days_ago(30)
    response = transition(client, replication, "agree", signed_on=signed.isoformat())
    assert response.status_code == 302
    replication.refresh_from_db()
    assert replication.state == R.AGREEMENT
    assert replication.agreement_signed_on == signed
    for name, state in [
        ("start_preparation", R.PREPARATION),
        ("launch", R.LAUNCHED),
        ("make_autonomous", R.AUTONOMOUS),
    ]:
        assert transition(client, replication, name).status_code == 302
        replication.refresh_from_db()
        assert replication.state == state
    logs = StateLog.objects.for_(replication).order_by("timestamp", "pk")
    assert [(log.source_state, log.state, log.by) for log in logs] == [
        ("interest", "agreement", sam),
        ("agreement", "preparation", sam),
        ("preparation", "launched", sam),
        ("launched", "autonomous", sam),
    ]
    response = client.get(url("replication", replication.pk))
    html = page_of(response)
    assert "Lancée → Autonome" in html
    assert re.findall(r"/etapes/(\w+)/", html) == []  # autonomous: the end of the machine


def test_abandon_needs_a_reason(agreed, sam, login):
    client = login(sam)
    response = transition(client, agreed, "abandon", message="  ")
    assert response.status_code == 422
    assert str(REASON_REQUIRED) in texts(response)
    agreed.refresh_from_db()
    assert agreed.state == R.AGREEMENT
    response = transition(client, agreed, "abandon", message="Financement local refusé.")
    assert response.status_code == 302
    agreed.refresh_from_db()
    assert agreed.state == R.ABANDONED
    log = StateLog.objects.for_(agreed).latest("pk")
    assert log.description == "Financement local refusé."
    assert "Financement local refusé." in page_of(client.get(url("replication", agreed.pk)))


def test_a_transition_not_offered_from_this_state_is_refused(replication, sam, login):
    response = transition(login(sam), replication, "launch")
    assert response.status_code == 422
    assert "Cette action n'est pas possible à l'étape « Intérêt déclaré »." in texts(response)
    replication.refresh_from_db()
    assert replication.state == R.INTEREST


def test_a_stale_state_is_refused(replication, sam, login):
    response = transition(
        login(sam), replication, "abandon", stage="agreement", message="Plus de nouvelles."
    )
    assert response.status_code == 422
    assert "Quelqu'un d'autre vient de faire évoluer ce dossier" in texts(response)[0]
    replication.refresh_from_db()
    assert replication.state == R.INTEREST


@pytest.mark.parametrize("name", ["save", "publish", "nope", "__init__"])
def test_an_unknown_transition_is_not_found(replication, sam, login, name):
    assert transition(login(sam), replication, name).status_code == 404


@pytest.mark.parametrize("who", ["paul", "colette", "alice"])
def test_only_staff_move_a_replication(replication, request, login, who):
    response = transition(
        login(request.getfixturevalue(who)), replication, "agree", signed_on=days_ago(1)
    )
    assert response.status_code == 403
    assert str(DENIALS[MOVE]) in page_of(response)
    replication.refresh_from_db()
    assert replication.state == R.INTEREST


# Reports: milestones, fidelity, indicators


def test_a_milestone_is_reported(agreed, paul, login):
    client = login(paul)
    data = {
        "milestone-title": "Premier atelier ouvert",
        "milestone-reached_on": days_ago(10).isoformat(),
        "milestone-note": "Avec deux mécaniciens bénévoles.",
    }
    response = client.post(url("report_milestone", agreed.pk), data)
    assert response.status_code == 302
    milestone = Milestone.objects.get()
    assert (milestone.title, milestone.reached_on, milestone.reported_by) == (
        "Premier atelier ouvert",
        days_ago(10),
        paul,
    )
    html = page_of(client.get(url("replication", agreed.pk)))
    assert "Premier atelier ouvert" in html and "Avec deux mécaniciens bénévoles." in html


def test_a_milestone_before_the_agreement_is_refused(agreed, paul, login):
    data = {
        "milestone-title": "Réunion de lancement",
        "milestone-reached_on": days_ago(61).isoformat(),
        "milestone-note": "Avant la signature.",
    }
    response = login(paul).post(url("report_milestone", agreed.pk), data)
    assert response.status_code == 422
    # The date within the sentence, in words: "le 28 septembre 2026", "le 1er octobre 2026".
    expected = str(MILESTONE_BEFORE_AGREEMENT) % {"date": prose_date(days_ago(60))}
    assert field_errors(response, "milestone-reached_on") == [expected]
    assert typed(response, "milestone-title") == "Réunion de lancement"
    assert typed(response, "milestone-reached_on") == days_ago(61).isoformat()
    assert typed(response, "milestone-note") == "Avant la signature."
    assert not Milestone.objects.exists()


def test_nothing_is_reported_before_the_convention(replication, paul, login):
    client = login(paul)
    html = page_of(client.get(url("replication", replication.pk)))
    assert url("report_milestone", replication.pk) not in html
    assert "se déclarent une fois la convention signée" in html
    data = {"milestone-title": "Trop tôt", "milestone-reached_on": days_ago(1).isoformat()}
    response = client.post(url("report_milestone", replication.pk), data)
    assert response.status_code == 422
    assert str(NOT_YET_AGREED) in page_of(response)
    assert not Milestone.objects.exists()


def fidelity_data(kit, day, statuses, comment=""):
    data = {"fidelity-reported_on": day.isoformat()}
    for invariant, status in zip(kit.invariants.order_by("pk"), statuses, strict=True):
        data[f"fidelity-status_{invariant.pk}"] = status
        data[f"fidelity-comment_{invariant.pk}"] = comment
    return data


def indicator_data(indicator, value, day):
    return {
        "indicator-indicator": indicator.pk,
        "indicator-value": value,
        "indicator-measured_on": day.isoformat(),
        "indicator-comment": "",
    }


def test_fidelity_reports_are_kept_per_date_not_overwritten(agreed, paul, login):
    client = login(paul)
    kit = agreed.kit
    first = fidelity_data(kit, days_ago(40), ["respected", "adapted"], "Premier bilan")
    second = fidelity_data(kit, days_ago(5), ["respected", "dropped"], "Second bilan")
    assert client.post(url("report_fidelity", agreed.pk), first).status_code == 302
    assert client.post(url("report_fidelity", agreed.pk), second).status_code == 302
    tarifs = kit.invariants.get(label="Tarifs solidaires")
    kept = FidelityReport.objects.filter(invariant=tarifs).order_by("reported_on")
    assert [(r.reported_on, r.status) for r in kept] == [
        (days_ago(40), "adapted"),
        (days_ago(5), "dropped"),
    ]
    assert FidelityReport.objects.count() == 4
    html = page_of(client.get(url("replication", agreed.pk)))
    table = html.split('id="fidelity-table"')[1].split("</table>")[0]
    row = table.split("Tarifs solidaires")[1].split("</tr>")[0]
    # Newest first: the later report, then the earlier one, each in its date's column.
    assert re.findall(r'fidelity--(\w+)"', row) == ["dropped", "adapted"]
    assert "Premier bilan" in table and "Second bilan" in table


def test_a_fidelity_report_needs_a_status_for_every_invariant(agreed, paul, login):
    data = fidelity_data(agreed.kit, days_ago(3), ["respected", "respected"], "Bien")
    missing = agreed.kit.invariants.order_by("pk").last()
    del data[f"fidelity-status_{missing.pk}"]
    response = login(paul).post(url("report_fidelity", agreed.pk), data)
    assert response.status_code == 422
    assert field_errors(response, f"fidelity-status_{missing.pk}") == [
        "Indiquez comment cet invariant est respecté."
    ]
    assert not FidelityReport.objects.exists()


def test_indicator_reports_are_kept_per_date_next_to_the_originals(agreed, paul, login):
    client = login(paul)
    employment = agreed.kit.indicators.get(label="Retour à l'emploi à six mois")
    for value, day in [("41,5", days_ago(30)), ("55", days_ago(2))]:
        response = client.post(
            url("report_indicator", agreed.pk), indicator_data(employment, value, day)
        )
        assert response.status_code == 302
    kept = IndicatorReport.objects.order_by("measured_on")
    assert [(r.measured_on, r.value) for r in kept] == [
        (days_ago(30), Decimal("41.5")),
        (days_ago(2), Decimal("55")),
    ]
    html = page_of(client.get(url("replication", agreed.pk)))
    table = html.split('id="indicator-table"')[1].split("</table>")[0]
    row = table.split("Retour à l'emploi à six mois")[1].split("</tr>")[0]
    cells = [c.strip() for c in re.findall(r'<td class="num[^"]*">(.*?)</td>', row, re.S)]
    # The original's result, then the measures, newest first.
    assert cells == ["60 %", "55 %", "41,5 %"]


def test_an_indicator_value_that_is_not_a_number_is_refused(agreed, paul, login):
    employment = agreed.kit.indicators.first()
    data = indicator_data(employment, "beaucoup", days_ago(3))
    response = login(paul).post(url("report_indicator", agreed.pk), data)
    assert response.status_code == 422
    assert field_errors(response, "indicator-value") == [str(NOT_A_NUMBER)]
    assert typed(response, "indicator-value") == "beaucoup"
    assert "La mesure n'a pas été enregistrée : corrigez le formulaire." in texts(response)
    assert not IndicatorReport.objects.exists()


def test_an_indicator_of_another_kit_is_refused(agreed, paul, login):
    foreign = TransferKitFactory().indicators.first()
    response = login(paul).post(
        url("report_indicator", agreed.pk), indicator_data(foreign, "12", days_ago(3))
    )
    assert response.status_code == 422
    assert field_errors(response, "indicator-indicator") == [
        "Choisissez l'un des indicateurs partagés du kit."
    ]
    assert not IndicatorReport.objects.exists()


def test_a_measure_before_the_agreement_is_refused(agreed, paul, login):
    employment = agreed.kit.indicators.first()
    response = login(paul).post(
        url("report_indicator", agreed.pk), indicator_data(employment, "12", days_ago(90))
    )
    assert response.status_code == 422
    assert field_errors(response, "indicator-measured_on")
    assert not IndicatorReport.objects.exists()


# The staff's list


@pytest.fixture
def four(kit):
    """Four replications: three of Alice's initiative, one of another."""
    other = TransferKitFactory(initiative__title="Épicerie solidaire")
    rows = [
        ReplicationFactory(kit=kit, organisation__name="Lens", strategy=Strategy.SOCIAL_FRANCHISE),
        ReplicationFactory(
            kit=kit,
            organisation__name="Lyon",
            territory=department("69"),
            state=R.LAUNCHED,
        ),
        ReplicationFactory(kit=kit, organisation__name="Amiens", territory=department("80")),
        ReplicationFactory(kit=other, organisation__name="Arras", state=R.LAUNCHED),
    ]
    return rows


def staff_list(client, **params):
    response = client.get(url("replications"), params)
    assert response.status_code == 200
    return sorted(organisation for _initiative, organisation in listed(response))


def test_the_staff_list_shows_every_replication(four, sam, login):
    assert staff_list(login(sam)) == ["Amiens", "Arras", "Lens", "Lyon"]


def test_the_staff_list_filters(four, kit, sam, login):
    client = login(sam)
    assert staff_list(client, initiative=kit.initiative.pk) == ["Amiens", "Lens", "Lyon"]
    assert staff_list(client, strategy=Strategy.SOCIAL_FRANCHISE) == ["Lens"]
    assert staff_list(client, state=R.LAUNCHED) == ["Arras", "Lyon"]
    # Hauts-de-France: the Pas-de-Calais and the Somme, not the Rhône.
    assert staff_list(client, region=region("32").pk) == ["Amiens", "Arras", "Lens"]
    assert staff_list(client, region=region("84").pk) == ["Lyon"]
    assert staff_list(client, initiative=kit.initiative.pk, state=R.LAUNCHED) == ["Lyon"]


def test_a_bogus_filter_value_is_ignored_and_the_others_apply(four, sam, login):
    response = login(sam).get(url("replications"), {"strategy": "bogus", "state": R.LAUNCHED})
    assert response.status_code == 200
    assert sorted(o for _i, o in listed(response)) == ["Arras", "Lyon"]


def test_the_staff_list_makes_no_query_per_replication(kit, sam, login):
    client = login(sam)
    for _ in range(3):
        ReplicationFactory(kit=kit)
    few = count_queries(client, url("replications"))
    for _ in range(17):
        ReplicationFactory(kit=kit)
    assert count_queries(client, url("replications")) == few


def test_the_staff_list_is_paginated(kit, sam, login):
    for n in range(30):
        ReplicationFactory(kit=kit, organisation__name=f"Structure {n:02d}")
    client = login(sam)
    first, second = staff_list(client), staff_list(client, page=2)
    assert (len(first), len(second)) == (25, 5)
    assert not set(first) & set(second)


def test_the_committee_reads_the_staff_list(four, colette, login):
    assert len(staff_list(login(colette))) == 4


# The panels of the initiative's pages and the navigation


def test_the_staff_file_lists_the_replications_with_their_latest_measures(agreed, sam, paul):
    employment = agreed.kit.indicators.get(label="Retour à l'emploi à six mois")
    for value, day in [("30", days_ago(20)), ("52,5", days_ago(4))]:
        services.replication_report_indicator(
            replication=agreed,
            by=paul,
            indicator=employment,
            value=Decimal(value.replace(",", ".")),
            measured_on=day,
        )
    client = Client()
    client.force_login(sam, backend="django.contrib.auth.backends.ModelBackend")
    html = page_of(client.get(reverse("initiatives:file", args=[agreed.initiative.pk])))
    panel = html.split('id="replications-title"')[1].split("</section>")[0]
    assert "Mobilité Bassin Minier" in panel and "Pas-de-Calais (62)" in panel
    assert "Fertilisation formelle" in panel and "Convention signée" in panel
    assert "52,5 %" in panel and "origine 60 %" in panel
    assert "30 %" not in panel  # only the latest measure
    assert url("replication", agreed.pk) in panel


def test_the_innovator_sees_where_her_method_is_taken_up(replication, alice, login):
    html = page_of(
        login(alice).get(reverse("initiatives:detail", args=[replication.initiative.pk]))
    )
    panel = html.split('id="replications-title"')[1].split("</section>")[0]
    assert "Où votre méthode est reprise" in html
    assert "Pas-de-Calais (62)" in panel and "Mobilité Bassin Minier" in panel
    assert url("replication", replication.pk) in panel


def test_the_navigation_leads_partners_and_staff_to_their_pages(paul, sam, alice, login):
    partner = page_of(login(paul).get(url("partner_home")))
    assert f'<a href="{url("partner_home")}" aria-current="page">Espace partenaires</a>' in partner
    staff = page_of(login(sam).get(url("replications")))
    assert f'<a href="{url("replications")}" aria-current="page">Réplications</a>' in staff
    innovator = page_of(login(alice).get(reverse("initiatives:mine")))
    assert "Espace partenaires" not in innovator and url("replications") not in innovator


# Permissions, from the outside

PARTNER_PAGES = ["partner_home", "partner_initiative", "declare_interest", "my_replications"]
REPLICATION_PAGES = [
    "replication",
    "replication_transition",
    "report_milestone",
    "report_fidelity",
    "report_indicator",
]
NAMES = [*PARTNER_PAGES, *REPLICATION_PAGES, "replications"]
GET_ONLY = {"partner_home", "partner_initiative", "my_replications", "replication", "replications"}
POSTS = sorted(set(NAMES) - GET_ONLY)


def request_for(name, replication, paul_org):
    """The method, URL and data of a real request to each URL."""
    pk, initiative = replication.pk, replication.initiative.pk
    employment = replication.kit.indicators.first()
    requests = {
        "partner_home": ("get", url("partner_home"), {}),
        "partner_initiative": ("get", url("partner_initiative", initiative), {}),
        "declare_interest": (
            "post",
            url("declare_interest", initiative),
            # Another territory: the replication's own one is taken by it.
            interest_data(paul_org, territory=department("59").pk),
        ),
        "my_replications": ("get", url("my_replications"), {}),
        "replication": ("get", url("replication", pk), {}),
        "replication_transition": (
            "post",
            url("replication_transition", pk, "start_preparation"),
            {"stage": "agreement", "message": ""},
        ),
        "report_milestone": (
            "post",
            url("report_milestone", pk),
            {"milestone-title": "Ouverture", "milestone-reached_on": days_ago(1).isoformat()},
        ),
        "report_fidelity": (
            "post",
            url("report_fidelity", pk),
            fidelity_data(replication.kit, days_ago(1), ["respected", "respected"]),
        ),
        "report_indicator": (
            "post",
            url("report_indicator", pk),
            indicator_data(employment, "12", days_ago(1)),
        ),
        "replications": ("get", url("replications"), {}),
    }
    return requests[name]


def send(client, name, replication, paul_org):
    method, target, data = request_for(name, replication, paul_org)
    return getattr(client, method)(target, data)


def assert_unchanged(replication):
    assert Replication.objects.count() == 1
    replication.refresh_from_db()
    assert replication.state == R.AGREEMENT
    assert not Milestone.objects.exists()
    assert not FidelityReport.objects.exists()
    assert not IndicatorReport.objects.exists()


@pytest.mark.parametrize("name", NAMES)
def test_an_anonymous_visitor_is_sent_to_log_in(agreed, paul_org, name):
    _method, target, _data = request_for(name, agreed, paul_org)
    response = send(Client(), name, agreed, paul_org)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={target}"
    assert_unchanged(agreed)


@pytest.mark.parametrize("who", ["alice", "bob", "eve", "sam", "colette"])
@pytest.mark.parametrize("name", PARTNER_PAGES)
def test_only_partners_enter_the_partners_space(agreed, paul_org, login, request, who, name):
    response = send(login(request.getfixturevalue(who)), name, agreed, paul_org)
    assert response.status_code == 403
    assert_unchanged(agreed)


@pytest.mark.parametrize("who", ["alice", "bob", "eve", "paul"])
def test_only_staff_and_the_committee_list_the_replications(agreed, paul_org, login, request, who):
    assert (
        send(login(request.getfixturevalue(who)), "replications", agreed, paul_org).status_code
        == 403
    )


@pytest.mark.parametrize("who", ["bob", "eve"])
@pytest.mark.parametrize("name", REPLICATION_PAGES)
def test_a_replication_is_not_found_by_who_may_not_see_it(
    agreed, paul_org, login, request, who, name
):
    response = send(login(request.getfixturevalue(who)), name, agreed, paul_org)
    assert response.status_code == 404
    assert_unchanged(agreed)


@pytest.mark.parametrize("name", REPLICATION_PAGES[1:])
def test_the_innovator_reads_but_does_not_act_on_a_replication(
    agreed, paul_org, alice, login, name
):
    assert send(login(alice), name, agreed, paul_org).status_code == 403
    assert_unchanged(agreed)


@pytest.mark.parametrize(
    ("name", "who"),
    [
        ("partner_home", "paul"),
        ("partner_initiative", "paul"),
        ("my_replications", "paul"),
        ("replication", "paul"),
        ("replications", "sam"),
    ],
)
def test_the_right_person_reads_each_page(agreed, paul_org, login, request, name, who):
    assert send(login(request.getfixturevalue(who)), name, agreed, paul_org).status_code == 200


@pytest.mark.parametrize(
    ("name", "who"),
    [
        ("declare_interest", "paul"),
        ("replication_transition", "sam"),
        ("report_milestone", "paul"),
        ("report_fidelity", "paul"),
        ("report_indicator", "paul"),
    ],
)
def test_the_right_person_acts(agreed, paul_org, login, request, name, who):
    response = send(login(request.getfixturevalue(who)), name, agreed, paul_org)
    assert response.status_code == 302


@pytest.mark.parametrize("name", NAMES)
def test_a_wrong_method_answers_405(agreed, paul_org, paul, sam, login, name):
    method, target, _data = request_for(name, agreed, paul_org)
    client = login(sam if name in {"replications", "replication_transition"} else paul)
    response = client.post(target) if method == "get" else client.put(target)
    assert response.status_code == 405
    assert_unchanged(agreed)


@pytest.mark.parametrize("name", POSTS)
def test_every_post_needs_its_csrf_token(agreed, paul_org, paul, sam, name):
    client = Client(enforce_csrf_checks=True)
    user = sam if name == "replication_transition" else paul
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    assert send(client, name, agreed, paul_org).status_code == 403
    assert_unchanged(agreed)


def test_the_sign_up_needs_its_csrf_token(db):
    response = Client(enforce_csrf_checks=True).post(url("partner_signup"), signup_data())
    assert response.status_code == 403
    assert not get_user_model().objects.filter(email="paula@partenaire-lens.fr").exists()
