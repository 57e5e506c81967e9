"""Notifications by e-mail: each event sends, after the commit and through Celery, one mail
in French (text and HTML) to each right person; none when the transaction rolls back; none
to whoever turned that kind off on their profile page. And staff's weekly digest."""

import re
from datetime import timedelta
from html import escape

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from evaluations import services as evaluation_services
from evaluations.models import Design
from evaluations.models import Kind as EvaluationKind
from evaluations.models import State as EvaluationState
from initiatives import services as initiative_services
from initiatives.models import Criterion, Initiative, Stage, Territory
from notifications.emails import Kind, absolute_url, disabled_kinds
from notifications.tasks import send_stalled_digest
from swarming import services as swarming_services
from swarming.models import Strategy

from ..factories import (
    REPORT_PDF,
    EvaluationFactory,
    InitiativeFactory,
    OrganisationFactory,
    ReplicationFactory,
    TransferKitFactory,
    UserFactory,
)

SCORECARD = {criterion: (2, f"Constat : {criterion.label}") for criterion in Criterion}


@pytest.fixture(autouse=True)
def eager(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True


def at_stage(alice, stage, **fields):
    return InitiativeFactory(
        owner=alice,
        carrier=alice.organisations.get(),
        complete=True,
        stage=stage,
        title="Garage solidaire",
        **fields,
    )


# Each event: given the cast, prepare what it needs and return (run it, who is told).


def submitted(cast):
    initiative = at_stage(cast["alice"], Stage.DRAFT)
    return (
        lambda: initiative_services.initiative_submit(initiative=initiative, by=cast["alice"]),
        [cast["sam"]],
    )


def changes_requested(cast):
    initiative = at_stage(cast["alice"], Stage.SUBMITTED)
    return (
        lambda: initiative_services.initiative_request_changes(
            initiative=initiative, by=cast["sam"], reason="Précisez le budget."
        ),
        [cast["alice"]],
    )


def identified(cast):
    initiative = at_stage(cast["alice"], Stage.SUBMITTED)
    return (
        lambda: initiative_services.initiative_identify(
            initiative=initiative, by=cast["sam"], scores=SCORECARD, message="Bienvenue."
        ),
        [cast["alice"]],
    )


def declined(cast):
    initiative = at_stage(cast["alice"], Stage.SUBMITTED)
    return (
        lambda: initiative_services.initiative_decline(
            initiative=initiative, by=cast["sam"], reason="Hors du champ de l'appel."
        ),
        [cast["alice"]],
    )


def validated(cast):
    initiative = at_stage(cast["alice"], Stage.EVALUATED)
    EvaluationFactory(
        initiative=initiative,
        evaluator=cast["eve"],
        state=EvaluationState.RATED,
        reported=True,
        rating=3,
    )
    return (
        lambda: initiative_services.initiative_validate(
            initiative=initiative, by=cast["colette"], reason="Impact démontré."
        ),
        [cast["alice"]],
    )


def spreading_opened(cast):
    initiative = at_stage(cast["alice"], Stage.VALIDATED)
    TransferKitFactory(initiative=initiative)
    swarming_services.consent_give(initiative=initiative, by=cast["alice"], terms="Licence libre.")
    return (
        lambda: initiative_services.initiative_open_spreading(
            initiative=initiative, by=cast["sam"]
        ),
        [cast["alice"]],
    )


def evaluation_assigned(cast):
    initiative = at_stage(cast["alice"], Stage.IN_EVALUATION)
    data = {
        "kind": EvaluationKind.IMPACT,
        "questions": "Le garage augmente-t-il l'accès à l'emploi ?",
        "design": Design.DIFFERENCE_IN_DIFFERENCES,
        "commissioner": "Département du Nord",
        "evaluator": cast["eve"],
    }
    return (
        lambda: evaluation_services.evaluation_plan(
            initiative=initiative, by=cast["sam"], data=data
        ),
        [cast["eve"]],
    )


def report_submitted(cast):
    initiative = at_stage(cast["alice"], Stage.IN_EVALUATION)
    evaluation = EvaluationFactory(
        initiative=initiative,
        evaluator=cast["eve"],
        state=EvaluationState.IN_PROGRESS,
        reported=True,
    )
    return (
        lambda: evaluation_services.evaluation_submit_report(evaluation=evaluation, by=cast["eve"]),
        [cast["colette"]],
    )


def interest_declared(cast):
    initiative = at_stage(cast["alice"], Stage.SPREADING)
    TransferKitFactory(initiative=initiative)
    organisation = OrganisationFactory(name="Mobilité Bassin Minier", members=[cast["paul"]])
    return (
        lambda: swarming_services.replication_declare_interest(
            initiative=initiative,
            organisation=organisation,
            territory=Territory.objects.get(kind=Territory.Kind.DEPARTMENT, code="62"),
            strategy=Strategy.FORMAL_FERTILISATION,
            motivation="Aucune solution de mobilité dans le bassin minier.",
            by=cast["paul"],
        ),
        [cast["sam"]],
    )


def kit_published(cast):
    initiative = at_stage(cast["alice"], Stage.SPREADING)
    first = TransferKitFactory(initiative=initiative)
    ReplicationFactory(
        kit=first,
        organisation=OrganisationFactory(members=[cast["paul"]]),
        declared_by=cast["paul"],
    )
    draft = TransferKitFactory(initiative=initiative, version=2, state="draft", published_at=None)
    swarming_services.kit_attach(
        kit=draft,
        upload=SimpleUploadedFile("outil.pdf", REPORT_PDF, content_type="application/pdf"),
        by=cast["alice"],
    )
    return (
        lambda: swarming_services.kit_publish(kit=draft, by=cast["sam"]),
        [cast["paul"]],
    )


EVENTS = {
    Kind.SUBMITTED: submitted,
    Kind.CHANGES_REQUESTED: changes_requested,
    Kind.IDENTIFIED: identified,
    Kind.DECLINED: declined,
    Kind.VALIDATED: validated,
    Kind.SPREADING_OPENED: spreading_opened,
    Kind.EVALUATION_ASSIGNED: evaluation_assigned,
    Kind.REPORT_SUBMITTED: report_submitted,
    Kind.INTEREST_DECLARED: interest_declared,
    Kind.KIT_PUBLISHED: kit_published,
}


@pytest.fixture
def cast(alice, bob, sam, eve, colette, paul):
    """Everyone, so that a mail to the wrong person shows."""
    return {"alice": alice, "bob": bob, "sam": sam, "eve": eve, "colette": colette, "paul": paul}


def test_every_kind_but_the_digest_has_an_event():
    assert set(EVENTS) == set(Kind) - {Kind.STALLED_DIGEST}


@pytest.mark.parametrize("kind", list(EVENTS))
def test_each_event_sends_one_mail_to_each_right_person_after_the_commit(
    kind, cast, django_capture_on_commit_callbacks
):
    run, recipients = EVENTS[kind](cast)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        run()
        assert mail.outbox == []  # nothing before the commit
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in recipients)
    for message in mail.outbox:
        assert len(message.to) == 1
        assert "Garage solidaire" in message.subject
        assert message.subject.startswith("Essaim : ")
        assert "Garage solidaire" in message.body
        assert "Bonjour" in message.body and "L'équipe Essaim" in message.body
        html, mimetype = message.alternatives[0]
        assert mimetype == "text/html"
        assert "Garage solidaire" in html and '<html lang="fr">' in html
        assert message.from_email == django_settings.DEFAULT_FROM_EMAIL


