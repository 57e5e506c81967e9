"""The public catalogue "Ce qui marche", from the outside: what an anonymous visitor sees at
each stage and publication state (and what never shows), the cards and their evidence, the
filters, search and sorts, an initiative's public page, the sitemap, the cache and its
invalidation, the kit's download, and the staff's public sheet."""

import datetime
import re
from decimal import Decimal
from html import unescape

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from catalogue import cache as catalogue
from evaluations.models import NESTA_DEFINITIONS, Direction, NestaLevel
from evaluations.models import State as EvaluationState
from initiatives import search, services
from initiatives.models import Initiative, Stage, TargetPublic, Territory, Theme

from ..factories import (
    EvaluationFactory,
    InitiativeFactory,
    OutcomeFactory,
    ReplicationFactory,
    TransferKitFactory,
)

INDEX = "/ce-qui-marche/"
INSPIRATION = "Expérience inspirante"
SPREADABLE = "Essaimable"
SCALING = "Changement d'échelle"


def page_url(initiative):
    return reverse("catalogue:initiative", args=[initiative.pk, initiative.slug])


def html_of(response):
    """The page's HTML, unescaped, its runs of white space made one space."""
    return " ".join(unescape(response.content.decode()).split())


def titles(response):
    """The titles of the cards, in their order."""
    return re.findall(r'class="card__title"><a href="[^"]*">([^<]*)</a>', html_of(response))


def cards(response):
    """Each card's HTML, by title."""
    html = html_of(response)
    return {
        re.search(r'class="card__title"><a href="[^"]*">([^<]*)</a>', card).group(1): card
        for card in re.findall(r'<li class="card.*?</li>\s*(?=<li class="card|</ul>)', html, re.S)
    }


def refresh():
    """Changes made straight in the database (factories) do not bump the version."""
    catalogue.changed()


def public(stage, *, published=False, **kwargs):
    """An initiative at `stage`, its public sheet published or not."""
    if published:
        kwargs.setdefault("public_sheet", "Une expérience à connaître, racontée simplement.")
        kwargs.setdefault("sheet_published_at", timezone.now())
    return InitiativeFactory(complete=True, stage=stage, **kwargs)


def rated(initiative, level, **kwargs):
    return EvaluationFactory(
        initiative=initiative, state=EvaluationState.RATED, rating=level, **kwargs
    )


# What appears, at each stage and publication state, and with which label

EXPECTED = {
    # stage: (label when its sheet is not published, label when it is)
    Stage.DRAFT: (None, None),
    Stage.SUBMITTED: (None, None),
    Stage.IDENTIFIED: (None, INSPIRATION),
    Stage.IN_EVALUATION: (None, INSPIRATION),
    Stage.EVALUATED: (None, INSPIRATION),
    Stage.VALIDATED: (SPREADABLE, SPREADABLE),
    Stage.SPREADING: (SPREADABLE, SPREADABLE),
    Stage.SCALING: (SCALING, SCALING),
    Stage.REWORK: (None, None),
    Stage.DECLINED: (None, None),
    Stage.WITHDRAWN: (None, None),
    Stage.ARCHIVED: (None, None),
}


def test_every_stage_is_covered():
    assert set(EXPECTED) == set(Stage)


@pytest.mark.parametrize("published", [False, True], ids=["unpublished", "published"])
@pytest.mark.parametrize("stage", list(Stage))
def test_what_appears_at_each_stage_and_publication_state(db, stage, published):
    initiative = public(stage, published=published, title=f"Initiative {stage}")
    label = EXPECTED[stage][published]
    client = Client()

    listing = client.get(INDEX)
    page = client.get(page_url(initiative))

    assert listing.status_code == 200
    if label is None:
        assert initiative.title not in titles(listing)
        assert page.status_code == 404
    else:
        assert titles(listing) == [initiative.title]
        assert label in cards(listing)[initiative.title]
        assert page.status_code == 200
        assert label in html_of(page)
        for other in {INSPIRATION, SPREADABLE, SCALING} - {label}:
            assert f"label--level label--{other}" not in html_of(page)


