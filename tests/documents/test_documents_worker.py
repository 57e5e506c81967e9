"""Documents (PDF) made by a real Celery worker, consuming the "pdf" queue on Redis.

The worker runs in a thread of the test's process (Celery's embedded test worker, solo
pool): Django's connections are per thread, and the worker's points to the test database.
The tests' database is transactional, so that what the test (or the view) commits is what
the worker reads, and the worker's writes are what the test sees while it waits.
"""

import io
import time
from datetime import timedelta

import pypdf
import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import before_task_publish
from django.urls import reverse
from django.utils import timezone

from accelerator.celery import app
from documents import services
from documents.models import Document, DocumentState
from documents.tasks import recover_documents, render_document
from evaluations.models import Design, NestaLevel
from evaluations.models import State as E
from initiatives.models import Stage
from swarming import services as swarming_services
from swarming.models import KitState

from ..factories import EvaluationFactory, InitiativeFactory, TransferKitFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

QUEUE = "pdf"
TIMEOUT = 60  # seconds, for one document


def purge(queue=QUEUE):
    """Empty the queue on the broker: messages other tests (or runs) left there are not ours."""
    with app.connection_for_write() as connection:
        channel = connection.default_channel
        channel.queue_declare(queue=queue, durable=True, auto_delete=False)
        channel.queue_purge(queue)


def waiting(queue=QUEUE):
    """How many messages wait in the queue."""
    with app.connection_for_write() as connection:
        return connection.default_channel.queue_declare(queue=queue, passive=True).message_count


@pytest.fixture
def queued():
    """The ids of the renders sent to the broker during the test."""
    sent = []

    def record(sender=None, body=None, routing_key=None, **kwargs):
        if sender == render_document.name:
            args = body[0] if isinstance(body, tuple | list) else body.get("args", ())
            sent.append((routing_key, args[0]))

    before_task_publish.connect(record, weak=False)
    yield sent
    before_task_publish.disconnect(record)


@pytest.fixture
def worker():
    """A Celery worker consuming the "pdf" queue, and nothing else, for the test."""
    purge()
    with start_worker(app, queues=[QUEUE], pool="solo", perform_ping_check=False) as running:
        consumed = {queue.name for queue in running.consumer.task_consumer.queues}
        assert consumed == {QUEUE}
        assert app.conf.broker_url.startswith("redis://")
        assert not app.conf.task_always_eager
        yield running
    purge()


def done(pk, timeout=TIMEOUT):
    """The document once the worker is done with it (ready or failed)."""
    deadline = time.monotonic() + timeout
    while True:
        document = Document.objects.get(pk=pk)
        if not document.is_pending:
            return document
        if time.monotonic() > deadline:
            pytest.fail(f"Document {pk} still {document.state} after {timeout} s.")
        time.sleep(0.1)


def pages_text(document):
    """The text of each page of the document's PDF, its spaces and line breaks made one."""
    with document.file.open("rb") as stored:
        reader = pypdf.PdfReader(io.BytesIO(stored.read()))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


@pytest.fixture
def evaluated(alice):
    """Alice's initiative with two rated evaluations of different designs."""
    initiative = InitiativeFactory(
        owner=alice,
        carrier=alice.organisations.get(),
        complete=True,
        stage=Stage.IN_EVALUATION,
        title="Garage solidaire de Roubaix",
    )
    EvaluationFactory(
        initiative=initiative,
        design=Design.DIFFERENCE_IN_DIFFERENCES,
        state=E.RATED,
        reported=True,
        rating=NestaLevel.CAUSATION,
    )
    EvaluationFactory(
        initiative=initiative,
        design=Design.RCT,
        state=E.RATED,
        reported=True,
        rating=NestaLevel.REPLICATION,
    )
    return initiative


def ask(client, initiative):
    """Ask for the evidence report as a user does; the document the page shows."""
    response = client.post(reverse("request_document", args=["evidence_report", initiative.pk]))
    assert response.status_code == 302
    return Document.objects.get(pk=int(response.url.rstrip("/").split("/")[-1]))


