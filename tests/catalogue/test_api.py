"""Open data: the read-only API (/api/v1/) and the catalogue's downloads show exactly what the
public pages show, page after page in the same order, cached until the catalogue changes,
validated by their ETag, and throttled per client."""

import csv
import datetime
import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from catalogue import cache as catalogue
from catalogue.api.exports import HEADERS
from evaluations.models import Direction
from evaluations.models import State as EvaluationState
from initiatives import search, services
from initiatives.models import (
    Criterion,
    IdentificationScore,
    Initiative,
    Note,
    Stage,
    TargetPublic,
    Territory,
    Theme,
)
from swarming.models import Milestone, ReplicationState, SpreadingConsent

from ..factories import (
    EvaluationFactory,
    InitiativeFactory,
    OrganisationFactory,
    ReplicationFactory,
    ScaleUpPlanFactory,
    TransferKitFactory,
    UserFactory,
)

# What each resource shows, and nothing else: a new field must be added here on purpose.
INITIATIVE_FIELDS = {
    "id",
    "title",
    "url",
    "level",
    "level_label",
    "stage_label",
    "summary",
    "problem",
    "themes",
    "target_publics",
    "territories",
    "carrier",
    "evidence_level",
    "evidence_based",
    "replications",
    "updated_on",
}
REFERENCE_ITEM_FIELDS = {"slug", "name"}
TERRITORY_FIELDS = {"code", "name", "kind"}
REPLICATION_COUNT_FIELDS = {"organisations", "departments"}
EVALUATION_FIELDS = {
    "id",
    "initiative",
    "kind",
    "kind_label",
    "design",
    "design_label",
    "sms_level",
    "independent",
    "treated_size",
    "comparison_size",
    "period_start",
    "period_end",
    "nesta_level",
    "nesta_label",
    "outcomes",
}
OUTCOME_FIELDS = {
    "indicator",
    "horizon",
    "effect_size",
    "ci_low",
    "ci_high",
    "unit",
    "direction",
    "direction_label",
}
REPLICATION_FIELDS = {
    "id",
    "initiative",
    "organisation",
    "territory",
    "region",
    "strategy",
    "strategy_label",
    "state",
    "state_label",
    "agreement_year",
}
REGION_FIELDS = {"code", "name"}
REFERENCE_TERRITORY_FIELDS = {"code", "name", "kind", "region", "cog_year"}
PAGE_FIELDS = {"count", "next", "previous", "results"}
CSV_HEADERS = [
    "Identifiant",
    "Titre",
    "Page publique",
    "Code du niveau de diffusion",
    "Niveau de diffusion",
    "Étape",
    "Résumé",
    "Problème traité",
    "Thématiques",
    "Publics cibles",
    "Territoires",
    "Structure porteuse",
    "Niveau de preuve (Nesta)",
    "Fondée sur la preuve",
    "Réplications : structures",
    "Réplications : départements",
    "Mise à jour le",
]

PUBLIC_STAGES = {Stage.VALIDATED, Stage.SPREADING, Stage.SCALING}
# Public only once staff published their sheet (expériences inspirantes).
SHEET_STAGES = {Stage.IDENTIFIED, Stage.IN_EVALUATION, Stage.EVALUATED}


@pytest.fixture(autouse=True)
def generous_rates(settings):
    """Rates high enough that only the throttling tests meet them (the cache is the test's
    own: tests/conftest.py)."""
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "10000/min", "user": "10000/min"},
    }