def test_an_inspiring_experience_is_marked_as_not_yet_evaluated(db):
    identified = public(Stage.IDENTIFIED, published=True, title="Épicerie solidaire")
    in_evaluation = public(Stage.IN_EVALUATION, published=True, title="Café des parents")
    listing = Client().get(INDEX)
    assert "Pas encore évaluée" in cards(listing)[identified.title]
    assert "Évaluation en cours" in cards(listing)[in_evaluation.title]
    page = html_of(Client().get(page_url(identified)))
    assert "Pas encore évaluée" in page
    assert "pas encore été évaluée" in page
    assert identified.public_sheet in page


def test_declined_withdrawn_archived_and_unpublished_never_appear_in_the_list(db):
    shown = public(Stage.SPREADING, title="Garage solidaire")
    for stage in (Stage.DRAFT, Stage.SUBMITTED, Stage.DECLINED, Stage.WITHDRAWN, Stage.ARCHIVED):
        public(stage, published=True, title=f"Cachée {stage}")
    public(Stage.IDENTIFIED, title="Repérée sans fiche")
    public(Stage.REWORK, published=True, title="À retravailler")
    assert titles(Client().get(INDEX)) == [shown.title]


# The cards


def test_a_card_shows_the_evidence_the_themes_publics_territories_and_who_took_it_up(db):
    kit = TransferKitFactory(initiative__title="Garage solidaire")
    initiative = kit.initiative
    rated(initiative, 2)
    rated(initiative, 3)
    nord = Territory.objects.get(kind="department", code="59")
    for state, territory in [
        ("agreement", None),
        ("launched", nord),
        ("autonomous", nord),
        ("interest", None),  # an interest declared is not a take-up
        ("abandoned", None),
    ]:
        extra = {"territory": territory} if territory else {}
        ReplicationFactory(kit=kit, state=state, agreement_signed_on=datetime.date.today(), **extra)
    public(Stage.VALIDATED, title="Sans preuve ni reprise")

    card = cards(Client().get(INDEX))["Garage solidaire"]

    assert "Essaimable" in card
    assert "Niveau de preuve : 3 sur 5, effet démontré" in card
    assert "Fondé sur la preuve" in card
    for item in [*initiative.themes.all(), *initiative.target_publics.all()]:
        assert item.name in card
    assert "Nord (59)" in card
    assert "Reprise par 3 structures dans 2 départements" in card
    other = cards(Client().get(INDEX))["Sans preuve ni reprise"]
    assert "Niveau de preuve : pas encore évaluée" in other
    assert "Fondé sur la preuve" not in other
    assert "Pas encore reprise par d'autres structures" in other


def test_a_rating_below_3_is_not_evidence_based_and_an_unrated_one_does_not_count(db):
    initiative = public(Stage.VALIDATED, title="Niveau deux")
    rated(initiative, 2)
    EvaluationFactory(initiative=initiative, state=EvaluationState.REPORT_SUBMITTED)
    card = cards(Client().get(INDEX))["Niveau deux"]
    assert "Niveau de preuve : 2 sur 5, changement mesuré" in card
    assert "Fondé sur la preuve" not in card


def count_queries(client, target):
    refresh()  # a fresh cache: the page is built again
    with CaptureQueriesContext(connection) as queries:
        assert client.get(target).status_code == 200
    return len(queries)


def spreading_with_evidence(n):
    kit = TransferKitFactory(initiative__title=f"Essaimable n°{n}")
    rated(kit.initiative, 3)
    ReplicationFactory(kit=kit, state="launched", agreement_signed_on=datetime.date.today())
    public(Stage.IDENTIFIED, published=True, title=f"Inspirante n°{n}")


def test_the_cards_make_no_query_per_initiative(db):
    client = Client()
    for n in range(3):
        spreading_with_evidence(n)
    client.get(INDEX)  # warm the content types
    few = count_queries(client, INDEX)
    for n in range(3, 10):
        spreading_with_evidence(n)
    assert count_queries(client, INDEX) == few
    assert len(titles(client.get(INDEX))) == 20


# Filters, search and sorts


