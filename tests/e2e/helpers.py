"""What the browser tests share: finding fields and actions as a person would, logging in,
reading a state's history, and a small valid PDF to upload."""

import re

from django.contrib.contenttypes.models import ContentType
from django_fsm_log.models import StateLog

from ..factories import PASSWORD


def field(scope, label):
    """The form field labelled `label` exactly; required fields add an aria-hidden " *"."""
    return scope.get_by_label(re.compile(rf"^{re.escape(label)}( \*)?$"))


def summary(page, label):
    """The <summary> that opens the action `label` (and no other whose label contains it)."""
    return page.locator("summary", has_text=re.compile(rf"^\s*{re.escape(label)}\s*$"))


def log_in(page, email, password=PASSWORD):
    page.goto("/connexion/")
    page.get_by_label("Adresse e-mail").fill(email)
    field(page, "Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()


def nav(page):
    return page.get_by_role("navigation", name="Navigation principale")


def logs_of(instance):
    """Its state changes: from, to, by whom, and the text given (none: "")."""
    return [
        (log.source_state, log.state, log.by, log.description or "")
        for log in StateLog.objects.filter(
            content_type=ContentType.objects.get_for_model(type(instance)), object_id=instance.pk
        ).order_by("timestamp", "pk")
    ]


def one_page_pdf(text: str) -> bytes:
    """A small valid one-page PDF showing `text` (ASCII), its cross-reference table computed."""
    stream = b"BT /F1 18 Tf 72 770 Td (" + text.encode("ascii") + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream) + 1, stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    body = b"%PDF-1.4\n"
    offsets = []
    for number, content in enumerate(objects, start=1):
        offsets.append(len(body))
        body += b"%d 0 obj\n%s\nendobj\n" % (number, content)
    xref = len(body)
    body += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    body += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    body += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return body
