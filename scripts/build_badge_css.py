"""Write static/css/components/badges.css, the state badges, from accelerator/badges.py.

One map gives every state of every machine its tone, look and mark; this script turns it
into CSS: each family's base rules (shape, the mark before the label), then one rule per
look, the states that look alike sharing it. tests/accelerator/test_badges.py fails when the
committed file is not what this script writes.

Rerun after changing the map (from the project root):

    uv run python scripts/build_badge_css.py

Option: --check (write nothing; exit 1 if the committed file is out of date).
"""

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from accelerator.badges import FAMILIES, TONES, Badge, contrast  # noqa: E402

OUTPUT = ROOT / "static" / "css" / "components" / "badges.css"

HEADER = """\
/*
 * Composant — badges d'état : étapes de l'initiative (.stage), états des évaluations, kits,
 * réplications et plans (.state).
 *
 * Généré par scripts/build_badge_css.py depuis accelerator/badges.py : ne pas modifier à la
 * main. Chaque état a sa couleur, toujours accompagnée de son libellé ; la bordure et le
 * symbole devant le libellé disent aussi l'état sans la couleur.
 */"""

# Per family: what the comment says, the base rule, the mark of every badge, and the marks
# a state can have instead.
INTRO = {
    "stage": [
        "Étape de l'initiative : une pastille ronde et un point ; brouillon : un anneau vide,",
        "bordure pointillée ; retirée : pointillés sur fond blanc ; changement d'échelle et",
        "archive : pleins.",
    ],
    "state": [
        "État d'une évaluation, d'un kit, d'une réplication ou d'un plan : la même famille que",
        "les étapes (petit badge gras, bordure et texte de la même couleur), mais coins carrés",
        "— les pastilles rondes restent aux étapes — et un petit camembert d'avancement :",
        "○ 0 %, ◔ 25 %, ◑ 50 %, ◕ 75 %, ● 100 % ; ⊘ annulé ou abandonné (pointillés) ;",
        "⊖ retiré. Les noms partagés (draft pour le kit et le plan, in_progress pour le plan",
        "et l'évaluation) gardent un seul style, qui dit la même chose partout.",
    ],
}

BASE = {
    "stage": [
        "display: inline-flex",
        "align-items: center",
        "gap: 0.4em",
        "padding: 0.15rem 0.6rem",
        "border: 1px solid currentColor",
        "border-radius: 999px",
        "font-size: 0.8125rem",
        "font-weight: 700",
        "line-height: 1.4",
        "white-space: nowrap",
    ],
    "state": [
        "--state-progress: 0%",
        "display: inline-flex",
        "align-items: center",
        "gap: 0.45em",
        "padding: 0.15rem 0.55rem 0.15rem 0.45rem",
        "border: 1px solid currentColor",
        "border-radius: var(--radius)",
        "font-size: 0.8125rem",
        "font-weight: 700",
        "line-height: 1.4",
        "white-space: nowrap",
        "vertical-align: middle",
    ],
}

BEFORE = {
    "stage": [
        'content: ""',
        "width: 0.5em",
        "height: 0.5em",
        "border-radius: 50%",
        "background: currentColor",
        "flex: none",
    ],
    "state": [
        'content: ""',
        "flex: none",
        "width: 0.8em",
        "height: 0.8em",
        "border: 1.5px solid currentColor",
        "border-radius: 50%",
        "background: conic-gradient(currentColor var(--state-progress), transparent 0)",
    ],
}

STRUCK = (
    "linear-gradient(135deg, transparent calc(50% - 0.75px), currentColor calc(50% - 0.75px) "
    "calc(50% + 0.75px), transparent calc(50% + 0.75px))"
)
MARKS = {
    ("stage", "ring"): ["background: transparent", "box-shadow: inset 0 0 0 1.5px currentColor"],
    ("state", "struck"): [f"background: {STRUCK}"],
    ("state", "minus"): [
        "background: linear-gradient(#fff, #fff) center / 62% 1.5px no-repeat, currentColor"
    ],
}


def colours(badge: Badge):
    return [f"color: {badge.colours()[0]}", f"background: {badge.colours()[1]}"]


def declarations(family, badge: Badge):
    """The declarations of a state's rule, in the order they are written."""
    lines = []
    if family.css_class == "state" and badge.progress:
        lines.append(f"--state-progress: {badge.progress}%")
    lines += colours(badge)
    if badge.look in ("dashed", "outline"):
        lines.append("border-style: dashed")
    if badge.look == "solid":
        lines.append(f"border-color: {TONES[badge.tone][0]}")
    return lines


def rule(selectors, lines):
    head = ",\n".join(f"  {selector}" for selector in selectors)
    body = "".join(f"    {line};\n" for line in lines)
    return f"{head} {{\n{body}  }}\n"


def grouped(items):
    """[(key, value)] -> [(value, [keys])], keys with equal values together, in first order."""
    groups = {}
    for key, value in items:
        groups.setdefault(tuple(value), []).append(key)
    return list(groups.items())


def contrast_table(family):
    rows = []
    width = max(len(state) for state in family.badges)
    for state, badge in family.badges.items():
        text, background = badge.colours()
        ratio = contrast(text, background)
        note = {"dashed": " (pointillés)", "outline": " (pointillés)"}.get(badge.look, "")
        rows.append(
            f" *   {state:<{width}}  {text:<7} / {background:<7}  {ratio:4.1f}:1{note}".rstrip()
        )
    return rows


def render():
    out = [HEADER, "", "@layer components {"]
    for family in FAMILIES:
        name = family.css_class
        comment = ["  /*"]
        comment += [f"   * {line}" for line in INTRO[name]]
        comment += ["   * Paires texte / fond (contraste WCAG) :"]
        comment += ["  " + row for row in contrast_table(family)]
        comment += ["   */"]
        out.append("\n".join(comment))
        out.append(rule([f".{name}"], BASE[name] + colours(family.default)).rstrip())
        out.append("")
        out.append(rule([f".{name}::before"], BEFORE[name]).rstrip())
        for lines, states in grouped(
            (state, declarations(family, badge)) for state, badge in family.badges.items()
        ):
            out.append("")
            out.append(rule([f".{name}--{state}" for state in states], lines).rstrip())
        marks = [(state, badge.mark) for state, badge in family.badges.items() if badge.mark]
        for mark, states in grouped((state, [m]) for state, m in marks):
            out.append("")
            selectors = [f".{name}--{state}::before" for state in states]
            out.append(rule(selectors, MARKS[(name, mark[0])]).rstrip())
        out.append("")
    out[-1] = "}"
    return "\n".join(out) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the file is stale")
    args = parser.parse_args()
    css = render()
    if args.check:
        if OUTPUT.read_text() != css:
            print(f"{OUTPUT.relative_to(ROOT)} is out of date: run {Path(__file__).name}")
            sys.exit(1)
        return
    OUTPUT.write_text(css)
    print(f"wrote {OUTPUT.relative_to(ROOT)} ({len(css.splitlines())} lines)")


if __name__ == "__main__":
    main()
