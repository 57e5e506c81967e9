"""Documents (PDF), without a worker: the renders are made in the test, by the worker's
service (`document_render`) or by the task run in place (`render_document.apply`).

The URL fetcher reads the project's static files and nothing else; the PDF is set in the
shipped font; who downloads what, from the outside (staff, committee, the innovator, another
innovator, a partner, an evaluator, anonymous visitors), every download logged; the
document's page (progress while it is prepared, the link once ready, the error and "Réessayer"
after a failure); transient errors retried with backoff, the others recorded."""

import datetime
import io
import re
import socket
from html import unescape
from pathlib import Path

import pypdf
import pytest
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.urls import reverse
from django.utils import timezone

from accelerator import roles
from documents import pdf, rendering, services
from documents.models import Document, DocumentState, DownloadLog
from documents.tasks import render_document
from evaluations.models import State as E
from initiatives.models import Stage

from ..factories import EvaluationFactory, InitiativeFactory, TransferKitFactory, UserFactory

STATIC = Path(settings.BASE_DIR) / "static"
FONT = "fonts/source-sans-3/source-sans-3-latin-400-normal.woff"


def ask(kind_name, source, by, capture):
    """Ask for the document as the views do; the render it queues is returned, not run."""
    with capture() as callbacks:
        document = services.document_request(kind_name=kind_name, source=source, by=by)
    return document, callbacks


def rendered(document):
    """The document rendered by the worker's service, as a worker would."""
    rendering.document_render(document_id=document.pk)
    document.refresh_from_db()
    return document


def ready(kind_name, source, by, capture):
    document, _callbacks = ask(kind_name, source, by, capture)
    document = rendered(document)
    assert document.state == DocumentState.READY, document.error
    return document


def pdf_reader(data):
    return pypdf.PdfReader(io.BytesIO(data))


def font_names(data):
    names = set()
    for page in pdf_reader(data).pages:
        fonts = page["/Resources"].get("/Font", {})
        for font in fonts.values():
            names.add(str(font.get_object()["/BaseFont"]))
    return names


def content(response):
    """The downloaded file; reading it to the end closes it, as the test client wants."""
    return b"".join(response.streaming_content)


def page_of(response):
    return unescape(response.content.decode())


@pytest.fixture
def evaluated(alice):
    """Alice's initiative in evaluation, with a rated impact evaluation."""
    initiative = InitiativeFactory(
        owner=alice,
        carrier=alice.organisations.get(),
        complete=True,
        stage=Stage.IN_EVALUATION,
        title="Garage solidaire",
    )
    EvaluationFactory(initiative=initiative, state=E.RATED, reported=True, rating=3)
    return initiative


# The URL fetcher: static files, nothing else


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/style.css",
        "https://fonts.example.com/source-sans-3.woff",
        "http://127.0.0.1:6379/",
        "ftp://example.com/pub/logo.png",
        "file:///etc/passwd",
        f"file://{Path(settings.BASE_DIR) / 'accelerator' / 'settings.py'}",
        f"file://{STATIC}/../accelerator/settings.py",
        "static:../../etc/passwd",
        "static:/../../etc/passwd",
        "static:css/../../accelerator/settings.py",
        "static:%2e%2e/%2e%2e/etc/passwd",
        "static://example.com/style.css",
        "//example.com/style.css",
        "../../../etc/passwd",
        "/static/../../etc/passwd",
        "static:css/absent.css",
        "data:text/css,body{}",
        "gopher://example.com/",
    ],
)
def test_the_fetcher_refuses_everything_but_the_static_files(url):
    with pytest.raises(pdf.RefusedURL):
        pdf.resolve(url)


@pytest.mark.parametrize(
    "url, name",
    [
        ("static:css/pdf.css", "css/pdf.css"),
        ("static:/css/pdf.css", "css/pdf.css"),
        ("css/pdf.css", "css/pdf.css"),
        ("/static/css/pdf.css", "css/pdf.css"),
        (f"static:{FONT}", FONT),
        (f"file://{STATIC / FONT}", FONT),
    ],
)
def test_the_fetcher_serves_the_static_fonts_and_stylesheets(url, name):
    assert pdf.resolve(url).resolve() == (STATIC / name).resolve()


def test_the_fetcher_gives_the_static_files_with_their_type():
    fetcher = pdf._fetcher()
    css = fetcher.fetch("static:css/pdf.css")
    assert css.headers["Content-Type"] == "text/css"
    assert b"@font-face" in css.read()
    font = fetcher.fetch(f"static:{FONT}")
    assert font.read() == (STATIC / FONT).read_bytes()
    with pytest.raises(pdf.RefusedURL):
        fetcher.fetch("https://example.com/tracker.png")


