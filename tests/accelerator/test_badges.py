"""The state badges: one map (accelerator/badges.py), the CSS the script writes from it, a badge
for every state of every machine, and text that can be read on its background."""

import importlib.util
import re
from pathlib import Path

from django.conf import settings

from accelerator.badges import FAMILIES, contrast
from evaluations.models import State
from initiatives.models import Stage
from swarming.models import KitState, PlanState, ReplicationState

ROOT = Path(settings.BASE_DIR)
MACHINES = {"stage": [Stage], "state": [State, KitState, ReplicationState, PlanState]}


def build_badge_css():
    spec = importlib.util.spec_from_file_location(
        "build_badge_css", ROOT / "scripts" / "build_badge_css.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_committed_css_is_what_the_script_writes():
    script = build_badge_css()
    committed = (ROOT / "static" / "css" / "components" / "badges.css").read_text()
    assert committed == script.render(), (
        "static/css/components/badges.css is out of date: run "
        "`uv run python scripts/build_badge_css.py`"
    )


def test_every_state_of_every_machine_has_its_badge_and_no_other():
    css = (ROOT / "static" / "css" / "components" / "badges.css").read_text()
    families = {family.css_class: family for family in FAMILIES}
    assert set(families) == set(MACHINES)
    for name, machines in MACHINES.items():
        states = {value for machine in machines for value in machine.values}
        assert set(families[name].badges) == states, name
        for state in states:
            assert re.search(rf"^  \.{name}--{state}(,| \{{)$", css, re.MULTILINE), state


def test_every_badge_text_is_readable_on_its_background():
    for family in FAMILIES:
        for state, badge in [("", family.default), *family.badges.items()]:
            text, background = badge.colours()
            assert contrast(text, background) >= 4.5, (family.css_class, state)
