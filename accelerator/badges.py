"""The state badges: one map from every state of every machine to the look of its badge.

`scripts/build_badge_css.py` writes `static/css/components/badges.css` from it, and
`tests/accelerator/test_badges.py` checks that the committed file is what the script writes
and that every state of every machine has its badge. The templates draw a badge as
`<span class="stage stage--{{ initiative.stage }}">` (the initiative's stage, a pill with a
dot) or `<span class="state state--{{ x.state }}">` (the state of an evaluation, a transfer
kit, a replication or a scale-up plan, square corners and a progress pie).

This module imports nothing from the apps: the test reads the machines' states and checks
them against these maps.
"""

from dataclasses import dataclass

# A tone: its text colour and its soft background (None: the colour is only written on
# white, or used as a fill under white text).
TONES = {
    "ink": ("#3a3a3a", "#eeeeee"),
    "slate": ("#3f4a5a", "#f1f3f6"),
    "stone": ("#4b4f57", "#eeeeee"),
    "iron": ("#5b5f68", None),
    "blue": ("#0b4f8c", "#e3effb"),
    "info": ("#0b5394", "#e8f1fb"),
    "purple": ("#5a2f86", "#f0e8f8"),
    "amber": ("#8a4b00", "#fff1d6"),
    "ochre": ("#6b4e00", "#fbf1c7"),
    "green": ("#14652f", "#e1f3e6"),
    "teal": ("#00625d", "#ddf3f1"),
    "navy": ("#1f3a8a", None),
    "orange": ("#9a3d00", "#ffe6d5"),
    "red": ("#a3161b", "#fde4e4"),
}

WHITE = "#fff"

# How a badge wears its tone. The colour never speaks alone: the label is always written, and
# the border and the mark before the label tell a state that stopped or has not started.
LOOKS = (
    "soft",  # the tone's colour on its soft background
    "dashed",  # the same, with a dashed border: nothing decided yet (a draft)
    "outline",  # the tone's colour on white, with a dashed border: the state stopped
    "solid",  # white on the tone's colour: the last steps, or the archive
)

# Marks drawn before the label instead of the family's own (a dot, or a progress pie).
MARKS = (
    "ring",  # an empty ring instead of the dot (a draft)
    "struck",  # a struck-through circle (cancelled, abandoned)
    "minus",  # a full disc crossed by a white bar (withdrawn from use)
)


@dataclass(frozen=True)
class Badge:
    tone: str
    look: str = "soft"
    mark: str = ""
    # .state only: how much of the pie is filled, in percent (0: an empty circle).
    progress: int = 0

    def __post_init__(self):
        assert self.tone in TONES and self.look in LOOKS, self
        assert self.look in ("outline", "solid") or TONES[self.tone][1], self
        assert not self.mark or self.mark in MARKS, self
        assert 0 <= self.progress <= 100, self

    def colours(self):
        """Text and background colours, as drawn."""
        colour, soft = TONES[self.tone]
        if self.look == "solid":
            return WHITE, colour
        if self.look == "outline":
            return colour, WHITE
        return colour, soft


@dataclass(frozen=True)
class Family:
    css_class: str  # the badge is `<css_class> <css_class>--<state>`
    default: Badge  # the look of the bare class, without a known state
    badges: dict  # state -> Badge


FAMILIES = [
    Family(
        # The initiative's stage (initiatives.models.Stage): a pill and a dot.
        "stage",
        Badge("ink"),
        {
            "draft": Badge("ink", "dashed", mark="ring"),
            "submitted": Badge("blue"),
            "identified": Badge("purple"),
            "in_evaluation": Badge("amber"),
            "evaluated": Badge("ochre"),
            "validated": Badge("green"),
            "spreading": Badge("teal"),
            "scaling": Badge("navy", "solid"),
            "rework": Badge("orange"),
            "declined": Badge("red"),
            "withdrawn": Badge("stone", "outline"),
            "archived": Badge("iron", "solid"),
        },
    ),
    Family(
        # The state of an evaluation (evaluations.models.State), a transfer kit (KitState), a
        # replication (ReplicationState) or a scale-up plan (PlanState): square corners and a
        # progress pie. A name two machines share (draft, in_progress) has one look, which
        # says the same thing everywhere.
        "state",
        Badge("slate"),
        {
            # Evaluation.
            "planned": Badge("slate"),
            "in_progress": Badge("info", progress=50),
            "report_submitted": Badge("purple", progress=75),
            "rated": Badge("green", progress=100),
            "cancelled": Badge("iron", "outline", mark="struck"),
            # Transfer kit (and the plan's draft).
            "draft": Badge("ink", "dashed"),
            "published": Badge("green", progress=100),
            "retired": Badge("stone", mark="minus"),
            # Replication.
            "interest": Badge("slate"),
            "agreement": Badge("purple", progress=25),
            "preparation": Badge("amber", progress=50),
            "launched": Badge("info", progress=75),
            "autonomous": Badge("green", progress=100),
            "abandoned": Badge("red", "outline", mark="struck"),
            # Scale-up plan (draft and in_progress above).
            "approved": Badge("purple", progress=25),
            "completed": Badge("green", progress=100),
        },
    ),
]


def contrast(foreground, background):
    """WCAG contrast ratio of two #rgb or #rrggbb colours."""

    def luminance(colour):
        colour = colour.lstrip("#")
        if len(colour) == 3:
            colour = "".join(c * 2 for c in colour)
        channels = []
        for i in (0, 2, 4):
            c = int(colour[i : i + 2], 16) / 255
            channels.append(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
        r, g, b = channels
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    lighter, darker = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