def test_rendering_a_page_that_points_outside_opens_no_connection(monkeypatch):
    opened = []

    def no_network(self, address, *args):
        opened.append(address)
        raise OSError("no network in this test")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    fetched = []
    resolve = pdf.resolve

    def spy(url):
        fetched.append(url)
        return resolve(url)

    monkeypatch.setattr(pdf, "resolve", spy)
    html = (
        '<html><head><link rel="stylesheet" href="css/pdf.css">'
        '<link rel="stylesheet" href="https://example.com/evil.css"></head>'
        '<body><h1>Garage solidaire</h1><img src="http://example.com/pixel.png">'
        '<img src="file:///etc/passwd"></body></html>'
    )
    data, pages = pdf.html_to_pdf(html)

    assert data.startswith(b"%PDF") and pages == 1
    assert opened == []
    assert "https://example.com/evil.css" in fetched and "file:///etc/passwd" in fetched
    assert any(url.endswith("source-sans-3-latin-400-normal.woff") for url in fetched)
    assert "root:" not in "".join(page.extract_text() for page in pdf_reader(data).pages)


def test_the_pdf_is_set_in_the_shipped_font(evaluated, sam, django_capture_on_commit_callbacks):
    document = ready("evidence_report", evaluated, sam, django_capture_on_commit_callbacks)
    with document.file.open("rb") as stored:
        names = font_names(stored.read())

    assert names, "no font in the PDF"
    assert all("Source" in name for name in names), names
    assert not any("DejaVu" in name for name in names), names


# Asking for a document


def test_asking_queues_one_render_after_the_commit(
    evaluated, sam, django_capture_on_commit_callbacks
):
    document, callbacks = ask("evidence_report", evaluated, sam, django_capture_on_commit_callbacks)

    assert document.state == DocumentState.REQUESTED
    assert document.requested_by == sam
    assert len(callbacks) == 1
    assert Document.objects.count() == 1


def test_asking_again_for_an_unchanged_source_gives_the_same_row(
    evaluated, sam, colette, django_capture_on_commit_callbacks
):
    first = ready("evidence_report", evaluated, sam, django_capture_on_commit_callbacks)
    again, callbacks = ask(
        "evidence_report", evaluated, colette, django_capture_on_commit_callbacks
    )

    assert again.pk == first.pk
    assert callbacks == []
    again.refresh_from_db()
    assert again.attempts == 1 and again.state == DocumentState.READY


def test_a_ready_document_is_not_rendered_again(evaluated, sam, django_capture_on_commit_callbacks):
    document = ready("evidence_report", evaluated, sam, django_capture_on_commit_callbacks)

    assert rendering.document_render(document_id=document.pk) is None
    document.refresh_from_db()
    assert document.attempts == 1


# Who downloads what


@pytest.fixture
def library(alice, bob, sam, evaluated, django_capture_on_commit_callbacks):
    """Ready documents: the evidence reports of Alice's and Bob's initiatives, the PDFs of
    Alice's published kit (version 1) and of her draft (version 2)."""
    capture = django_capture_on_commit_callbacks
    bobs = InitiativeFactory(
        owner=bob, carrier=bob.organisations.get(), complete=True, stage=Stage.IN_EVALUATION
    )
    spreading = InitiativeFactory(
        owner=alice,
        carrier=alice.organisations.get(),
        complete=True,
        stage=Stage.SPREADING,
        title="Garage solidaire essaimé",
    )
    published = TransferKitFactory(initiative=spreading, version=1)
    draft = TransferKitFactory(initiative=spreading, version=2, state="draft", published_at=None)
    return {
        "alice's report": ready("evidence_report", evaluated, sam, capture),
        "bob's report": ready("evidence_report", bobs, sam, capture),
        "published kit": ready("transfer_kit", published, sam, capture),
        "draft kit": ready("transfer_kit", draft, alice, capture),
    }


@pytest.fixture
def chloe(alice):
    """A member of Alice's organisation, which carries her initiatives."""
    user = UserFactory(email="chloe@asso-mobilite.fr", first_name="Chloé", roles=[roles.INNOVATOR])
    alice.organisations.get().members.add(user)
    return user