@pytest.fixture
def shelf(db):
    """Four public initiatives, in the Hauts-de-France and in Brittany."""
    mobility = Theme.objects.get(slug="mobilite")
    energy = Theme.objects.get(slug="precarite-energetique")
    neet = TargetPublic.objects.get(slug="jeunes-neet")
    seniors = TargetPublic.objects.get(slug="seniors")
    nord = Territory.objects.get(kind="department", code="59")
    ille = Territory.objects.get(kind="department", code="35")
    garage = public(Stage.SPREADING, title="Garage solidaire")
    rated(garage, 4)
    energie = public(
        Stage.IDENTIFIED,
        published=True,
        title="Ambassadeurs de l'énergie",
        summary="Des visites à domicile contre la précarité énergétique des seniors.",
    )
    scaling = public(Stage.SCALING, title="Tremplin jeunes")
    rated(scaling, 3)
    validated = public(Stage.VALIDATED, title="Permis accompagné")
    rated(validated, 2)
    garage.themes.set([mobility])
    garage.target_publics.set([neet])
    garage.territories.set([nord])
    energie.themes.set([energy])
    energie.target_publics.set([seniors])
    energie.territories.set([ille])
    scaling.themes.set([mobility])
    scaling.target_publics.set([neet])
    scaling.territories.set([ille])
    validated.themes.set([mobility])
    validated.target_publics.set([seniors])
    validated.territories.set([nord])
    # Stamps: the most recent first is energie, scaling, validated, garage.
    now = timezone.now()
    for days, initiative in enumerate([energie, scaling, validated, garage]):
        Initiative.objects.filter(pk=initiative.pk).update(
            stage_entered_at=now - datetime.timedelta(days=days + 1)
        )
    Initiative.objects.filter(pk=energie.pk).update(sheet_published_at=now)
    search.reindex()
    return {"garage": garage, "energie": energie, "scaling": scaling, "validated": validated}


def listing(query=""):
    response = Client().get(f"{INDEX}?{query}")
    assert response.status_code == 200
    return titles(response)


def test_without_a_search_the_best_evidence_comes_first(shelf):
    assert listing() == [
        "Garage solidaire",
        "Tremplin jeunes",
        "Permis accompagné",
        "Ambassadeurs de l'énergie",
    ]


def test_filters_by_theme_public_region_evidence_and_level(shelf):
    hauts_de_france = Territory.objects.get(kind="region", code="32")
    assert set(listing("theme=mobilite")) == {
        "Garage solidaire",
        "Tremplin jeunes",
        "Permis accompagné",
    }
    assert set(listing("public=seniors")) == {"Ambassadeurs de l'énergie", "Permis accompagné"}
    assert set(listing(f"region={hauts_de_france.code}")) == {
        "Garage solidaire",
        "Permis accompagné",
    }
    assert set(listing("evidence=3")) == {"Garage solidaire", "Tremplin jeunes"}
    assert listing("evidence=0") == ["Ambassadeurs de l'énergie"]
    assert listing("level=inspiration") == ["Ambassadeurs de l'énergie"]
    assert set(listing("level=spreadable")) == {"Garage solidaire", "Permis accompagné"}
    assert listing("level=scaling") == ["Tremplin jeunes"]
    assert listing("theme=mobilite&public=seniors&evidence=2") == ["Permis accompagné"]


def test_the_region_filter_finds_where_a_partner_took_the_method_up(shelf):
    brittany = Territory.objects.get(kind="region", code="53")
    kit = TransferKitFactory(initiative=shelf["garage"])
    ille = Territory.objects.get(kind="department", code="35")
    ReplicationFactory(kit=kit, territory=ille, state="agreement")
    refresh()
    assert "Garage solidaire" in listing(f"region={brittany.code}")


def test_an_unknown_filter_value_is_ignored(shelf):
    assert len(listing("theme=inconnue&evidence=9&sort=nimporte")) == 4


def test_the_search_is_accent_insensitive_and_ranked(shelf):
    assert listing("q=precarite") == ["Ambassadeurs de l'énergie"]
    assert listing("q=PRÉCARITÉ+énergétique") == ["Ambassadeurs de l'énergie"]
    # "solidaire" in one title, and in another's summary: the title ranks first.
    Initiative.objects.filter(pk=shelf["scaling"].pk).update(
        summary="Un accompagnement solidaire des jeunes."
    )
    search.reindex()
    refresh()
    assert listing("q=solidaire") == ["Garage solidaire", "Tremplin jeunes"]
    assert listing("q=solidaire&sort=evidence") == ["Garage solidaire", "Tremplin jeunes"]
    assert listing("q=introuvable") == []


