"""The catalogue as downloadable files: /ce-qui-marche/export.csv and export.json.

Both hold the API's initiatives (the same serializer, hence the same public fields) for the
same filters, unpaginated. They are the French open-data files: French headers and labels
whatever the visitor's language, so that a script reading them does not break. The CSV is
UTF-8 with a byte order mark and `;` between fields, as a French Excel opens it with a
double click (a `,` there is the decimal separator); a list (themes, territories) is one
field, its items separated by " | ". A text that a spreadsheet would take for a formula
(starting with = + - @) is prefixed with an apostrophe.
"""

import csv
import io

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone, translation
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.views import APIView

from . import public
from .caching import answer_key, cached, conditional, json_bytes
from .filters import InitiativeFilter, ordered
from .serializers import InitiativeSerializer

LIST_SEPARATOR = " | "

# (header, how to read the cell from a serialized initiative), in InitiativeSerializer's order.
COLUMNS = [
    ("Identifiant", lambda row: row["id"]),
    ("Titre", lambda row: row["title"]),
    ("Page publique", lambda row: row["url"]),
    ("Code du niveau de diffusion", lambda row: row["level"]),
    ("Niveau de diffusion", lambda row: row["level_label"]),
    ("Étape", lambda row: row["stage_label"]),
    ("Résumé", lambda row: row["summary"]),
    ("Problème traité", lambda row: row["problem"]),
    ("Thématiques", lambda row: _names(row["themes"])),
    ("Publics cibles", lambda row: _names(row["target_publics"])),
    ("Territoires", lambda row: _territories(row["territories"])),
    ("Structure porteuse", lambda row: row["carrier"] or ""),
    ("Niveau de preuve (Nesta)", lambda row: row["evidence_level"]),
    ("Fondée sur la preuve", lambda row: "oui" if row["evidence_based"] else "non"),
    ("Réplications : structures", lambda row: row["replications"]["organisations"]),
    ("Réplications : départements", lambda row: row["replications"]["departments"]),
    ("Mise à jour le", lambda row: row["updated_on"]),
]
HEADERS = [header for header, _read in COLUMNS]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _names(items):
    return LIST_SEPARATOR.join(item["name"] for item in items)


def _territories(items):
    return LIST_SEPARATOR.join(
        f"{item['name']} ({item['code']})" if item["kind"] == "department" else item["name"]
        for item in items
    )


def _cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def to_csv(rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADERS)
    for row in rows:
        writer.writerow([_cell(read(row)) for _header, read in COLUMNS])
    return buffer.getvalue().encode("utf-8-sig")


def to_json(rows) -> bytes:
    return json_bytes({"count": len(rows), "results": rows})


class AnyAccept(BaseContentNegotiation):
    """A download is what it is, whatever the client's Accept header asks."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


@extend_schema(exclude=True)
class CatalogueExport(APIView):
    """The filtered catalogue as a file; throttled and cached like the API."""

    content_negotiation_class = AnyAccept
    http_method_names = ["get", "head"]
    extension = ""
    content_type = ""
    write = None

    def get(self, request):
        etag, content = cached(
            answer_key(request, "export", self.extension), self._build, content=bytes
        )
        response = HttpResponse(content, content_type=self.content_type)
        day = timezone.localdate().isoformat()
        response["Content-Disposition"] = (
            f'attachment; filename="essaim-ce-qui-marche-{day}.{self.extension}"'
        )
        return conditional(request, response, etag)

    def _build(self) -> bytes:
        filterset = InitiativeFilter(
            self.request.query_params, queryset=public.initiatives(), request=self.request
        )
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        with translation.override(settings.LANGUAGE_CODE):
            rows = InitiativeSerializer(
                ordered(filterset.qs), many=True, context={"request": self.request}
            ).data
            return self.write(rows)


class CatalogueCSV(CatalogueExport):
    extension = "csv"
    content_type = "text/csv; charset=utf-8"
    write = staticmethod(to_csv)


class CatalogueJSON(CatalogueExport):
    extension = "json"
    content_type = "application/json; charset=utf-8"
    write = staticmethod(to_json)


catalogue_csv = CatalogueCSV.as_view()
catalogue_json = CatalogueJSON.as_view()