WHO_DOWNLOADS_WHAT = {
    "sam": {"alice's report", "bob's report", "published kit", "draft kit"},
    "colette": {"alice's report", "bob's report", "published kit", "draft kit"},
    "alice": {"alice's report", "published kit", "draft kit"},
    "chloe": {"alice's report", "published kit", "draft kit"},
    "bob": {"bob's report"},
    "paul": {"published kit"},
    "eve": set(),
}


def test_who_downloads_what(request, library, login):
    downloaded = {}
    for who in WHO_DOWNLOADS_WHAT:
        client = login(request.getfixturevalue(who))
        downloaded[who] = set()
        for name, document in library.items():
            response = client.get(reverse("download_document", args=[document.pk]))
            if response.status_code == 200:
                assert response["Content-Type"] == "application/pdf"
                assert content(response).startswith(b"%PDF")
                downloaded[who].add(name)
            else:
                assert response.status_code == 404, (who, name, response.status_code)
    assert downloaded == WHO_DOWNLOADS_WHAT


def test_the_document_pages_answer_as_the_download(request, library, login):
    for who, allowed in WHO_DOWNLOADS_WHAT.items():
        client = login(request.getfixturevalue(who))
        for name, document in library.items():
            for page in ("document", "document_status"):
                status = client.get(reverse(page, args=[document.pk])).status_code
                expected = {"document": 200, "document_status": 286}[page]
                assert status == (expected if name in allowed else 404), (who, name, page)


def test_asking_for_a_document_needs_the_right_to_read_it(request, library, login):
    for who, allowed in WHO_DOWNLOADS_WHAT.items():
        client = login(request.getfixturevalue(who))
        for name, document in library.items():
            response = client.post(
                reverse("request_document", args=[document.kind, document.object_id])
            )
            if name in allowed:
                assert response.status_code == 302, (who, name)
                assert response.url == reverse("document", args=[document.pk]), (who, name)
            else:
                assert response.status_code == 404, (who, name)
    assert Document.objects.count() == len(library)


def test_an_unknown_kind_or_source_is_not_found(sam, evaluated, login):
    client = login(sam)
    assert client.post(reverse("request_document", args=["passwords", 1])).status_code == 404
    assert (
        client.post(reverse("request_document", args=["evidence_report", 999999])).status_code
        == 404
    )
    assert client.get(reverse("document", args=[999999])).status_code == 404
    assert client.get(reverse("download_document", args=[999999])).status_code == 404


def test_asking_for_a_document_is_a_post(sam, evaluated, login):
    target = reverse("request_document", args=["evidence_report", evaluated.pk])
    assert login(sam).get(target).status_code == 405
    assert not Document.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in(library, client):
    login_url = reverse("login")
    for document in library.values():
        for target in (
            reverse("document", args=[document.pk]),
            reverse("document_status", args=[document.pk]),
            reverse("download_document", args=[document.pk]),
        ):
            response = client.get(target)
            assert response.status_code == 302, target
            assert response.url.startswith(f"{login_url}?next="), target
        response = client.post(
            reverse("request_document", args=[document.kind, document.object_id])
        )
        assert response.status_code == 302
        assert response.url.startswith(f"{login_url}?next=")
    assert not DownloadLog.objects.exists()


def test_every_download_is_logged_with_its_version(request, library, sam, paul, alice, login):
    before = timezone.now()
    kit = library["published kit"]
    report = library["alice's report"]
    for user, document in ((paul, kit), (paul, kit), (alice, report), (sam, kit)):
        response = login(user).get(reverse("download_document", args=[document.pk]))
        assert response.status_code == 200
        content(response)
    # Refused downloads are not logged.
    login(paul).get(reverse("download_document", args=[report.pk]))

    logs = list(DownloadLog.objects.order_by("downloaded_at", "pk"))
    assert [(log.user, log.document, log.version) for log in logs] == [
        (paul, kit, "1"),
        (paul, kit, "1"),
        (alice, report, report.version),
        (sam, kit, "1"),
    ]
    assert report.version  # the content hash's start, when the kind has no version
    assert all(before <= log.downloaded_at <= timezone.now() for log in logs)


def test_the_download_is_named_after_its_source(library, sam, login):
    response = login(sam).get(reverse("download_document", args=[library["published kit"].pk]))
    content(response)
    assert response["Content-Disposition"] == (
        'attachment; filename="kit-garage-solidaire-essaime-v1.pdf"'
    )
    response = login(sam).get(reverse("download_document", args=[library["alice's report"].pk]))
    content(response)
    assert 'filename="rapport-de-preuve-garage-solidaire.pdf"' in response["Content-Disposition"]


# The document's page


