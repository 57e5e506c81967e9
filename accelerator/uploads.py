"""Uploaded files: their type is read from their content, never from their name."""

import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

TOO_LARGE = _("Le fichier « %(name)s » pèse %(size)s : la limite est de %(limit)s.")
MEGABYTE = 1024 * 1024


def megabytes(size: int) -> str:
    """A size in Mo, rounded up to a tenth so that a file just over the limit says so."""
    tenths = -(-size * 10 // MEGABYTE)
    decimals = 0 if tenths % 10 == 0 else 1
    return _("%(size)s Mo") % {"size": number_format(tenths / 10, decimals)}


EMPTY_FILE = _("Le fichier « %(name)s » est vide.")
BAD_TYPE = _(
    "Le fichier « %(name)s » n'est pas accepté : seuls les formats %(formats)s le sont. Son "
    "contenu est vérifié, pas seulement son nom."
)


@dataclass(frozen=True)
class FileKind:
    label: str
    extension: str
    content_type: str


PDF = FileKind("PDF", "pdf", "application/pdf")
PNG = FileKind("PNG", "png", "image/png")
JPEG = FileKind("JPEG", "jpg", "image/jpeg")
DOCX = FileKind(
    "DOCX", "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
)
ODT = FileKind("ODT", "odt", "application/vnd.oasis.opendocument.text")
DOCUMENT_KINDS = (PDF, DOCX, ODT, PNG, JPEG)


def _zip_kind(upload) -> FileKind | None:
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if (
                "mimetype" in names
                and archive.read("mimetype").strip() == ODT.content_type.encode()
            ):
                return ODT
            if "[Content_Types].xml" in names and "word/document.xml" in names:
                return DOCX
    except (zipfile.BadZipFile, KeyError, OSError):
        return None
    return None


def sniff(upload) -> FileKind | None:
    """The kind of an uploaded file, read from its first bytes (and its zip index)."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    try:
        if head.startswith(b"%PDF-"):
            return PDF
        if head.startswith(b"\x89PNG\r\n\x1a\n"):
            return PNG
        if head.startswith(b"\xff\xd8\xff"):
            return JPEG
        if head.startswith(b"PK\x03\x04"):
            return _zip_kind(upload)
        return None
    finally:
        upload.seek(0)


def check_upload(upload, *, kinds=DOCUMENT_KINDS, max_bytes=None) -> FileKind:
    """The kind of `upload`, or a ValidationError in French saying what is wrong."""
    max_bytes = max_bytes or settings.ATTACHMENT_MAX_BYTES
    name = upload.name
    if upload.size == 0:
        raise ValidationError(EMPTY_FILE, code="empty", params={"name": name})
    if upload.size > max_bytes:
        raise ValidationError(
            TOO_LARGE,
            code="too_large",
            params={
                "name": name,
                "size": megabytes(upload.size),
                "limit": megabytes(max_bytes),
            },
        )
    kind = sniff(upload)
    if kind not in kinds:
        formats = ", ".join(kind.label for kind in kinds)
        raise ValidationError(BAD_TYPE, code="bad_type", params={"name": name, "formats": formats})
    return kind
