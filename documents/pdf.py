"""HTML templates to PDF bytes with WeasyPrint, reading nothing but the project's static files.

The URL fetcher serves fonts, stylesheets and images from the static files (the finders in
development, STATIC_ROOT once collected) and refuses everything else: the network, `file:`
paths outside the static root, any other scheme. The fonts are shipped under static/fonts,
so the output is the same on every machine.
"""

import hashlib
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

STATIC_SCHEME = "static"


class RefusedURL(ValueError):
    """A document asked for something other than a static file of the project."""


def _static_roots():
    roots = [Path(settings.STATIC_ROOT)]
    roots += [Path(p) for p in settings.STATICFILES_DIRS]
    return [root.resolve() for root in roots]


def _within_static(path: Path) -> bool:
    path = path.resolve()
    return any(path.is_relative_to(root) for root in _static_roots() if root.exists())


def _static_path(name: str) -> Path:
    name = name.lstrip("/")
    if name.startswith(settings.STATIC_URL.lstrip("/")):
        name = name[len(settings.STATIC_URL.lstrip("/")) :]
    if ".." in Path(name).parts:
        raise RefusedURL(f"Refused static path {name!r}.")
    found = finders.find(name)
    path = Path(found) if found else Path(settings.STATIC_ROOT) / name
    if not path.is_file() or not _within_static(path):
        raise RefusedURL(f"No static file {name!r}.")
    return path


def resolve(url: str) -> Path:
    """The static file `url` names. Raises RefusedURL for anything else."""
    parts = urlsplit(url)
    if parts.scheme in (STATIC_SCHEME, ""):  # relative references are static files
        return _static_path(unquote(parts.netloc + parts.path))
    if parts.scheme == "file":
        path = Path(unquote(parts.path))
        if not path.is_file() or not _within_static(path):
            raise RefusedURL(f"Refused file outside the static root: {url!r}.")
        return path
    raise RefusedURL(f"Refused URL {url!r}: documents read static files only.")


def _fetcher():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFilesOnly(URLFetcher):
        """WeasyPrint's fetcher, reading static files and nothing else."""

        def fetch(self, url, headers=None):
            path = resolve(url)
            mime_type, _encoding = mimetypes.guess_type(path.name)
            return URLFetcherResponse(
                url,
                body=path.read_bytes(),
                headers={"Content-Type": mime_type or "application/octet-stream"},
            )

    return StaticFilesOnly()


def render_html(template_name: str, context: dict) -> str:
    return render_to_string(template_name, context)


def html_to_pdf(html: str) -> tuple[bytes, int]:
    """The PDF bytes of `html` and its number of pages; relative URLs are static files."""
    from weasyprint import HTML  # heavy: imported where documents are made

    document = HTML(string=html, base_url=f"{STATIC_SCHEME}:/", url_fetcher=_fetcher()).render()
    return document.write_pdf(), len(document.pages)


def content_hash(html: str) -> str:
    """What identifies a document's content: the HTML it is made from."""
    return hashlib.sha256(html.encode()).hexdigest()