# The links: absolute, on SITE_URL, to the page the recipient acts on.

SITE = "https://essaim.example.test"

# Each event's page, from what its service returns.
PAGES = {
    Kind.SUBMITTED: lambda initiative: reverse("initiatives:file", args=[initiative.pk]),
    Kind.CHANGES_REQUESTED: lambda initiative: reverse("initiatives:detail", args=[initiative.pk]),
    Kind.IDENTIFIED: lambda initiative: reverse("initiatives:detail", args=[initiative.pk]),
    Kind.DECLINED: lambda initiative: reverse("initiatives:detail", args=[initiative.pk]),
    Kind.VALIDATED: lambda initiative: reverse("initiatives:detail", args=[initiative.pk]),
    Kind.SPREADING_OPENED: lambda initiative: reverse("initiatives:detail", args=[initiative.pk]),
    Kind.EVALUATION_ASSIGNED: lambda evaluation: reverse(
        "evaluations:detail", args=[evaluation.pk]
    ),
    Kind.REPORT_SUBMITTED: lambda evaluation: reverse("evaluations:detail", args=[evaluation.pk]),
    Kind.INTEREST_DECLARED: lambda replication: reverse(
        "swarming:replication", args=[replication.pk]
    ),
    Kind.KIT_PUBLISHED: lambda kit: reverse(
        "swarming:partner_initiative", args=[kit.initiative_id]
    ),
}


