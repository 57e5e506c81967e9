"""Migration swarming 0005 on a database that already holds what its constraints refuse.

A published or retired kit version without its date gets it from its transition log, or its
last change; a replication taken up without its agreement date gets the day its agreement
was logged. A replication with no such trace, or a negative plan budget, stops the
migration, which names them and changes nothing. Back and forth, the constraints go and
come."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import CommandError
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from django_fsm_log.models import StateLog

from swarming.models import Replication, ScaleUpPlan, TransferKit

from ..factories import ReplicationFactory, ScaleUpPlanFactory, TransferKitFactory

BEFORE = [("swarming", "0004_kit_version_state_labels")]
RULE = ("swarming", "0005_dates_and_amounts")
PARIS = datetime.timezone(datetime.timedelta(hours=1))


def migrate(targets=None):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets or executor.loader.graph.leaf_nodes())


def applied():
    return RULE in MigrationExecutor(connection).loader.applied_migrations


def log(instance, transition, source, state, at):
    StateLog.objects.create(
        content_type=ContentType.objects.get_for_model(instance),
        object_id=instance.pk,
        transition=transition,
        source_state=source,
        state=state,
        timestamp=at,
    )


def at(day, hour=10):
    return datetime.datetime(2026, 3, day, hour, tzinfo=PARIS)


@pytest.fixture
def before_the_rule(transactional_db):
    migrate(BEFORE)
    yield
    migrate()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_dates_are_found_in_the_log_or_the_last_change(before_the_rule):
    logged = TransferKitFactory(published_at=None)
    log(logged, "publish", "draft", "published", at(2))
    unlogged = TransferKitFactory(published_at=None)
    TransferKit.objects.filter(pk=unlogged.pk).update(updated_at=at(5))
    dated = TransferKitFactory(published_at=at(1))
    retired = TransferKitFactory(state="retired", retired_at=None)
    log(retired, "publish", "draft", "published", at(3))
    log(retired, "retire", "published", "retired", at(20))
    retired_unlogged = TransferKitFactory(state="retired", retired_at=None)
    TransferKit.objects.filter(pk=retired_unlogged.pk).update(updated_at=at(21))
    agreed = ReplicationFactory(kit=dated, state="launched", agreement_signed_on=None)
    # Logged just after midnight in Paris (still the 9th in UTC): the day is Paris's.
    log(agreed, "agree", "interest", "agreement", at(10, hour=0) + datetime.timedelta(minutes=30))
    log(agreed, "start_preparation", "agreement", "preparation", at(15))
    interested = ReplicationFactory(kit=dated, state="interest")

    migrate()

    kits = {kit.pk: kit for kit in TransferKit.objects.all()}
    assert kits[logged.pk].published_at == at(2)
    assert kits[unlogged.pk].published_at == at(5)
    assert kits[dated.pk].published_at == at(1)
    assert kits[retired.pk].retired_at == at(20)
    assert kits[retired_unlogged.pk].retired_at == at(21)
    assert Replication.objects.get(pk=agreed.pk).agreement_signed_on == datetime.date(2026, 3, 10)
    assert Replication.objects.get(pk=interested.pk).agreement_signed_on is None
    with pytest.raises(IntegrityError), transaction.atomic():
        TransferKit.objects.filter(pk=logged.pk).update(published_at=None)

    # Back: the constraints go, the dates found stay.
    migrate(BEFORE)
    TransferKit.objects.filter(pk=logged.pk).update(published_at=None)
    assert TransferKit.objects.get(pk=unlogged.pk).published_at == at(5)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_what_cannot_be_dated_or_guessed_stops_the_migration_until_corrected(before_the_rule):
    undated = ReplicationFactory(state="preparation", agreement_signed_on=None)
    plan = ScaleUpPlanFactory(budget=Decimal(-250000))
    kit = TransferKitFactory(published_at=None)  # would be dated: must not be

    with pytest.raises(CommandError) as caught:
        migrate()

    message = str(caught.value)
    assert "La migration swarming 0005 ne peut pas ajouter ses contraintes" in message
    assert f"réplication n°{undated.pk} (preparation)" in message
    assert f"plan de changement d'échelle n°{plan.pk} : budget -250000.00" in message
    assert "rien n'a été modifié" in message
    assert not applied()
    assert TransferKit.objects.get(pk=kit.pk).published_at is None

    # Staff find the convention's date and the carrier's budget: it goes through.
    Replication.objects.filter(pk=undated.pk).update(agreement_signed_on=timezone.localdate())
    ScaleUpPlan.objects.filter(pk=plan.pk).update(budget=Decimal(250000))
    migrate()
    assert applied()
    assert TransferKit.objects.get(pk=kit.pk).published_at is not None

    # Back and forth: the check comes back with the constraints.
    migrate(BEFORE)
    ScaleUpPlan.objects.filter(pk=plan.pk).update(budget=Decimal(-1))
    with pytest.raises(CommandError):
        migrate()
    ScaleUpPlan.objects.filter(pk=plan.pk).update(budget=Decimal(1))