def test_sorts_by_evidence_and_by_most_recent(shelf):
    assert listing("sort=evidence")[0] == "Garage solidaire"
    assert listing("sort=recent") == [
        "Ambassadeurs de l'énergie",
        "Tremplin jeunes",
        "Permis accompagné",
        "Garage solidaire",
    ]
    # Relevance without a search: by evidence.
    assert listing("sort=relevance") == listing("sort=evidence")


# An initiative's public page


@pytest.fixture
def evaluated_kit(db, sam):
    kit = TransferKitFactory(
        initiative__title="Garage solidaire",
        initiative__problem="Sans voiture, pas d'emploi dans le bassin minier.",
    )
    evaluation = rated(
        kit.initiative,
        3,
        summary="Effet net de 12 points sur l'emploi durable.",
        treated_size=240,
        comparison_size=480,
        independent=True,
    )
    OutcomeFactory(
        evaluation=evaluation,
        indicator="Emploi durable à 12 mois",
        horizon="12 mois après l'entrée",
        effect_size=Decimal("12"),
        ci_low=Decimal("5"),
        ci_high=Decimal("19"),
        unit="points de %",
        direction=Direction.POSITIVE,
    )
    OutcomeFactory(
        evaluation=evaluation,
        indicator="Confiance en soi",
        effect_size=Decimal("0.55"),
        ci_low=Decimal("-0.1"),
        ci_high=Decimal("1.2"),
        unit="d de Cohen",
        direction=Direction.NULL,
    )
    nord = Territory.objects.get(kind="department", code="59")
    ReplicationFactory(
        kit=kit,
        state="launched",
        organisation__name="Mobilité Bassin Minier",
        strategy="social_franchise",
    )
    ReplicationFactory(
        kit=kit, state="agreement", organisation__name="Roues Libres", territory=nord
    )
    ReplicationFactory(kit=kit, state="abandoned", organisation__name="Abandonnée")
    return kit


def test_the_page_explains_the_results_in_plain_language(evaluated_kit):
    html = html_of(Client().get(page_url(evaluated_kit.initiative)))
    assert "Sans voiture, pas d'emploi dans le bassin minier." in html
    assert "Effet net de 12 points sur l'emploi durable." in html
    assert "240 personnes accompagnées" in html
    assert "comparées à 480 personnes qui ne l'ont pas été" in html
    assert "Effet positif sur « Emploi durable à 12 mois »" in html
    assert "Mesuré à cet horizon : 12 mois après l'entrée." in html
    assert "Ampleur de l'effet : +12 points de %." in html
    assert "Intervalle de confiance : de +5 à +19" in html
    assert "ne comprend pas zéro" in html
    assert "Pas d'effet mesurable sur « Confiance en soi »" in html
    assert "un effet moyen" in html
    assert "Cette fourchette comprend zéro" in html


def test_the_page_shows_the_evidence_and_what_each_level_means(evaluated_kit):
    html = html_of(Client().get(page_url(evaluated_kit.initiative)))
    assert "Niveau de preuve atteint : 3 sur 5 (Nesta), effet démontré." in html
    assert "Fondé sur la preuve" in html
    for level in NestaLevel:
        assert str(level.label) in html
        assert str(NESTA_DEFINITIONS[level]) in html


def test_the_page_shows_where_it_spread_by_region_and_strategy(evaluated_kit):
    html = html_of(Client().get(page_url(evaluated_kit.initiative)))
    spread = html.split('id="spread-title"')[1].split("</section>")[0]
    assert "Hauts-de-France" in spread
    assert "Pas-de-Calais (62) · Mobilité Bassin Minier · Franchise sociale" in spread
    assert "Nord (59) · Roues Libres · Fertilisation formelle" in spread
    assert "Abandonnée" not in spread
    assert "Reprise par 2 structures" in spread
    assert "Franchise sociale : 1 réplication" in spread


