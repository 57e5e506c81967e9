"""Running django-fsm transitions the same way for every machine of Essaim.

A transition is a small decorated method on its model (it sets fields, does no I/O). Its
guards are `guard` functions: they return the reasons why the transition is refused (an
empty list when it may run), so that the user is told why, not merely "not allowed".
`run_transition` locks the row, refuses a stale or concurrent change, checks the source
state, the permission and the guards, calls the transition (django-fsm-log writes the log
row) and saves, all in one transaction.
"""

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from django import forms
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransition, FSMFieldMixin, Transition, transition
from django_fsm_log.decorators import fsm_log_by, fsm_log_description
from django_fsm_log.models import StateLog

from . import events

NOT_FROM_THIS_STATE = _("Cette action n'est pas possible à l'étape « %(state)s ».")
NOT_ALLOWED = _("Vous n'avez pas le droit de faire cette action.")
CHANGED_MEANWHILE = _(
    "Quelqu'un d'autre vient de faire évoluer ce dossier (il est maintenant à l'étape "
    "« %(state)s ») : rechargez la page avant de recommencer."
)
GUARD_FAILED = _("Les conditions de cette action ne sont pas remplies.")


class TransitionForm(forms.Form):
    """The form of a stage change: the stage the user saw, and a message or a reason."""

    stage = forms.CharField(widget=forms.HiddenInput)
    message = forms.CharField(
        label=_("Message"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class TransitionRefused(Exception):
    """A transition that may not run now; `reasons` say why, in the user's language."""

    def __init__(self, reasons: Iterable[str]):
        self.reasons = [str(reason) for reason in reasons]
        super().__init__(" ".join(self.reasons))


def guard(func: Callable[[object], list]) -> Callable[[object], bool]:
    """Make a django-fsm condition of a function that lists why a transition is refused."""

    @functools.wraps(func)
    def condition(instance) -> bool:
        return not func(instance)

    condition.refusals = func
    return condition


def logged_transition(**kwargs):
    """django-fsm's @transition, whose runs django-fsm-log records with `by` and
    `description` (the reason): the transition method takes both as keyword arguments."""

    def decorate(method):
        return fsm_log_by(fsm_log_description(transition(**kwargs)(method)))

    return decorate


def object_permission(perm: str, explain=None) -> Callable[[object, object], bool]:
    """A transition's `permission=` checked on the object only.

    django-fsm falls back to the model-wide permission when the object one is refused, which
    would let a rule such as "not on an initiative they carry" be bypassed. `explain(user,
    instance)` may say why a refusal happened, when a generic "not allowed" would not do.
    """

    def check(instance, user) -> bool:
        return user.has_perm(perm, instance)

    check.perm = perm
    check.explain = explain
    return check


def transition_names(model) -> list[str]:
    """The names of the transitions of `model`'s state machine."""
    return list(state_field(model).transitions[model])


def state_field(instance) -> FSMFieldMixin:
    fields = [f for f in instance._meta.concrete_fields if isinstance(f, FSMFieldMixin)]
    if len(fields) != 1:
        raise TypeError(f"{type(instance).__name__} must have exactly one state field.")
    return fields[0]


def state_label(instance, state) -> str:
    return str(dict(state_field(instance).flatchoices).get(state, state))


def transition_custom(model, name: str) -> dict:
    """What the transition `name` of `model` declares in its custom= (its label, its service,
    its extra form...); ValueError if `model` has no such transition."""
    meta = getattr(getattr(model, name, None), "_django_fsm", None)
    if meta is None:
        raise ValueError(f"{model.__name__}.{name} is not a transition.")
    return next(iter(meta.transitions.values())).custom


def current_transition(instance, name: str) -> Transition | None:
    """The transition `name` from the instance's current state, or None."""
    method = getattr(type(instance), name, None)
    meta = getattr(method, "_django_fsm", None)
    if meta is None:
        raise ValueError(f"{type(instance).__name__}.{name} is not a transition.")
    return meta.get_transition(state_field(instance).get_state(instance))


def offered_transitions(instance, user) -> list[Transition]:
    """Transitions `user` may ask for from the current state, guards not yet checked.

    The guards often depend on what the user types into the action's form (a reason, a
    scorecard), so they are checked when the action is submitted, and explained then.
    """
    field = state_field(instance)
    state = field.get_state(instance)
    offered = []
    for method in field.transitions[type(instance)].values():
        found = method._django_fsm.get_transition(state)
        if found is not None and found.has_perm(instance, user):
            offered.append(found)
    return sorted(offered, key=lambda t: t.custom.get("order", 100))


@dataclass(frozen=True)
class TimelineEntry:
    """One line of a timeline (templates/includes/timeline.html): a transition ("stage",
    its StateLog row as `entry`), or what an app adds ("note", "lead" on an initiative)."""

    kind: str
    at: datetime
    who: object
    entry: object


def stage_timeline(instance) -> list[TimelineEntry]:
    """The instance's transitions as timeline entries, oldest first."""
    return [TimelineEntry("stage", log.timestamp, log.by, log) for log in state_history(instance)]


def state_history(instance):
    """The instance's transitions as django-fsm-log recorded them, oldest first."""
    return (
        StateLog.objects.for_(instance)
        .select_related("by", "content_type")
        .order_by("timestamp", "pk")
    )


def actions_for(instance, user, *, url, bound=None, extras=None) -> list[dict]:
    """What a page offers: each transition the machine makes available to `user` now, with
    its POST URL (`url(name)`), its form (bound to what was typed when it was refused:
    `bound[name]`), and the extra form some transitions need (`extras[kind](bound)` for the
    transition's custom "form": a scorecard, a rating, a date)."""
    bound, extras = bound or {}, extras or {}
    state = state_field(instance).get_state(instance)
    actions = []
    for found in offered_transitions(instance, user):
        kind = found.custom.get("form")
        extra = extras[kind](bound.get(kind)) if kind in extras else None
        actions.append(
            {
                "transition": found,
                "url": url(found.name),
                "state": state,
                "form": bound.get(found.name) or TransitionForm(initial={"stage": state}),
                "extra": extra,
                "extra_kind": kind if extra is not None else None,
            }
        )
    return actions


def refusals(instance, name: str, user, *, description: str = "", guards=True) -> list[str]:
    """Why `user` may not run the transition `name` now; empty when it may.

    `guards=False` checks only what does not depend on the data the action writes first:
    the source state, the permission and the reason.
    """
    found = current_transition(instance, name)
    if found is None:
        state = state_field(instance).get_state(instance)
        return [NOT_FROM_THIS_STATE % {"state": state_label(instance, state)}]
    if not found.has_perm(instance, user):
        explain = getattr(found.permission, "explain", None)
        return [str(reason) for reason in (explain(user, instance) if explain else [])] or [
            str(NOT_ALLOWED)
        ]
    reasons = []
    reason_required = found.custom.get("reason_required")
    if reason_required and not (description or "").strip():
        reasons.append(reason_required)
    for condition in found.conditions if guards else ():
        explain = getattr(condition, "refusals", None)
        if explain is not None:
            reasons.extend(explain(instance))
        elif not condition(instance):
            reasons.append(GUARD_FAILED)
    return [str(reason) for reason in reasons]


# Steps an app adds to every transition of one of its models, run by run_transition in the
# transition's transaction, after the save (the initiatives' stays: initiatives/stays.py).
_STEPS_AFTER: dict[type, list[Callable]] = {}


def _values(instance) -> dict:
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


def _changed(instance, before: dict, state) -> set[str]:
    """The fields to save after a transition: the state, what the transition method set,
    and the fields that note any save (auto_now)."""
    fields = instance._meta.concrete_fields
    return {
        state.name,
        *(f.name for f in fields if getattr(instance, f.attname) != before[f.attname]),
        *(f.name for f in fields if getattr(f, "auto_now", False)),
    }


def after_transition(model, step: Callable[[object], None]) -> None:
    """Have run_transition call `step(instance)` after each transition of `model`."""
    steps = _STEPS_AFTER.setdefault(model, [])
    if step not in steps:
        steps.append(step)


def run_transition(
    instance,
    name: str,
    *,
    by,
    description: str = "",
    expected_state: str | None = None,
    prepare: Callable[[], None] | None = None,
):
    """Run transition `name` on `instance` for user `by`, logged with `description`.

    `expected_state` is the state the user saw when they chose the action; `prepare` writes
    what the guards read (a scorecard, say) in the same transaction, so that a refusal
    leaves nothing behind. Raises TransitionRefused, and then nothing has changed.
    """
    field = state_field(instance)
    model = type(instance)
    description = (description or "").strip()
    try:
        with transaction.atomic():
            stored = (
                model._default_manager.select_for_update()
                .values_list(field.attname, flat=True)
                .get(pk=instance.pk)
            )
            seen = field.get_state(instance)
            if stored != seen or (expected_state is not None and expected_state != stored):
                raise TransitionRefused(
                    [CHANGED_MEANWHILE % {"state": state_label(instance, stored)}]
                )
            if prepare is not None:
                # Only someone who may run it, from this state, writes what its guards read.
                reasons = refusals(instance, name, by, description=description, guards=False)
                if reasons:
                    raise TransitionRefused(reasons)
                prepare()
            reasons = refusals(instance, name, by, description=description)
            if reasons:
                raise TransitionRefused(reasons)
            before = _values(instance)
            getattr(instance, name)(by=by, description=description or None)
            stamp = getattr(instance, "STATE_STAMP_FIELD", None)
            if stamp:
                setattr(instance, stamp, timezone.now())
            # Only what the transition changed: an edit of another field committed meanwhile
            # by someone else stays as they left it.
            instance.save(update_fields=_changed(instance, before, field))
            events.record(
                events.transition_kind(model, name),
                subject=instance,
                actor=by,
                source=stored,
                target=field.get_state(instance),
                description=description,
            )
            for step in _STEPS_AFTER.get(model, ()):
                step(instance)
    except ConcurrentTransition:
        instance.refresh_from_db()
        raise TransitionRefused(
            [CHANGED_MEANWHILE % {"state": state_label(instance, field.get_state(instance))}]
        ) from None
    except TransitionRefused:
        # The transaction rolled back: forget what the transition set on this copy too.
        instance.refresh_from_db()
        raise
    return instance