def polls(html):
    status = re.search(r'<div id="document-status"[^>]*>', html).group(0)
    return 'hx-trigger="every 1s"' in status and "hx-get=" in status


@pytest.mark.parametrize(
    "state, shown",
    [
        (DocumentState.REQUESTED, "Document demandé : il sera prêt dans quelques instants…"),
        (DocumentState.RENDERING, "Mise en page du document…"),
    ],
)
def test_the_page_shows_progress_while_the_document_is_prepared(
    evaluated, sam, login, django_capture_on_commit_callbacks, state, shown
):
    document, _callbacks = ask(
        "evidence_report", evaluated, sam, django_capture_on_commit_callbacks
    )
    Document.objects.filter(pk=document.pk).update(state=state, started_at=timezone.now())
    client = login(sam)
    download = reverse("download_document", args=[document.pk])

    page = page_of(client.get(reverse("document", args=[document.pk])))
    assert shown in page and "<progress" in page
    assert polls(page)
    assert reverse("document_status", args=[document.pk]) in page
    assert download not in page

    fragment = client.get(reverse("document_status", args=[document.pk]))
    assert fragment.status_code == 200  # htmx keeps polling
    assert shown in page_of(fragment) and polls(page_of(fragment))
    assert "<html" not in page_of(fragment)
    assert client.get(download).status_code == 404


def test_the_page_shows_the_download_link_once_ready(
    evaluated, sam, login, django_capture_on_commit_callbacks
):
    document = ready("evidence_report", evaluated, sam, django_capture_on_commit_callbacks)
    client = login(sam)
    download = reverse("download_document", args=[document.pk])

    page = page_of(client.get(reverse("document", args=[document.pk])))
    assert f'href="{download}"' in page and "Télécharger le PDF" in page
    assert f"Le document est prêt : {document.pages} pages" in page
    assert not polls(page)

    fragment = client.get(reverse("document_status", args=[document.pk]))
    assert fragment.status_code == 286  # htmx stops polling
    assert f'href="{download}"' in page_of(fragment)