def test_the_kit_summary_is_for_everyone_and_its_download_for_partners(evaluated_kit, paul):
    kit = evaluated_kit
    newer = TransferKitFactory(initiative=kit.initiative, version=2)
    refresh()
    url = page_url(kit.initiative)
    download = reverse("request_document", args=["transfer_kit", newer.pk])

    anonymous = html_of(Client().get(url))
    assert newer.project_sheet in anonymous
    assert "Accompagnement individuel vers l'emploi" in anonymous  # an invariant
    assert "Se connecter pour télécharger" in anonymous
    assert f"{reverse('login')}?next={url}" in anonymous
    assert download not in anonymous

    partner = Client()
    partner.force_login(paul)
    html = html_of(partner.get(url))
    assert f'action="{download}"' in html
    assert "Se connecter pour télécharger" not in html
    # The partner's button never reaches the anonymous visitors' cache.
    assert download not in html_of(Client().get(url))
    assert "Se connecter pour télécharger" in html_of(Client().get(url))


def test_a_logged_in_innovator_is_not_offered_the_download(evaluated_kit, bob, login):
    html = html_of(login(bob).get(page_url(evaluated_kit.initiative)))
    assert "request_document" not in html and "/demander/" not in html
    assert "compte partenaire" in html


def test_a_wrong_or_missing_slug_redirects_permanently_to_the_canonical_address(db):
    initiative = public(Stage.VALIDATED, title="Précarité énergétique : les ambassadeurs")
    canonical = f"{INDEX}{initiative.pk}-precarite-energetique-les-ambassadeurs/"
    assert page_url(initiative) == canonical
    for url in (f"{INDEX}{initiative.pk}-ancien-titre/", f"{INDEX}{initiative.pk}/"):
        response = Client().get(url)
        assert response.status_code == 301
        assert response["Location"] == canonical
    assert Client().get(canonical).status_code == 200


def test_an_initiative_that_does_not_exist_is_not_found(db):
    assert Client().get(f"{INDEX}999999-rien/").status_code == 404


def test_the_page_has_a_meta_description_and_opengraph_tags(db):
    initiative = public(
        Stage.SPREADING,
        title="Garage solidaire",
        summary="Un garage qui répare à prix coûtant les voitures des personnes en reprise "
        "d'emploi.",
    )
    html = html_of(Client().get(page_url(initiative)))
    head = html.split("</head>")[0]
    assert f'<meta name="description" content="{initiative.summary}">' in head
    assert '<meta property="og:title" content="Garage solidaire">' in head
    assert f'<meta property="og:url" content="http://testserver{page_url(initiative)}">' in head
    assert f'<link rel="canonical" href="http://testserver{page_url(initiative)}">' in head
    index_head = html_of(Client().get(INDEX)).split("</head>")[0]
    assert '<meta name="description"' in index_head and 'property="og:title"' in index_head


def test_the_site_links_to_the_catalogue(db):
    home = html_of(Client().get(reverse("home")))
    assert home.count(f'href="{INDEX}"') >= 2  # the navigation and the home page


# The sitemap


def test_the_sitemap_lists_exactly_the_public_pages(db):
    shown = [
        public(Stage.IDENTIFIED, published=True),
        public(Stage.EVALUATED, published=True),
        public(Stage.VALIDATED),
        public(Stage.SPREADING),
        public(Stage.SCALING),
    ]
    for stage in (Stage.DRAFT, Stage.SUBMITTED, Stage.IDENTIFIED, Stage.REWORK):
        public(stage)
    for stage in (Stage.DECLINED, Stage.WITHDRAWN, Stage.ARCHIVED):
        public(stage, published=True)

    response = Client().get("/sitemap.xml")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    locations = re.findall(r"<loc>([^<]+)</loc>", response.content.decode())
    assert sorted(locations) == sorted(
        [f"http://testserver{INDEX}", *[f"http://testserver{page_url(i)}" for i in shown]]
    )


# The cache


def test_an_anonymous_page_is_served_from_the_cache(db):
    initiative = public(Stage.SPREADING, title="Garage solidaire")
    search.reindex()
    client = Client()
    for url in (INDEX, page_url(initiative), f"{INDEX}?q=garage&sort=recent"):
        assert client.get(url).status_code == 200
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        assert len(queries) == 0, url
        assert "Garage solidaire" in html_of(response)


def test_each_query_string_is_cached_apart(shelf):
    assert listing("level=scaling") == ["Tremplin jeunes"]
    assert listing("level=inspiration") == ["Ambassadeurs de l'énergie"]


