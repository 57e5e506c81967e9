"""The stylesheets: each file in its cascade layer, linked by base.html in the layers' order,
and listed in the table of contents (static/css/README.md)."""

import re
from pathlib import Path

from django.conf import settings

CSS = Path(settings.BASE_DIR) / "static" / "css"
BASE_HTML = Path(settings.BASE_DIR) / "templates" / "base.html"
LAYERS = ["tokens", "base", "components", "pages"]
ORDER = "@layer tokens, base, components, pages;"
# WeasyPrint's stylesheet for the PDFs: not a page's, not layered.
NOT_LAYERED = {"pdf.css"}


def layered_files():
    return sorted(
        path.relative_to(CSS).as_posix()
        for path in CSS.rglob("*.css")
        if path.relative_to(CSS).as_posix() not in NOT_LAYERED
    )


def linked_files():
    return re.findall(
        r"""<link rel="stylesheet" href="\{% static 'css/([^']+)' %\}">""", BASE_HTML.read_text()
    )


def layer_of(name):
    return "tokens" if name == "tokens.css" else name.split("/")[0]


def without_comments(text):
    return re.sub(r"/\*.*?\*/", "", text, flags=re.DOTALL)


def test_base_html_links_every_file_once_in_the_order_of_the_layers():
    linked = linked_files()
    assert sorted(linked) == layered_files()
    assert len(linked) == len(set(linked))
    assert linked[0] == "tokens.css"
    ranks = [LAYERS.index(layer_of(name)) for name in linked]
    assert ranks == sorted(ranks)


def test_tokens_css_declares_the_order_of_the_layers_first():
    assert without_comments((CSS / "tokens.css").read_text()).lstrip().startswith(ORDER)
    for name in layered_files():
        if name != "tokens.css":
            assert "@layer tokens," not in without_comments((CSS / name).read_text()), name


def test_each_file_is_one_block_of_the_layer_of_its_folder():
    for name in layered_files():
        text = without_comments((CSS / name).read_text()).strip()
        if name == "tokens.css":
            text = text.removeprefix(ORDER).lstrip()
        assert text.startswith(f"@layer {layer_of(name)} {{"), name
        assert text.endswith("}"), name
        # One block: its closing brace is the last character.
        depth = 0
        for position, character in enumerate(text):
            depth += {"{": 1, "}": -1}.get(character, 0)
            if depth == 0 and character == "}":
                assert position == len(text) - 1, name
                break


def test_the_table_of_contents_lists_every_file_and_no_other():
    listed = re.findall(r"^\| `([^`]+\.css)` \|", (CSS / "README.md").read_text(), re.MULTILINE)
    assert sorted(listed) == layered_files()
    # In the order base.html links them.
    assert listed == linked_files()