def test_every_event_has_its_page():
    assert set(PAGES) == set(EVENTS)


def links_of(message):
    """The absolute links of a mail: (those in the text, the href of the HTML alternative)."""
    html, _ = message.alternatives[0]
    text_links = {line.strip() for line in message.body.splitlines() if "://" in line}
    html_links = set(re.findall(r'href="([^"]+)"', html))
    return text_links, html_links


@pytest.mark.parametrize("kind", list(EVENTS))
def test_each_mail_links_to_the_page_its_recipient_acts_on(
    kind, cast, login, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = SITE
    run, recipients = EVENTS[kind](cast)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        result = run()
    path = PAGES[kind](result)
    url = f"{SITE}{path}"
    assert mail.outbox
    for message in mail.outbox:
        text_links, html_links = links_of(message)
        # The bare URL on its own line in the text, a link in the HTML.
        assert url in message.body.splitlines()
        assert url in text_links and url in html_links
        (recipient,) = [user for user in recipients if user.email == message.to[0]]
        assert login(recipient).get(path).status_code == 200


@pytest.mark.parametrize(
    ("kind", "label"),
    [
        (Kind.SUBMITTED, "Ouvrir le dossier"),
        (Kind.IDENTIFIED, "Voir votre initiative"),
        (Kind.EVALUATION_ASSIGNED, "Ouvrir l'évaluation"),
        (Kind.KIT_PUBLISHED, "Voir le kit publié"),
    ],
)
def test_the_html_link_says_where_it_leads(
    kind, label, cast, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = SITE
    run, _ = EVENTS[kind](cast)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        result = run()
    url = f"{SITE}{PAGES[kind](result)}"
    html, _ = mail.outbox[0].alternatives[0]
    assert re.search(rf'<a href="{re.escape(url)}"[^>]*>{re.escape(escape(label))}</a>', html)


def test_each_mail_links_to_the_preferences(
    cast, login, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = SITE
    run, (alice,) = identified(cast)
    with django_capture_on_commit_callbacks(execute=True):
        run()
    (message,) = mail.outbox
    url = f"{SITE}{reverse('profile')}"
    assert f"Choisir les e-mails que vous recevez : {url}" in message.body
    html, _ = message.alternatives[0]
    assert f'<a href="{url}"' in html and "Choisir les e-mails que vous recevez</a>" in html
    assert login(alice).get(reverse("profile")).status_code == 200


def test_a_kit_published_after_the_essaimage_links_to_the_partners_replications(
    cast, login, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = SITE
    run, (paul,) = kit_published(cast)
    Initiative.objects.filter(title="Garage solidaire").update(stage=Stage.SCALING)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        run()
    (message,) = mail.outbox
    path = reverse("swarming:my_replications")
    assert f"{SITE}{path}" in message.body.splitlines()
    assert login(paul).get(path).status_code == 200


def test_the_site_url_joins_a_path_with_or_without_its_trailing_slash(settings):
    settings.SITE_URL = SITE
    assert absolute_url("/profil/") == f"{SITE}/profil/"
    settings.SITE_URL = f"{SITE}/"
    assert absolute_url("/profil/") == f"{SITE}/profil/"


def test_the_interest_mail_says_who_and_why(cast, django_capture_on_commit_callbacks):
    run, _ = interest_declared(cast)
    with django_capture_on_commit_callbacks(execute=True):
        run()
    (message,) = mail.outbox
    assert "Mobilité Bassin Minier déclare son intérêt" in message.body
    assert "Aucune solution de mobilité dans le bassin minier." in message.body


@pytest.mark.parametrize("kind", list(EVENTS))
def test_no_mail_when_the_transaction_rolls_back(kind, cast, django_capture_on_commit_callbacks):
    run, _ = EVENTS[kind](cast)
    mail.outbox.clear()
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        run()
        raise RuntimeError("something failed after the event")
    assert mail.outbox == []


@pytest.mark.parametrize("kind", list(EVENTS))
def test_no_mail_to_who_turned_the_kind_off(kind, cast, login, django_capture_on_commit_callbacks):
    run, recipients = EVENTS[kind](cast)
    for user in recipients:
        wanted = [k.value for k in Kind if k != kind]
        response = login(user).post(reverse("profile"), {"kinds": wanted})
        assert response.status_code == 302
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        run()
    assert mail.outbox == []


def test_turning_one_kind_off_leaves_the_others(cast, login, django_capture_on_commit_callbacks):
    alice = cast["alice"]
    wanted = [k.value for k in Kind if k != Kind.DECLINED]
    login(alice).post(reverse("profile"), {"kinds": wanted})
    run, _ = identified(cast)
    with django_capture_on_commit_callbacks(execute=True):
        run()
    assert [m.to for m in mail.outbox] == [[alice.email]]


# The profile page


def test_the_profile_page_asks_an_anonymous_visitor_to_log_in(client):
    response = client.get(reverse("profile"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert client.post(reverse("profile"), {"kinds": []}).status_code == 302


INNOVATOR_KINDS = [
    Kind.CHANGES_REQUESTED,
    Kind.IDENTIFIED,
    Kind.DECLINED,
    Kind.VALIDATED,
    Kind.SPREADING_OPENED,
]


def test_the_profile_page_shows_one_checkbox_per_kind_and_keeps_the_choice(alice, login):
    client = login(alice)
    page = client.get(reverse("profile")).content.decode()
    assert "Mon profil" in page
    assert page.count('name="kinds"') == len(INNOVATOR_KINDS)  # the kinds of their role only
    assert page.count("checked") == len(INNOVATOR_KINDS)
    response = client.post(reverse("profile"), {"kinds": [Kind.IDENTIFIED.value]}, follow=True)
    assert "Vos préférences de notification sont enregistrées." in response.content.decode()
    page = client.get(reverse("profile")).content.decode()
    assert page.count("checked") == 1
    assert f'value="{Kind.IDENTIFIED.value}" id="id_kind_{Kind.IDENTIFIED.value}" checked' in page


@pytest.mark.parametrize(
    ("who", "kinds"),
    [
        ("sam", [Kind.SUBMITTED, Kind.INTEREST_DECLARED, Kind.STALLED_DIGEST]),
        ("eve", [Kind.EVALUATION_ASSIGNED]),
        ("colette", [Kind.REPORT_SUBMITTED]),
        ("paul", [Kind.KIT_PUBLISHED]),
    ],
)
def test_each_role_is_offered_the_kinds_it_receives(who, kinds, cast, login):
    client = login(cast[who])
    page = client.get(reverse("profile")).content.decode()
    offered = [kind for kind in Kind if f'value="{kind.value}"' in page]
    assert offered == kinds
    # Sent back with only a kind it is not offered: its own are turned off, nothing is kept
    # of the other.
    client.post(reverse("profile"), {"kinds": [Kind.IDENTIFIED.value]})
    assert cast[who].notification_preferences.filter(kind=Kind.IDENTIFIED).count() == 0
    assert set(disabled_kinds(cast[who])) == {kind.value for kind in kinds}


def test_a_user_without_a_role_is_told_no_mail_concerns_them(db, login):
    user = UserFactory()
    page = login(user).get(reverse("profile")).content.decode()
    assert "Aucune notification par e-mail ne concerne votre rôle." in page
    assert 'name="kinds"' not in page


def test_the_nav_links_to_the_profile(alice, login):
    page = login(alice).get(reverse("home")).content.decode()
    assert f'href="{reverse("profile")}"' in page


# The weekly digest


def test_the_digest_lists_the_stalled_initiatives_only(alice, sam, login, settings):
    settings.STALLED_AFTER_DAYS = 30
    other_staff = UserFactory(roles=["staff"])
    old = timezone.now() - timedelta(days=45)
    recent = timezone.now() - timedelta(days=5)
    stalled = at_stage(alice, Stage.SUBMITTED)
    InitiativeFactory(title="Ressourcerie récente", stage=Stage.SUBMITTED)
    InitiativeFactory(title="Dossier décliné", stage=Stage.DECLINED)
    InitiativeFactory(title="Brouillon oublié", stage=Stage.DRAFT)
    Initiative.objects.filter(pk=stalled.pk).update(stage_entered_at=old)
    Initiative.objects.filter(title__in=["Dossier décliné", "Brouillon oublié"]).update(
        stage_entered_at=old
    )
    Initiative.objects.filter(title="Ressourcerie récente").update(stage_entered_at=recent)
    login(other_staff).post(reverse("profile"), {"kinds": []})  # turned everything off

    send_stalled_digest.delay()

    (message,) = mail.outbox
    assert message.to == [sam.email]
    assert "1 initiative(s) en attente depuis plus de 30 jours" in message.subject
    assert "Garage solidaire" in message.body and "Soumise" in message.body
    for title in ["Ressourcerie récente", "Dossier décliné", "Brouillon oublié"]:
        assert title not in message.body
        assert title not in message.alternatives[0][0]
    assert "Garage solidaire" in message.alternatives[0][0]


def test_the_digest_links_to_the_dashboard_and_each_file(alice, sam, login, settings):
    settings.SITE_URL = SITE
    settings.STALLED_AFTER_DAYS = 30
    stalled = at_stage(alice, Stage.SUBMITTED)
    Initiative.objects.filter(pk=stalled.pk).update(
        stage_entered_at=timezone.now() - timedelta(days=45)
    )

    send_stalled_digest.delay()

    (message,) = mail.outbox
    text_links, html_links = links_of(message)
    client = login(sam)
    for path in [reverse("dashboard"), reverse("initiatives:file", args=[stalled.pk])]:
        assert f"{SITE}{path}" in text_links and f"{SITE}{path}" in html_links
        assert client.get(path).status_code == 200
    # Under its initiative, alone on its line.
    file_url = f"{SITE}{reverse('initiatives:file', args=[stalled.pk])}"
    assert f"  {file_url}" in message.body.splitlines()


def test_no_digest_when_nothing_is_stalled(alice, sam):
    at_stage(alice, Stage.SUBMITTED)
    send_stalled_digest.delay()
    assert mail.outbox == []


def test_the_digest_is_scheduled_on_monday_morning():
    entry = django_settings.CELERY_BEAT_SCHEDULE["stalled-digest"]
    assert entry["task"] == "notifications.tasks.send_stalled_digest"
    schedule = entry["schedule"]
    assert schedule.day_of_week == {1} and schedule.hour == {8} and schedule.minute == {0}
    assert django_settings.CELERY_TIMEZONE == "Europe/Paris"