def get(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.content
    return response.json()


def titles(page):
    return {row["title"] for row in page["results"]}


def region(code):
    return Territory.objects.get(kind=Territory.Kind.REGION, code=code)


def department(code):
    return Territory.objects.get(kind=Territory.Kind.DEPARTMENT, code=code)


def published(stage=Stage.IDENTIFIED, **kwargs):
    """An expérience inspirante: its sheet published in the catalogue."""
    return InitiativeFactory(
        complete=True,
        stage=stage,
        public_sheet=kwargs.pop("public_sheet", "Une fiche publique en langage clair."),
        sheet_published_at=timezone.now(),
        **kwargs,
    )


def rated(initiative, level=3, **kwargs):
    return EvaluationFactory(
        initiative=initiative,
        state=EvaluationState.RATED,
        reported=True,
        rating=level,
        **kwargs,
    )


# Exactly the public fields


@pytest.mark.django_db
def test_an_initiative_shows_exactly_its_public_fields(client):
    initiative = InitiativeFactory(complete=True, stage=Stage.SPREADING, title="Garage solidaire")
    initiative.territories.add(department("62"))
    rated(initiative, level=3)
    ReplicationFactory(kit=TransferKitFactory(initiative=initiative), state="agreement")

    page = get(client, "/api/v1/initiatives/")
    assert set(page) == PAGE_FIELDS
    [row] = page["results"]
    assert set(row) == INITIATIVE_FIELDS
    assert row == get(client, f"/api/v1/initiatives/{initiative.pk}/")
    for item in row["themes"] + row["target_publics"]:
        assert set(item) == REFERENCE_ITEM_FIELDS
    for item in row["territories"]:
        assert set(item) == TERRITORY_FIELDS
    assert set(row["replications"]) == REPLICATION_COUNT_FIELDS

    assert row["id"] == initiative.pk
    assert row["title"] == "Garage solidaire"
    assert row["url"] == f"http://testserver/ce-qui-marche/{initiative.pk}-garage-solidaire/"
    assert (row["level"], row["level_label"], row["stage_label"]) == (
        "spreadable",
        "Essaimable",
        "En essaimage",
    )
    assert row["summary"] == initiative.summary
    assert row["problem"] == initiative.problem
    assert [t["name"] for t in row["themes"]] == ["Emploi", "Insertion professionnelle"]
    assert row["territories"] == [
        {"code": "59", "name": "Nord", "kind": "department"},
        {"code": "62", "name": "Pas-de-Calais", "kind": "department"},
    ]
    assert row["carrier"] == initiative.carrier.name
    assert (row["evidence_level"], row["evidence_based"]) == (3, True)
    assert row["replications"] == {"organisations": 1, "departments": 1}
    assert row["updated_on"] == timezone.localdate(initiative.stage_entered_at).isoformat()


@pytest.mark.django_db
def test_an_initiatives_url_is_its_public_page(client):
    initiative = InitiativeFactory(complete=True, stage=Stage.VALIDATED, title="Garage solidaire")
    [row] = get(client, "/api/v1/initiatives/")["results"]
    page = client.get(row["url"].removeprefix("http://testserver"))
    assert page.status_code == 200
    assert initiative.title in page.content.decode()


@pytest.mark.django_db
def test_an_experience_inspirante_shows_its_public_sheet_not_its_summary(client):
    initiative = published(public_sheet="Ce que la fiche publique raconte.")

    [row] = get(client, "/api/v1/initiatives/")["results"]

    assert (row["level"], row["stage_label"]) == ("inspiration", "Repérée")
    assert row["summary"] == "Ce que la fiche publique raconte."
    assert (row["evidence_level"], row["evidence_based"]) == (0, False)
    assert row["updated_on"] == timezone.localdate(initiative.sheet_published_at).isoformat()


@pytest.mark.django_db
def test_an_evaluation_shows_exactly_its_public_results(client):
    initiative = InitiativeFactory(complete=True, stage=Stage.VALIDATED)
    evaluation = rated(
        initiative,
        level=3,
        independent=True,
        treated_size=240,
        comparison_size=230,
        period_start=datetime.date(2024, 1, 1),
        period_end=datetime.date(2024, 12, 31),
    )
    evaluation.outcomes.update(
        effect_size=Decimal("0.12"), ci_low=Decimal("0.05"), ci_high=Decimal("0.19"), unit="pts"
    )

    page = get(client, "/api/v1/evaluations/")
    assert set(page) == PAGE_FIELDS
    [row] = page["results"]
    assert set(row) == EVALUATION_FIELDS
    assert row == get(client, f"/api/v1/evaluations/{evaluation.pk}/")
    [outcome] = row["outcomes"]
    assert set(outcome) == OUTCOME_FIELDS
    assert row["initiative"] == initiative.pk
    assert (row["kind"], row["design"], row["sms_level"]) == ("impact", "diff_in_diff", 3)
    assert (row["independent"], row["treated_size"], row["comparison_size"]) == (True, 240, 230)
    assert (row["period_start"], row["period_end"]) == ("2024-01-01", "2024-12-31")
    assert (row["nesta_level"], row["nesta_label"]) == (3, "Niveau 3 : causalité")
    assert (outcome["effect_size"], outcome["ci_low"], outcome["ci_high"]) == (0.12, 0.05, 0.19)
    assert (outcome["direction"], outcome["direction_label"]) == ("positive", "Positif")


@pytest.mark.django_db
def test_a_replication_shows_exactly_its_public_fields(client):
    replication = ReplicationFactory(
        state="launched",
        agreement_signed_on=datetime.date(2025, 3, 14),
        organisation=OrganisationFactory(name="Garage solidaire de Lens"),
    )

    page = get(client, "/api/v1/replications/")
    assert set(page) == PAGE_FIELDS
    [row] = page["results"]
    assert set(row) == REPLICATION_FIELDS
    assert row == get(client, f"/api/v1/replications/{replication.pk}/")
    assert set(row["territory"]) == TERRITORY_FIELDS
    assert set(row["region"]) == REGION_FIELDS
    assert row["initiative"] == replication.initiative_id
    assert row["organisation"] == "Garage solidaire de Lens"
    assert row["territory"] == {"code": "62", "name": "Pas-de-Calais", "kind": "department"}
    assert row["region"] == {"code": "32", "name": "Hauts-de-France"}
    assert (row["strategy"], row["strategy_label"]) == (
        "formal_fertilisation",
        "Fertilisation formelle",
    )
    assert (row["state"], row["state_label"], row["agreement_year"]) == ("launched", "Lancée", 2025)


@pytest.mark.django_db
def test_the_reference_data_shows_exactly_its_public_fields(client):
    themes = get(client, "/api/v1/themes/")
    assert {tuple(sorted(row)) for row in themes["results"]} == {("name", "slug")}
    assert [row["slug"] for row in themes["results"]] == list(
        Theme.objects.order_by("position").values_list("slug", flat=True)
    )
    publics = get(client, "/api/v1/publics/")
    assert {tuple(sorted(row)) for row in publics["results"]} == {("name", "slug")}
    assert publics["count"] == TargetPublic.objects.count()

    territories = get(client, "/api/v1/territories/")
    assert territories["count"] == Territory.objects.count()
    assert len(territories["results"]) == 50
    for row in territories["results"]:
        assert set(row) == REFERENCE_TERRITORY_FIELDS
    nord = get(client, "/api/v1/territories/", kind="department", page=2)["results"]
    assert {"code": "59", "name": "Nord", "kind": "department", "region": "32"} in [
        {k: v for k, v in row.items() if k != "cog_year"} for row in nord
    ]


# Nothing private leaks


@pytest.mark.django_db
def test_nothing_private_leaks_from_any_answer_or_download(client, alice, sam, eve, colette, paul):
    secrets = {}

    def secret(name, value):
        secrets[name] = value
        return value

    carrier = alice.organisations.get()
    carrier.siret = secret("siret", "73282932000074")
    carrier.save()
    initiative = InitiativeFactory(
        owner=alice,
        carrier=carrier,
        complete=True,
        stage=Stage.SPREADING,
        title="Garage solidaire",
        lead=sam,
        budget=Decimal(secret("budget", "987654.32")),
    )
    Note.objects.create(
        initiative=initiative,
        kind=Note.Kind.INTERNAL,
        author=sam,
        body=secret("internal note", "COMMENTAIRE-INTERNE-CONFIDENTIEL"),
    )
    Note.objects.create(
        initiative=initiative,
        kind=Note.Kind.MESSAGE,
        author=sam,
        body=secret("message", "MESSAGE-AU-PORTEUR-PRIVE"),
    )
    IdentificationScore.objects.create(
        initiative=initiative,
        criterion=Criterion.NOT_FOR_PROFIT,
        score=3,
        comment=secret("score comment", "COMMENTAIRE-DE-REPERAGE"),
        scored_by=sam,
    )
    evaluation = rated(
        initiative,
        level=3,
        evaluator=eve,
        planned_by=sam,
        questions=secret("questions", "QUESTIONS-EVALUATIVES-PRIVEES"),
        commissioner=secret("commissioner", "COMMANDITAIRE-PRIVE"),
        outcomes=[Direction.NEGATIVE],
    )
    evaluation.rating.rater = colette
    evaluation.rating.rationale = secret("rationale", "JUSTIFICATION-DU-COMITE")
    evaluation.rating.save()
    evaluation.outcomes.filter(direction=Direction.NEGATIVE).update(
        resolution=secret("resolution", "TRAITEMENT-DU-RESULTAT-NEGATIF"), resolved_by=sam
    )
    kit = TransferKitFactory(
        initiative=initiative, economic_model=secret("economic model", "MODELE-ECONOMIQUE-KIT")
    )
    SpreadingConsent.objects.create(
        initiative=initiative, given_by=alice, terms=secret("consent", "CONDITIONS-DE-L-ACCORD")
    )
    ScaleUpPlanFactory(initiative=initiative, budget=Decimal(secret("plan budget", "777777")))
    replication = ReplicationFactory(
        kit=kit,
        declared_by=paul,
        state="launched",
        agreement_signed_on=datetime.date(2025, 3, 14),
        motivation=secret("motivation", "MOTIVATION-DU-PARTENAIRE"),
    )
    Milestone.objects.create(
        replication=replication,
        title="Ouverture",
        reached_on=datetime.date(2025, 4, 1),
        note=secret("milestone note", "NOTE-DE-JALON-PRIVEE"),
        reported_by=paul,
    )
    secret("agreement date", "2025-03-14")
    published()
    # Initiatives that are not public at all.
    for stage in (Stage.DRAFT, Stage.SUBMITTED, Stage.IDENTIFIED, Stage.DECLINED, Stage.REWORK):
        InitiativeFactory(complete=True, stage=stage, title=secret(stage, f"CACHEE-{stage}"))
    for person in (alice, sam, eve, colette, paul):
        person.last_name = secret(f"name of {person.first_name}", f"NOM-DE-{person.first_name}")
        person.save()
        secret(f"e-mail of {person.first_name}", person.email)

    urls = [
        "/api/v1/",
        "/api/v1/initiatives/",
        f"/api/v1/initiatives/{initiative.pk}/",
        "/api/v1/evaluations/",
        f"/api/v1/evaluations/{evaluation.pk}/",
        "/api/v1/replications/",
        f"/api/v1/replications/{replication.pk}/",
        "/api/v1/themes/",
        "/api/v1/publics/",
        "/api/v1/territories/",
        "/ce-qui-marche/export.csv",
        "/ce-qui-marche/export.json",
    ]
    everything = ""
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        everything += response.content.decode("utf-8-sig") + "\n"

    assert "Garage solidaire" in everything  # the answers do show the public data
    assert "Une fiche publique en langage clair." in everything
    leaked = {
        name: value
        for name, value in secrets.items()
        if value.lower() in everything.lower()
        or value.replace(".", ",") in everything  # a decimal written the French way
        or value.split(".")[0] in everything  # or rounded
    }
    assert not leaked


# Only the public initiatives, evaluations and replications


@pytest.mark.django_db
def test_only_the_public_initiatives_are_listed(client):
    for stage in Stage:
        InitiativeFactory(complete=True, stage=stage, title=f"{stage} sans fiche")
        published(stage=stage, title=f"{stage} avec fiche")

    listed = titles(get(client, "/api/v1/initiatives/"))

    expected = {f"{stage} sans fiche" for stage in PUBLIC_STAGES} | {
        f"{stage} avec fiche" for stage in PUBLIC_STAGES | SHEET_STAGES
    }
    assert listed == expected
    hidden = Initiative.objects.exclude(title__in=expected).first()
    assert client.get(f"/api/v1/initiatives/{hidden.pk}/").status_code == 404


@pytest.mark.django_db
def test_only_the_rated_evaluations_of_public_initiatives_are_listed(client):
    validated = InitiativeFactory(complete=True, stage=Stage.VALIDATED)
    shown = rated(validated)
    planned = EvaluationFactory(initiative=validated)
    submitted = EvaluationFactory(initiative=validated, state=EvaluationState.REPORT_SUBMITTED)
    of_a_declined = rated(InitiativeFactory(complete=True, stage=Stage.DECLINED))
    of_an_unpublished = rated(InitiativeFactory(complete=True, stage=Stage.EVALUATED))
    of_an_inspiration = rated(published(stage=Stage.EVALUATED))

    listed = {row["id"] for row in get(client, "/api/v1/evaluations/")["results"]}

    assert listed == {shown.pk, of_an_inspiration.pk}
    for hidden in (planned, submitted, of_a_declined, of_an_unpublished):
        assert client.get(f"/api/v1/evaluations/{hidden.pk}/").status_code == 404


@pytest.mark.django_db
def test_only_the_signed_and_ongoing_replications_of_public_initiatives_are_listed(client):
    kit = TransferKitFactory()
    by_state = {state: ReplicationFactory(kit=kit, state=state) for state in ReplicationState}
    suspended = InitiativeFactory(complete=True, stage=Stage.REWORK)
    of_a_suspended = ReplicationFactory(
        kit=TransferKitFactory(initiative=suspended), state="launched"
    )

    listed = {row["id"] for row in get(client, "/api/v1/replications/")["results"]}

    assert listed == {
        by_state[state].pk for state in ("agreement", "preparation", "launched", "autonomous")
    }
    for hidden in (by_state["interest"], by_state["abandoned"], of_a_suspended):
        assert client.get(f"/api/v1/replications/{hidden.pk}/").status_code == 404
    [row] = get(client, "/api/v1/initiatives/")["results"]
    assert row["replications"] == {"organisations": 4, "departments": 1}


# The catalogue's filters


@pytest.mark.django_db
def test_the_catalogue_filters(client):
    mobility = Theme.objects.get(name="Mobilité")
    housing = Theme.objects.get(name="Logement")
    seniors = TargetPublic.objects.get(name="Seniors")
    garage = InitiativeFactory(
        complete=True,
        stage=Stage.VALIDATED,
        title="Garage solidaire",
        summary="Réparer les voitures des personnes en retour à l'emploi.",
    )
    garage.themes.set([mobility])
    garage.target_publics.add(seniors)
    rated(garage, level=4)
    insulation = InitiativeFactory(
        complete=True,
        stage=Stage.SCALING,
        title="Isolation des logements",
        problem="La précarité énergétique des ménages modestes.",
    )
    insulation.themes.set([housing])
    insulation.territories.set([region("84")])  # Auvergne-Rhône-Alpes itself
    rated(insulation, level=2)
    sheet = published(title="Épicerie solidaire")
    sheet.territories.set([department("69")])  # Rhône, in Auvergne-Rhône-Alpes
    search.reindex()
    # Taken up in Brittany (a signed agreement), and an interest in Normandy (not public).
    kit = TransferKitFactory(initiative=garage)
    ReplicationFactory(kit=kit, state="launched", territory=department("29"))
    ReplicationFactory(kit=kit, state="interest", territory=department("14"))

    def listed(**params):
        return titles(get(client, "/api/v1/initiatives/", **params))

    assert listed(theme="mobilite") == {"Garage solidaire"}
    assert listed(public="seniors") == {"Garage solidaire"}
    assert listed(region="84") == {"Isolation des logements", "Épicerie solidaire"}
    assert listed(region="32") == {"Garage solidaire"}
    assert listed(region="53") == {"Garage solidaire"}  # taken up there
    assert listed(region="28") == set()
    assert listed(evidence=0) == {"Épicerie solidaire"}  # not yet evaluated
    assert listed(evidence=2) == {"Garage solidaire", "Isolation des logements"}
    assert listed(evidence=3) == {"Garage solidaire"}
    assert listed(level="inspiration") == {"Épicerie solidaire"}
    assert listed(level="scaling") == {"Isolation des logements"}
    assert listed(level="spreadable", region="84") == set()
    assert listed(q="precarite energetique") == {"Isolation des logements"}
    assert listed(q="voitures") == {"Garage solidaire"}
    for bad in ({"theme": "inconnue"}, {"region": "99"}, {"evidence": "7"}, {"level": "x"}):
        response = client.get("/api/v1/initiatives/", bad)
        assert response.status_code == 400, bad
        assert set(response.json()) == set(bad)

    replication = ReplicationFactory(kit=kit, state="launched")  # in the Pas-de-Calais
    assert [r["id"] for r in get(client, "/api/v1/replications/", region="32")["results"]] == [
        replication.pk
    ]
    assert get(client, "/api/v1/replications/", region="84")["results"] == []
    assert get(client, "/api/v1/replications/", initiative=insulation.pk)["results"] == []
    [evaluation] = get(client, "/api/v1/evaluations/", initiative=garage.pk)["results"]
    assert evaluation["nesta_level"] == 4


# Stable pages


@pytest.mark.django_db
def test_the_pages_are_stable_complete_and_without_duplicates(client):
    created = [InitiativeFactory(stage=Stage.VALIDATED).pk for _ in range(57)]

    first = get(client, "/api/v1/initiatives/")
    second = get(client, "/api/v1/initiatives/", page=2)

    assert (first["count"], second["count"]) == (57, 57)
    assert (len(first["results"]), len(second["results"])) == (50, 7)
    assert first["previous"] is None and second["next"] is None
    assert first["next"] == "http://testserver/api/v1/initiatives/?page=2"
    ids = [row["id"] for row in first["results"] + second["results"]]
    assert ids == sorted(created)  # each once, in the order of a unique key
    assert client.get("/api/v1/initiatives/", {"page": 3}).status_code == 404

    catalogue.changed()  # computed anew, not read from the cache: the same pages
    assert get(client, "/api/v1/initiatives/") == first
    assert get(client, "/api/v1/initiatives/", page=2) == second


@pytest.mark.django_db
def test_a_page_costs_the_same_queries_whatever_its_length(client):
    def queries_for(count):
        catalogue.changed()
        for _ in range(count):
            initiative = InitiativeFactory(complete=True, stage=Stage.SPREADING)
            rated(initiative)
            ReplicationFactory(kit=TransferKitFactory(initiative=initiative), state="launched")
        with CaptureQueriesContext(connection) as queries:
            get(client, "/api/v1/initiatives/")
            get(client, "/api/v1/evaluations/")
            get(client, "/api/v1/replications/")
        return len(queries)

    assert queries_for(1) == queries_for(6)


# Conditional requests and the cache


@pytest.mark.django_db
def test_an_unchanged_answer_is_not_sent_again(client, sam):
    initiative = published(title="Épicerie solidaire")
    for url in ("/api/v1/initiatives/", "/ce-qui-marche/export.csv"):
        response = client.get(url)
        etag = response["ETag"]
        assert etag and "no-cache" in response["Cache-Control"]

        again = client.get(url, headers={"if-none-match": etag})

        assert again.status_code == 304
        assert again.content == b""
        assert again["ETag"] == etag

    etag = client.get("/api/v1/initiatives/")["ETag"]
    services.initiative_publish_sheet(initiative=initiative, by=sam, text="Une autre fiche.")
    catalogue.changed()  # what the commit of the publication does
    changed = client.get("/api/v1/initiatives/", headers={"if-none-match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert changed.json()["results"][0]["summary"] == "Une autre fiche."


@pytest.mark.django_db
def test_answers_are_cached_until_a_transition_changes_the_catalogue(
    client, sam, django_capture_on_commit_callbacks
):
    initiative = published(title="Épicerie solidaire")
    assert titles(get(client, "/api/v1/initiatives/")) == {"Épicerie solidaire"}
    detail = f"/api/v1/initiatives/{initiative.pk}/"
    assert get(client, detail)["title"] == "Épicerie solidaire"

    # A change that does not go through a service leaves the cached answers as they were.
    Initiative.objects.filter(pk=initiative.pk).update(title="Renommée en douce")
    assert titles(get(client, "/api/v1/initiatives/")) == {"Épicerie solidaire"}

    with django_capture_on_commit_callbacks(execute=True):
        services.initiative_decline(initiative=initiative, by=sam, reason="Hors du champ.")

    assert get(client, "/api/v1/initiatives/")["results"] == []
    assert client.get(detail).status_code == 404
    assert "Renommée" not in client.get("/ce-qui-marche/export.csv").content.decode()


# Throttling


@pytest.mark.django_db
def test_a_client_past_its_rate_is_refused_until_later(settings, alice):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/min", "user": "5/min"},
    }
    greedy = Client(REMOTE_ADDR="192.0.2.10")
    for _ in range(3):
        assert greedy.get("/api/v1/themes/").status_code == 200

    refused = greedy.get("/api/v1/initiatives/")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert greedy.get("/ce-qui-marche/export.csv").status_code == 429
    assert Client(REMOTE_ADDR="192.0.2.11").get("/api/v1/themes/").status_code == 200

    signed_in = Client(REMOTE_ADDR="192.0.2.10")  # same address, counted by account
    signed_in.force_login(alice, backend="django.contrib.auth.backends.ModelBackend")
    assert [signed_in.get("/api/v1/themes/").status_code for _ in range(6)] == [200] * 5 + [429]


# Read only


@pytest.mark.django_db
def test_the_api_is_read_only(client, sam, login):
    initiative = InitiativeFactory(complete=True, stage=Stage.VALIDATED)
    for who in (client, login(sam)):
        assert who.post("/api/v1/initiatives/", {}).status_code in (403, 405)
        for method in (who.put, who.patch, who.delete):
            response = method(f"/api/v1/initiatives/{initiative.pk}/")
            assert response.status_code in (403, 405)
        assert who.post("/ce-qui-marche/export.csv").status_code in (403, 405)
    assert Initiative.objects.get(pk=initiative.pk).stage == Stage.VALIDATED


# The OpenAPI schema


@pytest.mark.django_db
def test_the_openapi_schema_validates(tmp_path):
    path = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(path))
    assert "/api/v1/initiatives/{id}/:" in path.read_text()


@pytest.mark.django_db
def test_the_schema_and_its_documentation_are_served_without_a_cdn(client):
    schema = client.get("/api/v1/schema/", {"format": "json"})
    assert schema.status_code == 200
    document = json.loads(schema.content)
    assert document["openapi"].startswith("3.")
    assert {
        "/api/v1/initiatives/",
        "/api/v1/evaluations/",
        "/api/v1/replications/",
        "/api/v1/themes/",
        "/api/v1/publics/",
        "/api/v1/territories/",
    } <= set(document["paths"])
    assert set(document["components"]["schemas"]["Initiative"]["properties"]) == INITIATIVE_FIELDS

    docs = client.get("/api/v1/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "swagger-ui" in html
    assert "http://" not in html.replace("http://testserver", "")
    assert "https://" not in html
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in html


# The downloads


@pytest.mark.django_db
def test_the_csv_download_holds_the_public_catalogue_for_excel(client):
    garage = InitiativeFactory(complete=True, stage=Stage.VALIDATED, title="Garage solidaire")
    rated(garage, level=3)
    published(title='=HYPERLINK("http://exemple.org")')
    InitiativeFactory(complete=True, stage=Stage.SUBMITTED, title="Pas encore publique")

    response = client.get("/ce-qui-marche/export.csv", headers={"accept-language": "en"})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="essaim-')
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == CSV_HEADERS == HEADERS
    assert len(CSV_HEADERS) == len(INITIATIVE_FIELDS) + 1  # the replications are two columns
    by_title = {row[1]: dict(zip(CSV_HEADERS, row, strict=True)) for row in rows[1:]}
    assert set(by_title) == {"Garage solidaire", '\'=HYPERLINK("http://exemple.org")'}
    row = by_title["Garage solidaire"]
    assert row["Identifiant"] == str(garage.pk)
    assert row["Niveau de diffusion"] == "Essaimable"  # in French, whatever the language
    assert row["Étape"] == "Validée"
    assert row["Thématiques"] == "Emploi | Insertion professionnelle"
    assert row["Territoires"] == "Nord (59)"
    assert (row["Niveau de preuve (Nesta)"], row["Fondée sur la preuve"]) == ("3", "oui")

    filtered = client.get("/ce-qui-marche/export.csv", {"level": "inspiration"})
    assert filtered.content.decode("utf-8-sig").count("\r\n") == 2
    assert client.get("/ce-qui-marche/export.csv", {"theme": "inconnue"}).status_code == 400


@pytest.mark.django_db
def test_the_json_download_holds_the_apis_initiatives(client):
    for stage in (Stage.VALIDATED, Stage.SCALING, Stage.DECLINED):
        InitiativeFactory.create_batch(30, stage=stage)

    response = client.get("/ce-qui-marche/export.json", headers={"accept": "text/csv"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].endswith('.json"')
    document = response.json()
    assert set(document) == {"count", "results"}
    assert document["count"] == len(document["results"]) == 60  # unpaginated
    assert {tuple(sorted(row)) for row in document["results"]} == {tuple(sorted(INITIATIVE_FIELDS))}
    first_page = get(client, "/api/v1/initiatives/")["results"]
    assert document["results"][:50] == first_page
    scaling = client.get("/ce-qui-marche/export.json", {"level": "scaling"}).json()
    assert scaling["count"] == 30


@pytest.mark.django_db
def test_a_signed_in_visitor_sees_the_same_answers(client, login):
    InitiativeFactory(complete=True, stage=Stage.VALIDATED)
    anonymous = client.get("/api/v1/initiatives/")
    staff = login(UserFactory(roles=["staff"])).get("/api/v1/initiatives/")
    assert staff.json() == anonymous.json()
    assert staff["ETag"] == anonymous["ETag"]
