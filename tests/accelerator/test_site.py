"""Site-wide details, from the outside: the favicon, and how dates and file sizes read in
French and in English."""

from datetime import date, datetime
from xml.etree import ElementTree
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.templatetags.static import static
from django.test import Client
from django.urls import reverse
from django.utils import translation

FAVICON = "img/favicon.svg"


def test_every_page_links_the_svg_favicon(db):
    html = Client().get(reverse("login")).content.decode()
    assert f'<link rel="icon" href="{static(FAVICON)}" type="image/svg+xml">' in html


def test_favicon_ico_redirects_for_good_to_the_svg_which_is_served(db, settings):
    settings.WHITENOISE_USE_FINDERS = True  # no collectstatic here: serve static/ itself
    client = Client()
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == static(FAVICON)

    served = client.get(response["Location"])
    assert served.status_code == 200
    assert served["Content-Type"].startswith("image/svg+xml")
    svg = b"".join(served.streaming_content).decode()
    assert svg.startswith("<svg") and "#1f3a8a" in svg  # the primary colour
    # Well-formed XML, or browsers show nothing (a "--" in a comment is enough to break it).
    assert ElementTree.fromstring(svg).tag == "{http://www.w3.org/2000/svg}svg"


def render(text, **context):
    return Template("{% load essaim %}" + text).render(Context(context))


PARIS = ZoneInfo("Europe/Paris")


@pytest.mark.parametrize(
    ("language", "value", "expected"),
    [
        ("fr", date(2026, 4, 1), "1er avril 2026"),
        ("fr", date(2026, 4, 2), "2 avril 2026"),
        ("fr", date(2026, 10, 28), "28 octobre 2026"),
        # Midnight in Paris is still 31 March in UTC: the local day counts.
        ("fr", datetime(2026, 4, 1, 0, 30, tzinfo=PARIS), "1er avril 2026"),
        ("en", date(2026, 4, 1), "April 1, 2026"),
        ("fr", None, ""),
    ],
)
def test_a_date_in_a_sentence_is_written_in_words(language, value, expected):
    with translation.override(language):
        assert render("{{ value|prose_date }}", value=value) == expected


@pytest.mark.parametrize(
    ("language", "expected"), [("fr", "30/07/2026 · 03/06/2026"), ("en", "07/30/2026 · 06/03/2026")]
)
def test_a_date_in_a_table_is_short_and_tells_june_from_july(language, expected):
    with translation.override(language):
        text = render(
            '{{ july|date:"SHORT_DATE_FORMAT" }} · {{ june|date:"SHORT_DATE_FORMAT" }}',
            july=date(2026, 7, 30),
            june=date(2026, 6, 3),
        )
    assert text == expected


@pytest.mark.parametrize(
    ("language", "size", "expected"),
    [
        ("fr", 500, "500\xa0octets"),
        ("fr", 12_400, "12,1\xa0Ko"),
        ("fr", 3_400_000, "3,2\xa0Mo"),
        ("en", 12_400, "12.1\xa0KB"),
    ],
)
def test_file_sizes_use_the_units_french_readers_know(language, size, expected):
    with translation.override(language):
        assert render("{{ size|file_size }}", size=size) == expected
