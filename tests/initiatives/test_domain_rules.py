"""Rules that live in the services and the machine, not in views or forms: each holds when
called directly, against a stale copy of the object, as a concurrent request would have it."""

from itertools import chain

import pytest
from django.contrib.postgres.search import SearchQuery
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django_fsm_log.models import StateLog

from accelerator.fsm import TransitionRefused
from accelerator.models import Event
from catalogue.selectors import Level
from evaluations import services as evaluation_services
from evaluations.models import State as EvaluationState
from initiatives import services
from initiatives.models import PUBLIC_STAGES, Initiative, Stage, StageStay
from swarming import services as swarming_services
from swarming.models import SpreadingConsent

from ..factories import EvaluationFactory, InitiativeFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_draft_submitted_meanwhile_refuses_the_edit_of_a_stale_page(initiative, alice):
    stale = Initiative.objects.get(pk=initiative.pk)
    services.initiative_submit(initiative=initiative, by=alice)

    with pytest.raises(ValidationError) as refused:
        services.initiative_update_draft(initiative=stale, data={"title": "Titre changé"})

    assert refused.value.messages == [
        str(services.NO_LONGER_A_DRAFT % {"stage": Stage.SUBMITTED.label})
    ]
    assert Initiative.objects.get(pk=initiative.pk).title == "Garage solidaire"


def test_a_transition_keeps_an_edit_of_another_field_committed_meanwhile(initiative, alice):
    stale = Initiative.objects.get(pk=initiative.pk)
    Initiative.objects.filter(pk=initiative.pk).update(summary="Résumé revu entre-temps.")

    services.initiative_submit(initiative=stale, by=alice)

    saved = Initiative.objects.get(pk=initiative.pk)
    assert saved.stage == Stage.SUBMITTED
    assert saved.submitted_at is not None
    assert saved.summary == "Résumé revu entre-temps."


def test_the_public_sheet_is_refused_to_an_innovator_before_identification_and_empty(
    initiative, alice, sam
):
    with pytest.raises(PermissionDenied):
        services.initiative_publish_sheet(initiative=initiative, by=alice, text="Une fiche.")
    with pytest.raises(ValidationError) as too_early:
        services.initiative_publish_sheet(initiative=initiative, by=sam, text="Une fiche.")
    assert too_early.value.messages == [str(services.SHEET_NOT_AT_THIS_STAGE)]

    Initiative.objects.filter(pk=initiative.pk).update(stage=Stage.IDENTIFIED)
    with pytest.raises(ValidationError) as empty:
        services.initiative_publish_sheet(initiative=initiative, by=sam, text="   ")
    assert empty.value.messages == [str(services.SHEET_EMPTY)]
    assert Initiative.objects.get(pk=initiative.pk).sheet_published_at is None


def test_the_catalogue_s_three_levels_share_out_the_stages_that_may_be_public():
    assert sorted(chain(*Level.STAGES.values())) == sorted(PUBLIC_STAGES)


def test_consent_is_refused_to_anyone_but_the_carrier_and_before_validation(alice, bob, sam):
    initiative = InitiativeFactory(
        owner=alice, carrier=alice.organisations.get(), complete=True, stage=Stage.EVALUATED
    )
    with pytest.raises(PermissionDenied) as too_early:
        swarming_services.consent_give(initiative=initiative, by=alice, terms="D'accord.")
    assert str(too_early.value) == str(swarming_services.CONSENT_TOO_EARLY)

    Initiative.objects.filter(pk=initiative.pk).update(stage=Stage.VALIDATED)
    for stranger in (bob, sam):
        with pytest.raises(PermissionDenied) as not_theirs:
            swarming_services.consent_give(initiative=initiative, by=stranger, terms="Oui.")
        assert str(not_theirs.value) == str(swarming_services.CONSENT_OWNER_ONLY)
    assert not SpreadingConsent.objects.exists()

    swarming_services.consent_give(initiative=initiative, by=alice, terms="D'accord.")
    assert SpreadingConsent.objects.get().given_by == alice


def test_an_evaluation_handed_in_meanwhile_refuses_the_edit_of_a_stale_page(eve):
    evaluation = EvaluationFactory(evaluator=eve, state=EvaluationState.IN_PROGRESS, reported=True)
    stale = type(evaluation).objects.get(pk=evaluation.pk)
    evaluation_services.evaluation_submit_report(evaluation=evaluation, by=eve)

    with pytest.raises(ValidationError) as refused:
        evaluation_services.evaluation_update(evaluation=stale, data={"summary": "Changé."})
    with pytest.raises(ValidationError):
        evaluation_services.evaluation_add_outcome(evaluation=stale, data={"indicator": "x"})

    assert refused.value.messages == [
        str(evaluation_services.NOT_EDITABLE % {"state": EvaluationState.REPORT_SUBMITTED.label})
    ]
    assert type(evaluation).objects.get(pk=evaluation.pk).summary != "Changé."


def test_the_stays_are_kept_by_the_transition_not_by_any_log_row(initiative, alice, sam):
    StateLog.objects.create(
        content_object=initiative, source_state="draft", state="submitted", transition="submit"
    )
    assert not StageStay.objects.exists()  # a log row alone does nothing

    services.initiative_submit(initiative=initiative, by=alice)
    with pytest.raises(TransitionRefused):
        services.initiative_decline(initiative=initiative, by=alice, reason="Non.")

    assert list(StageStay.objects.values_list("initiative", "stage")) == [
        (initiative.pk, "draft"),
        (initiative.pk, "draft"),
    ]


def test_an_edit_in_the_admin_goes_through_the_service(
    initiative, alice, django_capture_on_commit_callbacks
):
    admin = UserFactory(email="admin@ansa.fr", is_staff=True, is_superuser=True)
    services.initiative_submit(initiative=initiative, by=alice)
    client = Client()
    client.force_login(admin)
    page = reverse("admin:initiatives_initiative_change", args=[initiative.pk])
    form = client.get(page).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name not in ("stage", "created_at", "updated_at", "submitted_at")
    }
    data.update(
        {
            "title": "Atelier vélo solidaire",
            "themes": [t.pk for t in initiative.themes.all()],
            "target_publics": [p.pk for p in initiative.target_publics.all()],
            "territories": [t.pk for t in initiative.territories.all()],
        }
    )
    for prefix in (
        "identification_scores",
        "attachments",
        "django_fsm_log-statelog-content_type-object_id",
    ):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(page, data)

    assert response.status_code == 302, response.context and response.context["errors"]
    event = Event.objects.get(kind=services.INITIATIVE_EDITED)
    assert (event.subject.title, event.actor) == ("Atelier vélo solidaire", admin)
    assert Initiative.objects.filter(
        pk=initiative.pk, search_vector=SearchQuery("velo", config="french_unaccent")
    ).exists()