def test_asking_for_a_ready_document_leads_to_it(
    evaluated, sam, login, django_capture_on_commit_callbacks
):
    document = ready("evidence_report", evaluated, sam, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks() as callbacks:
        response = login(sam).post(
            reverse("request_document", args=["evidence_report", evaluated.pk]), follow=True
        )
    assert response.redirect_chain == [(reverse("document", args=[document.pk]), 302)]
    assert "Ce document est à jour : le voici." in page_of(response)
    assert callbacks == []


def test_a_failed_document_shows_its_error_and_can_be_tried_again(
    evaluated, sam, login, django_capture_on_commit_callbacks
):
    document, _callbacks = ask(
        "evidence_report", evaluated, sam, django_capture_on_commit_callbacks
    )
    rendering.document_fail(document_id=document.pk, error="Police introuvable.")
    client = login(sam)

    page = page_of(client.get(reverse("document", args=[document.pk])))
    assert "La préparation du document a échoué." in page and "Police introuvable." in page
    assert "Réessayer" in page
    assert not polls(page)
    retry = reverse("request_document", args=["evidence_report", evaluated.pk])
    assert f'action="{retry}"' in page
    assert client.get(reverse("document_status", args=[document.pk])).status_code == 286

    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(retry)
    assert response.url == reverse("document", args=[document.pk])
    assert len(callbacks) == 1  # queued again
    document.refresh_from_db()
    assert (document.state, document.error) == (DocumentState.REQUESTED, "")
    assert polls(page_of(client.get(reverse("document", args=[document.pk]))))

    assert rendered(document).state == DocumentState.READY
    assert Document.objects.count() == 1


def test_a_document_that_fails_while_watched_offers_to_try_again(
    evaluated, sam, login, django_capture_on_commit_callbacks
):
    """The page polls its status fragment; when the render fails, the fragment that replaces
    the progress is all the visitor sees: it must offer "Réessayer" too."""
    document, _callbacks = ask(
        "evidence_report", evaluated, sam, django_capture_on_commit_callbacks
    )
    client = login(sam)
    assert polls(page_of(client.get(reverse("document", args=[document.pk]))))
    rendering.document_fail(document_id=document.pk, error="Police introuvable.")

    fragment = client.get(reverse("document_status", args=[document.pk]))
    assert fragment.status_code == 286
    assert "Police introuvable." in page_of(fragment)
    retry = reverse("request_document", args=["evidence_report", evaluated.pk])
    assert f'action="{retry}"' in page_of(fragment) and "Réessayer" in page_of(fragment)


# The task: transient errors retried with backoff, the others recorded


def test_the_render_task_retries_transient_errors_with_backoff():
    task = render_document
    assert task.name == "documents.tasks.render_document"
    assert {OperationalError, InterfaceError, ConnectionError, TimeoutError} <= set(
        task.autoretry_for
    )
    assert task.retry_backoff and task.retry_backoff_max == 300 and task.retry_jitter
    assert task.max_retries == 5
    assert task.acks_late and task.reject_on_worker_lost
    assert task.soft_time_limit == settings.DOCUMENT_TIME_LIMIT
    assert task.time_limit > task.soft_time_limit
    route = render_document.app.amqp.router.route({}, task.name)
    assert route["queue"].name == "pdf"


@pytest.fixture
def retries(monkeypatch):
    """The countdowns of the task's retries. The task and its retries run in place, one
    after the other (no countdown), as a worker would run them; its errors are kept in its
    result rather than raised, or the first retry would stop the run."""
    monkeypatch.setitem(render_document.app.conf, "task_eager_propagates", False)
    countdowns = []
    retry = render_document.retry

    def spy(*args, **kwargs):
        countdowns.append(kwargs.get("countdown"))
        return retry(*args, **kwargs)

    monkeypatch.setattr(render_document, "retry", spy)
    return countdowns


def test_a_transient_error_is_retried(
    evaluated, sam, monkeypatch, retries, django_capture_on_commit_callbacks
):
    document, _callbacks = ask(
        "evidence_report", evaluated, sam, django_capture_on_commit_callbacks
    )
    outcomes = [OperationalError("the server closed the connection unexpectedly")]
    html_to_pdf = pdf.html_to_pdf

    def flaky(html):
        if outcomes:
            raise outcomes.pop()
        return html_to_pdf(html)

    monkeypatch.setattr(pdf, "html_to_pdf", flaky)
    result = render_document.apply(args=[document.pk])

    assert result.successful()
    document.refresh_from_db()
    assert document.state == DocumentState.READY
    assert document.attempts == 2
    assert len(retries) == 1 and 0 <= retries[0] <= 1  # backoff: 1 s at most, with jitter


def test_a_lasting_transient_error_fails_after_the_last_retry(
    evaluated, sam, monkeypatch, retries, django_capture_on_commit_callbacks
):
    document, _callbacks = ask(
        "evidence_report", evaluated, sam, django_capture_on_commit_callbacks
    )

    def down(html):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(pdf, "html_to_pdf", down)
    result = render_document.apply(args=[document.pk])

    assert result.failed() and isinstance(result.result, OperationalError)

    document.refresh_from_db()
    assert document.state == DocumentState.FAILED
    assert document.error == "Service indisponible."
    assert document.attempts == 1 + render_document.max_retries
    # Exponential backoff, with full jitter: at most 1, 2, 4, 8, 16 seconds.
    assert len(retries) == render_document.max_retries + 1  # the last one gives up
    assert all(0 <= countdown <= 2**n for n, countdown in enumerate(retries))


def test_another_error_marks_the_document_failed_and_keeps_the_error(
    evaluated, sam, monkeypatch, retries, django_capture_on_commit_callbacks
):
    document, _callbacks = ask(
        "evidence_report", evaluated, sam, django_capture_on_commit_callbacks
    )

    def broken(html):
        raise ValueError("Gabarit illisible : balise <table> non fermée")

    monkeypatch.setattr(pdf, "html_to_pdf", broken)
    result = render_document.apply(args=[document.pk])

    assert result.failed() and isinstance(result.result, ValueError)

    document.refresh_from_db()
    assert document.state == DocumentState.FAILED
    assert "Gabarit illisible : balise <table> non fermée" in document.error
    assert document.attempts == 1
    assert retries == []
    assert not document.file


def test_a_document_that_downed_the_worker_at_each_try_is_not_tried_forever(
    evaluated, sam, django_capture_on_commit_callbacks
):
    document, _callbacks = ask(
        "evidence_report", evaluated, sam, django_capture_on_commit_callbacks
    )
    Document.objects.filter(pk=document.pk).update(
        state=DocumentState.RENDERING, attempts=rendering.MAX_ATTEMPTS
    )

    assert rendering.document_render(document_id=document.pk) is None

    document.refresh_from_db()
    assert document.state == DocumentState.FAILED
    assert document.error == rendering.TOO_MANY_ATTEMPTS % rendering.MAX_ATTEMPTS
    assert rendering.documents_recover(older_than=datetime.timedelta(0)) == []