def test_the_worker_makes_the_evidence_report(worker, evaluated, sam, login, queued):
    client = login(sam)
    document = ask(client, evaluated)
    assert queued == [(QUEUE, document.pk)]

    document = done(document.pk)

    assert document.state == DocumentState.READY, document.error
    assert document.attempts == 1
    texts = pages_text(document)
    text = " ".join(texts)
    assert "Garage solidaire de Roubaix" in text
    for design, level in (
        (Design.DIFFERENCE_IN_DIFFERENCES, NestaLevel.CAUSATION),
        (Design.RCT, NestaLevel.REPLICATION),
    ):
        assert str(design.label) in text
        assert str(level.label) in text
    count = len(texts)
    assert document.pages == count and count > 1
    for number, page in enumerate(texts, start=1):
        assert f"page {number} sur {count}" in page
    assert document.size == document.file.size

    # The page now offers the download.
    page = client.get(reverse("document", args=[document.pk])).content.decode()
    assert reverse("download_document", args=[document.pk]) in page

    # Asked again, unchanged: the same row, nothing rendered again.
    again = ask(client, evaluated)
    assert again.pk == document.pk
    assert queued == [(QUEUE, document.pk)]
    time.sleep(0.5)  # a render, if one had been queued, would have begun
    again.refresh_from_db()
    assert (again.state, again.attempts) == (DocumentState.READY, 1)
    assert Document.objects.count() == 1

    # A new rating changes the report: a new document, made by the worker.
    EvaluationFactory(
        initiative=evaluated,
        design=Design.BEFORE_AFTER,
        state=E.RATED,
        reported=True,
        rating=NestaLevel.ACCOUNT,
    )
    newer = ask(client, evaluated)
    assert newer.pk != document.pk
    assert queued == [(QUEUE, document.pk), (QUEUE, newer.pk)]
    newer = done(newer.pk)
    assert newer.state == DocumentState.READY, newer.error
    text = " ".join(pages_text(newer))
    assert str(Design.BEFORE_AFTER.label) in text and str(NestaLevel.ACCOUNT.label) in text
    assert Document.objects.count() == 2
    assert services.latest_document("evidence_report", evaluated) == newer
    document.refresh_from_db()
    assert document.is_ready  # the earlier version stays as it was


@pytest.mark.parametrize("stuck", ["rendering", "requested"])
def test_a_document_left_behind_by_a_lost_worker_is_made_again(evaluated, sam, stuck):
    """A worker killed in the middle of a render ("rendering" for long), or a message lost
    ("requested" for long): the recovery queues the render again, and a worker makes it."""
    purge()
    document = services.document_request(kind_name="evidence_report", source=evaluated, by=sam)
    long_ago = timezone.now() - timedelta(hours=1)
    if stuck == "rendering":
        Document.objects.filter(pk=document.pk).update(
            state=DocumentState.RENDERING, started_at=long_ago, requested_at=long_ago, attempts=1
        )
    else:
        Document.objects.filter(pk=document.pk).update(requested_at=long_ago)
    purge()  # the message went down with the worker

    # Recent documents are left alone: their worker may still be at it.
    fresh = services.document_request(kind_name="transfer_kit", source=TransferKitFactory(), by=sam)
    purge()

    assert recover_documents() == [document.pk]
    document.refresh_from_db()
    assert document.state == DocumentState.REQUESTED
    assert waiting() == 1

    with start_worker(app, queues=[QUEUE], pool="solo", perform_ping_check=False):
        document = done(document.pk)
        assert document.state == DocumentState.READY, document.error
        assert document.attempts == (2 if stuck == "rendering" else 1)
        fresh.refresh_from_db()
        assert fresh.state == DocumentState.REQUESTED
    purge()


def test_publishing_a_kit_version_makes_its_pdf(worker, sam, queued):
    kit = TransferKitFactory(state=KitState.DRAFT, published_at=None)

    swarming_services.kit_publish(kit=kit, by=sam)

    assert len(queued) == 1
    document = Document.objects.get(kind="transfer_kit")
    assert document.object_id == kit.pk and document.version == "1"
    document = done(document.pk)
    assert document.state == DocumentState.READY, document.error
    text = " ".join(pages_text(document))
    kit.refresh_from_db()
    assert kit.initiative.title in text
    for label, content in kit.sections():
        assert str(label)[:1].upper() + str(label)[1:] in text
        if content:
            assert " ".join(content.split()) in text
    for invariant in ("Accompagnement individuel vers l'emploi", "Tarifs solidaires"):
        assert invariant in text
    assert "Retour à l'emploi à six mois" in text
    assert services.latest_document("transfer_kit", kit) == document