def test_a_change_that_does_not_bump_the_version_is_not_seen_until_it_does(db):
    initiative = public(Stage.SPREADING, title="Garage solidaire")
    assert titles(Client().get(INDEX)) == ["Garage solidaire"]
    Initiative.objects.filter(pk=initiative.pk).update(title="Garage renommé")
    assert titles(Client().get(INDEX)) == ["Garage solidaire"]  # the cached page
    catalogue.changed()
    assert titles(Client().get(INDEX)) == ["Garage renommé"]


def test_a_transition_makes_the_cached_pages_stale(db, sam, django_capture_on_commit_callbacks):
    declined = public(Stage.IDENTIFIED, published=True, title="Épicerie solidaire")
    kept = public(Stage.VALIDATED, title="Garage solidaire")
    client = Client()
    assert set(titles(client.get(INDEX))) == {declined.title, kept.title}
    assert client.get(page_url(declined)).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        services.initiative_decline(initiative=declined, by=sam, reason="Hors du champ.")

    assert titles(client.get(INDEX)) == [kept.title]
    assert client.get(page_url(declined)).status_code == 404
    assert client.get("/sitemap.xml").content.decode().count("<loc>") == 2


def test_publishing_a_sheet_shows_the_initiative_at_once(
    db, sam, django_capture_on_commit_callbacks
):
    initiative = public(Stage.IDENTIFIED, title="Épicerie solidaire")
    client = Client()
    assert titles(client.get(INDEX)) == []
    assert client.get(page_url(initiative)).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        services.initiative_publish_sheet(initiative=initiative, by=sam, text="Une épicerie.")
    assert titles(client.get(INDEX)) == ["Épicerie solidaire"]
    assert client.get(page_url(initiative)).status_code == 200


# The staff publish the public sheet


def test_staff_publish_and_withdraw_the_sheet_from_the_file(
    db, sam, login, django_capture_on_commit_callbacks
):
    initiative = public(Stage.IDENTIFIED, title="Épicerie solidaire")
    staff = login(sam)
    file = html_of(staff.get(reverse("initiatives:file", args=[initiative.pk])))
    assert reverse("catalogue:sheet", args=[initiative.pk]) in file

    assert Client().get(page_url(initiative)).status_code == 404  # and cached so
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(
            reverse("catalogue:sheet", args=[initiative.pk]),
            {
                "action": "publish",
                "public_sheet": "  Une épicerie où l'on vient aussi chercher un emploi. ",
            },
        )
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.public_sheet == "Une épicerie où l'on vient aussi chercher un emploi."
    assert initiative.sheet_published_at is not None
    page = Client().get(page_url(initiative))
    assert page.status_code == 200
    assert initiative.public_sheet in html_of(page)
    assert reverse("initiatives:file", args=[initiative.pk]) not in html_of(page)
    assert reverse("initiatives:file", args=[initiative.pk]) in html_of(
        staff.get(page_url(initiative))
    )

    with django_capture_on_commit_callbacks(execute=True):
        staff.post(reverse("catalogue:sheet", args=[initiative.pk]), {"action": "unpublish"})
    initiative.refresh_from_db()
    assert initiative.sheet_published_at is None
    assert Client().get(page_url(initiative)).status_code == 404


def test_an_empty_sheet_or_a_stage_without_a_place_in_the_catalogue_is_refused(db, sam, login):
    staff = login(sam)
    identified = public(Stage.IDENTIFIED)
    staff.post(reverse("catalogue:sheet", args=[identified.pk]), {"public_sheet": "   "})
    submitted = public(Stage.SUBMITTED)
    staff.post(reverse("catalogue:sheet", args=[submitted.pk]), {"public_sheet": "Texte."})
    assert not Initiative.objects.filter(sheet_published_at__isnull=False).exists()


def test_only_staff_publish_a_sheet(db, colette, alice, login):
    initiative = public(Stage.IDENTIFIED, owner=alice)
    url = reverse("catalogue:sheet", args=[initiative.pk])
    assert login(colette).post(url, {"public_sheet": "Texte."}).status_code == 403
    assert login(alice).post(url, {"public_sheet": "Texte."}).status_code == 403
    assert Client().post(url, {"public_sheet": "Texte."}).status_code == 302  # to log in
    assert login(colette).get(url).status_code == 403  # refused as the POST is
    assert login(colette).put(url).status_code == 405
    initiative.refresh_from_db()
    assert initiative.sheet_published_at is None
