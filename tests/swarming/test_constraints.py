"""What essaimage may hold, from the outside: a published kit version has its publication
date and a retired one its retirement date; a replication taken up (an agreement signed, or
further) has the date of its convention; a scale-up plan's budget is not negative. The pages
and services refuse the rest in French and save nothing; the model's validation says it in
French too; the database refuses a raw write that goes around them."""

import datetime
import re
from decimal import Decimal
from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django_fsm_log.models import StateLog

from accelerator.fsm import TransitionRefused
from initiatives.models import Stage, Territory
from swarming import services
from swarming.models import (
    KIT_PUBLISHED_UNDATED,
    KIT_RETIRED_UNDATED,
    NEGATIVE_BUDGET,
    NO_AGREEMENT_DATE,
    TAKEN_UP_STATES,
    KitState,
    Replication,
    ReplicationState,
    ScaleUpPlan,
    TransferKit,
)

from ..factories import (
    InitiativeFactory,
    ReplicationFactory,
    ScaleUpPlanFactory,
    TransferKitFactory,
)

pytestmark = pytest.mark.django_db

R = ReplicationState


def page_of(response):
    return unescape(response.content.decode())


def field_errors(response, name):
    return re.findall(rf'<p class="field__error" id="id_{name}_error">(.*?)</p>', page_of(response))


def texts(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def refused_by_the_database(queryset, **fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        queryset.update(**fields)


def refused_by_the_model(instance, message):
    with pytest.raises(ValidationError) as caught:
        instance.validate_constraints()
    assert caught.value.messages == [str(message)]


# The scale-up plan's budget


@pytest.fixture
def spreading(alice):
    return InitiativeFactory(
        owner=alice, carrier=alice.organisations.get(), complete=True, stage=Stage.SPREADING
    )


def test_the_plan_form_refuses_a_negative_budget(spreading, alice, login):
    response = login(alice).post(
        reverse("swarming:plan_create", args=[spreading.pk]),
        {
            "target_territories": [
                str(pk)
                for pk in Territory.objects.filter(kind="department", code="62").values_list(
                    "pk", flat=True
                )
            ],
            "budget": "-1",
            "milestones": "Ouverture à Arras en 2027",
        },
    )

    assert response.status_code == 422
    assert field_errors(response, "budget") == [str(NEGATIVE_BUDGET)]
    assert not ScaleUpPlan.objects.exists()


def test_the_plan_service_and_the_database_refuse_a_negative_budget(spreading, alice):
    with pytest.raises(ValidationError) as caught:
        services.plan_create(
            initiative=spreading,
            by=alice,
            data={"budget": Decimal("-0.01"), "milestones": "Ouverture à Arras"},
            territories=Territory.objects.filter(kind="department", code="62"),
        )

    assert caught.value.messages == [str(NEGATIVE_BUDGET)]
    assert not ScaleUpPlan.objects.exists()
    plan = ScaleUpPlanFactory(initiative=spreading, created_by=alice, budget=0)
    refused_by_the_database(ScaleUpPlan.objects.filter(pk=plan.pk), budget=Decimal(-1))
    assert ScaleUpPlan.objects.get(pk=plan.pk).budget == 0


# The kit's dates


def test_publishing_and_retiring_a_kit_date_it(sam):
    kit = TransferKitFactory(state=KitState.DRAFT, published_at=None)

    services.kit_publish(kit=kit, by=sam)
    kit.refresh_from_db()
    assert kit.state == KitState.PUBLISHED and kit.published_at is not None

    services.kit_retire(kit=kit, by=sam)
    kit.refresh_from_db()
    assert kit.state == KitState.RETIRED and kit.retired_at is not None


def test_a_published_version_without_its_date_is_refused():
    kit = TransferKitFactory(state=KitState.PUBLISHED)
    kit.published_at = None

    refused_by_the_model(kit, KIT_PUBLISHED_UNDATED)
    refused_by_the_database(TransferKit.objects.filter(pk=kit.pk), published_at=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        TransferKitFactory(state=KitState.PUBLISHED, published_at=None)


def test_a_retired_version_without_its_date_is_refused():
    kit = TransferKitFactory(state=KitState.RETIRED)
    kit.retired_at = None

    refused_by_the_model(kit, KIT_RETIRED_UNDATED)
    refused_by_the_database(TransferKit.objects.filter(pk=kit.pk), retired_at=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        TransferKitFactory(state=KitState.RETIRED, retired_at=None)


def test_a_draft_has_no_date_to_keep():
    kit = TransferKitFactory(state=KitState.DRAFT, published_at=None)
    kit.validate_constraints()
    assert TransferKit.objects.get(pk=kit.pk).published_at is None


# The agreement's date


def test_agreeing_without_the_signature_date_is_refused_and_nothing_is_saved(sam):
    replication = ReplicationFactory()

    with pytest.raises(TransitionRefused) as caught:
        services.replication_agree(replication=replication, by=sam, signed_on=None)

    assert caught.value.reasons == [str(NO_AGREEMENT_DATE)]
    replication.refresh_from_db()
    assert (replication.state, replication.agreement_signed_on) == (R.INTEREST, None)
    assert not StateLog.objects.for_(replication).exists()


def test_the_agreement_page_refuses_it_without_the_date(sam, login):
    replication = ReplicationFactory()

    response = login(sam).post(
        reverse("swarming:replication_transition", args=[replication.pk, "agree"]),
        {"stage": R.INTEREST, "signed_on": ""},
    )

    assert response.status_code == 422
    assert str(NO_AGREEMENT_DATE) in texts(response)
    replication.refresh_from_db()
    assert (replication.state, replication.agreement_signed_on) == (R.INTEREST, None)


@pytest.mark.parametrize("state", TAKEN_UP_STATES)
def test_a_replication_taken_up_without_its_agreement_date_is_refused(state):
    replication = ReplicationFactory(state=state)
    replication.agreement_signed_on = None

    refused_by_the_model(replication, NO_AGREEMENT_DATE)
    refused_by_the_database(Replication.objects.filter(pk=replication.pk), agreement_signed_on=None)
    # Nor may one move on to a taken-up state around the machine without a date.
    other = ReplicationFactory(kit=replication.kit)
    refused_by_the_database(Replication.objects.filter(pk=other.pk), state=state)


@pytest.mark.parametrize("state", [R.INTEREST, R.ABANDONED])
def test_a_replication_not_taken_up_needs_no_date(state):
    replication = ReplicationFactory(state=state, agreement_signed_on=None)
    replication.validate_constraints()
    assert Replication.objects.get(pk=replication.pk).agreement_signed_on is None


def test_the_date_agreed_is_kept(sam):
    replication = ReplicationFactory()
    signed = timezone.localdate() - datetime.timedelta(days=3)

    services.replication_agree(replication=replication, by=sam, signed_on=signed)

    replication.refresh_from_db()
    assert (replication.state, replication.agreement_signed_on) == (R.AGREEMENT, signed)
