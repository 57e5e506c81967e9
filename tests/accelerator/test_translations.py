"""The English catalogue: every message translated, none fuzzy, the .mo compiled from the
current .po, and English actually served once a visitor picks it."""

import ast
import gettext
import re
from html import unescape
from pathlib import Path

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from initiatives.models import Stage

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]")


def parse_po(path):
    """The catalogue's live entries: dicts of msgctxt, msgid, msgid_plural, msgstr (a list,
    one item per plural form) and flags. Obsolete (#~) entries are left out."""
    entries = []
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
        lines = [line for line in block.splitlines() if line.strip()]
        entry = {"msgctxt": None, "msgid_plural": None, "msgstr": {}, "flags": set()}
        field = None
        for line in lines:
            if line.startswith("#,"):
                entry["flags"].update(flag.strip() for flag in line[2:].split(","))
            elif line.startswith("#"):  # comments, references, obsolete (#~) entries
                continue
            elif line.startswith('"'):
                value = ast.literal_eval(line)
                if isinstance(field, int):
                    entry["msgstr"][field] += value
                else:
                    entry[field] += value
            else:
                keyword, rest = line.split(" ", 1)
                value = ast.literal_eval(rest)
                plural = re.fullmatch(r"msgstr\[(\d+)\]", keyword)
                if plural:
                    field = int(plural.group(1))
                    entry["msgstr"][field] = value
                elif keyword == "msgstr":
                    field = 0
                    entry["msgstr"][0] = value
                else:
                    field = keyword
                    entry[field] = value
        if "msgid" in entry:
            entry["msgstr"] = [entry["msgstr"][i] for i in sorted(entry["msgstr"])]
            entries.append(entry)
    return entries


def label(entry):
    context = f"[{entry['msgctxt']}] " if entry["msgctxt"] else ""
    return context + entry["msgid"]


@pytest.fixture(scope="module")
def entries():
    assert PO.exists(), "run makemessages -l en, then translate the catalogue"
    parsed = parse_po(PO)
    assert parsed and parsed[0]["msgid"] == "", "the catalogue must start with its header"
    return parsed


@pytest.fixture(scope="module")
def messages(entries):
    return entries[1:]


def test_the_header_declares_english_in_utf8_with_two_plural_forms(entries):
    header = entries[0]["msgstr"][0]
    assert "Language: en\n" in header
    assert "charset=UTF-8" in header
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in header
    assert "fuzzy" not in entries[0]["flags"]


def test_every_message_is_translated(messages):
    untranslated = [label(e) for e in messages if not all(s.strip() for s in e["msgstr"])]
    assert not untranslated, "untranslated:\n" + "\n".join(untranslated)


def test_no_translation_is_fuzzy(messages):
    fuzzy = [label(e) for e in messages if "fuzzy" in e["flags"]]
    assert not fuzzy, "fuzzy:\n" + "\n".join(fuzzy)


def test_plural_messages_have_both_english_forms(messages):
    for entry in messages:
        if entry["msgid_plural"] is not None:
            assert len(entry["msgstr"]) == 2, label(entry)


def test_translations_keep_their_placeholders(messages):
    wrong = []
    for entry in messages:
        expected = set(PLACEHOLDER.findall(entry["msgid"] + (entry["msgid_plural"] or "")))
        for translated in entry["msgstr"]:
            if set(PLACEHOLDER.findall(translated)) != expected:
                wrong.append(f"{label(entry)} -> {translated}")
    assert not wrong, "placeholders changed:\n" + "\n".join(wrong)


def test_the_mo_file_is_compiled_from_the_current_po(messages):
    """compilemessages was run after the last edit: the .mo holds exactly the .po's
    translations (a message added or changed without recompiling shows up here)."""
    assert MO.exists(), "run compilemessages"
    with MO.open("rb") as file:
        compiled = gettext.GNUTranslations(file)._catalog
    expected = {}
    for entry in messages:
        key = f"{entry['msgctxt']}\x04{entry['msgid']}" if entry["msgctxt"] else entry["msgid"]
        if entry["msgid_plural"] is None:
            expected[key] = entry["msgstr"][0]
        else:
            for index, translated in enumerate(entry["msgstr"]):
                expected[(key, index)] = translated
    compiled = {key: value for key, value in compiled.items() if key != ""}
    assert compiled == expected


def test_stage_labels_are_translated():
    with translation.override("en"):
        assert str(Stage.SUBMITTED.label) == "Submitted"
        assert str(Stage.IDENTIFIED.label) == "Identified"
        assert str(Stage.SCALING.label) == "Scaling up"
    with translation.override("fr"):
        assert str(Stage.SUBMITTED.label) == "Soumise"


@pytest.mark.django_db
def test_a_visitor_who_picks_english_gets_the_home_page_in_english(client):
    home = reverse("home")
    french = unescape(client.get(home).content.decode())
    assert '<html lang="fr">' in french
    assert "Accélérateur d'innovation sociale" in french

    response = client.post(reverse("set_language"), {"language": "en", "next": home})
    assert response.status_code == 302

    english = unescape(client.get(home).content.decode())
    assert '<html lang="en">' in english
    assert "Social innovation accelerator" in english
    assert "What works against long-term unemployment" in english
    assert "Submit an initiative" in english
    assert "Accélérateur d'innovation sociale" not in english


def test_zero_is_singular_in_french():
    """The French catalogue carries French plural rules: "0 initiative", "2 initiatives"."""
    template = Template(
        "{% load i18n %}{% blocktranslate count counter=n %}{{ counter }} initiative"
        "{% plural %}{{ counter }} initiatives{% endblocktranslate %}"
    )
    with translation.override("fr"):
        said = [template.render(Context({"n": n})) for n in (0, 1, 2)]
    assert said == ["0 initiative", "1 initiative", "2 initiatives"]
