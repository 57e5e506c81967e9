"""An initiative's budget and cost per beneficiary are never negative: the form says so in
French and saves nothing, the services refuse it before the database, and the database
refuses a raw write. Migration initiatives 0010 stops on negative amounts already there,
naming them, until someone corrects them; back and forth, the constraints go and come."""

from decimal import Decimal
from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from initiatives import services
from initiatives.forms import NEGATIVE_AMOUNT
from initiatives.models import NEGATIVE_BUDGET, NEGATIVE_COST, Initiative

from ..factories import InitiativeFactory

AMOUNTS = [
    ("budget", NEGATIVE_BUDGET),
    ("cost_per_beneficiary", NEGATIVE_COST),
]


@pytest.mark.parametrize("field", ["budget", "cost_per_beneficiary"])
def test_the_form_refuses_a_negative_amount_and_saves_nothing(initiative, login, field):
    before = {name: getattr(initiative, name) for name in ("title", field)}

    response = login(initiative.owner).post(
        reverse("initiatives:edit", args=[initiative.pk]),
        {"title": "Garage solidaire du Pévèle", field: "-5", "save": ""},
    )

    assert response.status_code == 422
    assert str(NEGATIVE_AMOUNT) in unescape(response.content.decode())
    initiative.refresh_from_db()
    assert {name: getattr(initiative, name) for name in ("title", field)} == before


@pytest.mark.parametrize(("field", "message"), AMOUNTS)
def test_the_services_refuse_a_negative_amount_before_the_database(alice, field, message):
    with pytest.raises(ValidationError) as caught:
        services.initiative_create(owner=alice, data={"title": "Garage", field: Decimal(-1)})
    assert caught.value.messages == [str(message)]
    assert not Initiative.objects.exists()

    initiative = InitiativeFactory(owner=alice, complete=True)
    with pytest.raises(ValidationError) as caught:
        services.initiative_update_draft(initiative=initiative, data={field: Decimal(-1)})
    assert caught.value.messages == [str(message)]
    assert getattr(Initiative.objects.get(pk=initiative.pk), field) > 0


@pytest.mark.parametrize(("field", "message"), AMOUNTS)
def test_the_database_refuses_a_negative_amount(alice, field, message):
    initiative = InitiativeFactory(owner=alice, complete=True)

    with pytest.raises(IntegrityError), transaction.atomic():
        Initiative.objects.filter(pk=initiative.pk).update(**{field: Decimal("-0.01")})

    # Unknown and free are both allowed.
    for amount in (None, 0):
        Initiative.objects.filter(pk=initiative.pk).update(**{field: amount})
        assert getattr(Initiative.objects.get(pk=initiative.pk), field) == amount


# The migration

BEFORE = [("initiatives", "0009_created_index")]
RULE = ("initiatives", "0010_amounts_not_negative")


def migrate(targets=None):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())


def applied():
    return RULE in MigrationExecutor(connection).loader.applied_migrations


@pytest.fixture
def before_the_rule(transactional_db):
    migrate(BEFORE)
    yield
    migrate()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_negative_amounts_stop_the_migration_until_corrected(before_the_rule):
    budget = InitiativeFactory(complete=True, title="Budget négatif", budget=Decimal(-120000))
    cost = InitiativeFactory(complete=True, title="Coût négatif", cost_per_beneficiary=-1)
    fine = InitiativeFactory(complete=True, title="Rien à redire")

    with pytest.raises(CommandError) as caught:
        migrate()

    message = str(caught.value)
    assert "La migration initiatives 0010 ne peut pas ajouter ses contraintes" in message
    assert f"initiative n°{budget.pk} « Budget négatif » : budget -120000.00" in message
    assert f"initiative n°{cost.pk} « Coût négatif »" in message
    assert "coût par bénéficiaire -1.00" in message
    assert f"n°{fine.pk} " not in message
    assert not applied()

    # Staff correct them with the carriers: it goes through.
    Initiative.objects.filter(pk=budget.pk).update(budget=Decimal(120000))
    Initiative.objects.filter(pk=cost.pk).update(cost_per_beneficiary=None)
    migrate()
    assert applied()
    with pytest.raises(IntegrityError), transaction.atomic():
        Initiative.objects.filter(pk=fine.pk).update(budget=-1)

    # Back: the constraints go; forward: the check comes back with them.
    migrate(BEFORE)
    Initiative.objects.filter(pk=fine.pk).update(budget=-1)
    with pytest.raises(CommandError):
        migrate()
    Initiative.objects.filter(pk=fine.pk).update(budget=1)
