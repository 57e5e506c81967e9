"""One view runs the transitions of every machine, from the page the user acted on.

Each machine's app describes its page once (a TransitionPage: how to find the object with
the right to act, where its services are, the page to show again after a refusal, where to
go after success, the extra forms some transitions need); `transition_view(page)` is then
the view of its URL ".../<pk>/etapes/<name>/". Each transition names, in its custom=, the
service that runs it ("service": "initiative_identify") and the extra form it needs ("form":
"scorecard"), so that grepping a service's name finds its transition, and the other way.

The services of transitions share their arguments (run_service): the object by the
service's prefix (`initiative=` for initiative_identify, `kit=` for kit_publish), `by`,
`expected_state` (the state the user saw), and the text of the form: `reason` when the
transition requires one, `message` otherwise; an extra form adds its own
(`extra.service_arguments()`: the scorecard's scores, the rating's level, the signing date).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .fsm import TransitionForm, TransitionRefused, transition_custom
from .http import post_only

FORM_ERRORS = _("Le formulaire contient des erreurs.")


def run_service(services: ModuleType, instance, name: str, *, by, text: str = "", **arguments):
    """Run the transition `name` of `instance` through the service its custom= names, in
    `services`: the object goes by the service's prefix ("initiative_identify" takes
    `initiative=`), the text as `reason` if the transition requires one, else `message`."""
    custom = transition_custom(type(instance), name)
    service = getattr(services, custom["service"])
    entity = custom["service"].split("_", 1)[0]
    text_argument = "reason" if custom.get("reason_required") else "message"
    return service(**{entity: instance, "by": by, text_argument: text, **arguments})


@dataclass(frozen=True)
class TransitionPage:
    model: type  # the machine's model
    services: ModuleType  # where each transition's named service is
    find: Callable[[Any, int], Any]  # (user, pk) -> the object, with the right to act
    page_url: str  # the URL name of the object's page, for a GET of the transition's URL
    refused: Callable[[Any, Any, dict], HttpResponse]  # (request, object, forms): status 422
    done: Callable[[Any, Any], HttpResponse]  # (request, object) once it ran
    # (object, the action's label) -> the success message
    done_message: Callable[[Any, str], str]
    # custom "form" -> (data, object) -> the bound extra form
    extras: dict[str, Callable] = field(default_factory=dict)
    protect: Callable = login_required  # decorates the view (who may come at all)


def transition_view(page: TransitionPage) -> Callable:
    """The view that runs the transition `name` of the page's machine on the object `pk`."""

    def find_page(request, pk, name):
        return reverse(page.page_url, args=[page.find(request.user, pk).pk])

    @page.protect
    @post_only(find_page)
    def view(request, pk, name):
        instance = page.find(request.user, pk)
        try:
            custom = transition_custom(page.model, name)
        except ValueError:
            raise Http404 from None
        form = TransitionForm(request.POST)
        kind = custom.get("form")
        extra = page.extras[kind](request.POST, instance) if kind else None
        typed = {name: form, **({kind: extra} if kind else {})}
        if not form.is_valid() or (extra is not None and not extra.is_valid()):
            messages.error(request, FORM_ERRORS)
            return page.refused(request, instance, typed)
        try:
            run_service(
                page.services,
                instance,
                name,
                by=request.user,
                text=form.cleaned_data["message"],
                expected_state=form.cleaned_data["stage"],
                **(extra.service_arguments() if extra is not None else {}),
            )
        except TransitionRefused as refused:
            for reason in refused.reasons:
                messages.error(request, reason)
            return page.refused(request, instance, typed)
        messages.success(request, page.done_message(instance, str(custom.get("label", name))))
        return page.done(request, instance)

    return view
