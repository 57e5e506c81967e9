"""Views of the transfer kits (kits d'essaimage) and of the carrier's consent.

Staff and the innovator write a kit's draft together; staff publish it. A published
version never changes: editing the kit prepares a new draft version, copied from it.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accelerator.fsm import actions_for
from accelerator.http import post_only, post_only_to
from accelerator.transition_views import TransitionPage
from evaluations.models import Outcome
from initiatives.access import get_initiative

from .. import services
from ..models import KIT_SECTIONS, REQUIRED_SECTIONS, KitState, TransferKit, kit_complete
from .access import EDIT_KIT, KIT_DENIALS, get_kit
from .forms import ConsentForm, IndicatorForm, InvariantForm, KitForm, ToolForm

PREPARE = "swarming.prepare_kit"
PUBLISH = "swarming.publish_kit"

# The items of a kit that may be removed from a draft, by the word of their URL.
ITEMS = {
    "invariants": "invariants",
    "indicateurs": "indicators",
    "outils": "attachments",
}


def _evidence(initiative):
    """The initiative's rated evaluations, with their rating and outcomes."""
    return list(
        initiative.evaluations.rated()
        .select_related("rating")
        .prefetch_related(Prefetch("outcomes", queryset=Outcome.objects.order_by("pk")))
        .order_by("created_at")
    )


# The initiative's kit versions


@login_required
@require_GET
def kits(request, pk):
    initiative = get_initiative(request.user, pk)
    versions = list(initiative.transfer_kits.select_related("created_by"))
    published = [kit for kit in versions if kit.state == KitState.PUBLISHED]
    return render(
        request,
        "swarming/kits/list.html",
        {
            "initiative": initiative,
            "versions": versions,
            "draft": next((kit for kit in versions if kit.is_draft), None),
            # New replications follow the latest published version.
            "current": published[0] if published else None,
            "consents": initiative.spreading_consents.select_related("given_by"),
            "can_prepare": request.user.has_perm(PREPARE, initiative),
            "can_consent": services.consent_refusal(initiative=initiative, by=request.user) is None,
        },
    )


def _initiative_to_prepare(user, pk):
    """The initiative `pk`, if `user` sees it (404) and may prepare its kit (403)."""
    initiative = get_initiative(user, pk)
    if not user.has_perm(PREPARE, initiative):
        raise PermissionDenied(KIT_DENIALS[EDIT_KIT])
    return initiative


def _kits_page(request, pk):
    """For post_only: the initiative's kit versions, where a new one is started."""
    return reverse("swarming:kits", args=[_initiative_to_prepare(request.user, pk).pk])


@login_required
@post_only(_kits_page)
def new_draft(request, pk):
    initiative = _initiative_to_prepare(request.user, pk)
    existing = initiative.transfer_kits.drafts().first()
    kit = services.kit_draft(initiative=initiative, by=request.user)
    if existing is not None:
        messages.info(
            request,
            _("Une version est déjà en préparation : reprenez le brouillon (version %(version)s).")
            % {"version": kit.version},
        )
    elif kit.version > 1:
        messages.success(
            request,
            _(
                "Version %(version)s préparée, copiée de la précédente : celle-ci reste telle "
                "qu'elle est."
            )
            % {"version": kit.version},
        )
    else:
        messages.success(request, _("Le kit d'essaimage est commencé (version 1)."))
    return redirect("swarming:kit_edit", pk=kit.pk)


# One kit version


def _context(request, kit, **forms):
    user = request.user
    initiative = kit.initiative
    can_edit = user.has_perm(EDIT_KIT, kit)
    actions = actions_for(
        kit,
        user,
        url=lambda name: reverse("swarming:kit_transition", args=[kit.pk, name]),
        bound=forms,
    )
    return {
        "kit": kit,
        "initiative": initiative,
        "sections": [
            {
                "name": name,
                "label": kit._meta.get_field(name).verbose_name,
                "text": getattr(kit, name),
                "required": name in REQUIRED_SECTIONS,
            }
            for name in KIT_SECTIONS
        ],
        "invariants": kit.invariants.all(),
        "indicators": kit.indicators.all(),
        "tools": kit.attachments.all(),
        "versions": initiative.transfer_kits.all(),
        "evidence": _evidence(initiative),
        "missing": kit_complete.refusals(kit) if kit.is_draft else [],
        "actions": actions,
        "can_edit": can_edit,
        "can_prepare": not kit.is_draft and user.has_perm(PREPARE, initiative),
        "invariant_form": forms.get("invariant") or (InvariantForm() if can_edit else None),
        "indicator_form": forms.get("indicator") or (IndicatorForm() if can_edit else None),
        "tool_form": forms.get("tool") or (ToolForm() if can_edit else None),
    }


def _prefilled_indicator(kit, outcome_pk):
    """The indicator form filled from one outcome of the initiative's rated evaluations."""
    outcome = (
        Outcome.objects.filter(pk=outcome_pk, evaluation__in=kit.initiative.evaluations.rated())
        .select_related("evaluation")
        .first()
    )
    if outcome is None:
        return None
    evaluation = outcome.evaluation
    note = " · ".join(
        str(part)
        for part in (
            evaluation.get_kind_display(),
            evaluation.get_design_display(),
            outcome.horizon,
        )
        if part
    )
    return IndicatorForm(
        initial={
            "label": outcome.indicator,
            "unit": outcome.unit[:50],
            "reference_value": outcome.effect_size,
            "reference_note": note[:200],
        }
    )


@login_required
@require_GET
def detail(request, pk):
    kit = get_kit(request.user, pk)
    forms = {}
    outcome_pk = request.GET.get("resultat", "")
    if outcome_pk.isdigit() and request.user.has_perm(EDIT_KIT, kit):
        prefilled = _prefilled_indicator(kit, int(outcome_pk))
        if prefilled is not None:
            forms["indicator"] = prefilled
    context = _context(request, kit, **forms)
    context["prefilled"] = "indicator" in forms
    return render(request, "swarming/kits/detail.html", context)


def on_kit(perm):
    """post_only for the forms of the kit version's page."""
    return post_only_to("swarming:kit_detail", get_kit, perm=perm)


def _refused(request, kit, **forms):
    return render(request, "swarming/kits/detail.html", _context(request, kit, **forms), status=422)


def _frozen(function, **kwargs):
    """Run a write on a draft; a version published meanwhile answers 403 with the reason."""
    try:
        return function(**kwargs)
    except services.FrozenKit as frozen:
        raise PermissionDenied(str(frozen)) from None


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk):
    kit = get_kit(request.user, pk, perm=EDIT_KIT)
    form = KitForm(request.POST or None, instance=kit)
    if request.method == "POST":
        if form.is_valid():
            _frozen(services.kit_update, kit=kit, data=form.sections_data())
            messages.success(request, _("Brouillon du kit enregistré."))
            return redirect("swarming:kit_detail", pk=kit.pk)
        messages.error(request, _("Le brouillon n'a pas été enregistré."))
    return render(
        request,
        "swarming/kits/edit.html",
        {"kit": kit, "initiative": kit.initiative, "form": form},
        status=422 if form.is_bound else 200,
    )


@login_required
@on_kit(EDIT_KIT)
def add_invariant(request, pk):
    kit = get_kit(request.user, pk, perm=EDIT_KIT)
    form = InvariantForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("L'invariant n'a pas été ajouté : corrigez le formulaire."))
        return _refused(request, kit, invariant=form)
    invariant = _frozen(services.kit_add_invariant, kit=kit, **form.cleaned_data)
    messages.success(request, _("Invariant « %(label)s » ajouté.") % {"label": invariant})
    return redirect("swarming:kit_detail", pk=kit.pk)


@login_required
@on_kit(EDIT_KIT)
def add_indicator(request, pk):
    kit = get_kit(request.user, pk, perm=EDIT_KIT)
    form = IndicatorForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("L'indicateur n'a pas été ajouté : corrigez le formulaire."))
        return _refused(request, kit, indicator=form)
    indicator = _frozen(services.kit_add_indicator, kit=kit, **form.cleaned_data)
    messages.success(request, _("Indicateur « %(label)s » ajouté.") % {"label": indicator})
    return redirect("swarming:kit_detail", pk=kit.pk)


@login_required
@require_http_methods(["GET", "POST"])
def remove_item(request, pk, kind, item_pk):
    kit = get_kit(request.user, pk, perm=EDIT_KIT)
    try:
        relation = ITEMS[kind]
    except KeyError:
        raise Http404 from None
    item = get_object_or_404(getattr(kit, relation), pk=item_pk)
    if request.method == "POST":
        _frozen(services.kit_remove_item, item=item)
        messages.success(request, _("« %(item)s » retiré du brouillon.") % {"item": item})
        return redirect("swarming:kit_detail", pk=kit.pk)
    return render(
        request,
        "swarming/kits/remove_item.html",
        {"kit": kit, "initiative": kit.initiative, "item": item, "kind": kind},
    )


@login_required
@on_kit(EDIT_KIT)
def attach(request, pk):
    kit = get_kit(request.user, pk, perm=EDIT_KIT)
    form = ToolForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            tool = _frozen(
                services.kit_attach, kit=kit, upload=form.cleaned_data["file"], by=request.user
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(request, _("Outil « %(name)s » ajouté.") % {"name": tool.name})
            return redirect("swarming:kit_detail", pk=kit.pk)
    messages.error(request, _("L'outil n'a pas été ajouté."))
    return _refused(request, kit, tool=form)


@login_required
@require_GET
def tool(request, pk, tool_pk):
    kit = get_kit(request.user, pk)
    attachment = get_object_or_404(kit.attachments, pk=tool_pk)
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.name,
        content_type=attachment.content_type,
    )


# The version's transitions chosen on its page (accelerator.transition_views).
TRANSITIONS = TransitionPage(
    model=TransferKit,
    services=services,
    find=lambda user, pk: get_kit(user, pk, perm=PUBLISH),
    page_url="swarming:kit_detail",
    refused=lambda request, kit, forms: _refused(request, kit, **forms),
    done=lambda request, kit: redirect("swarming:kit_detail", pk=kit.pk),
    done_message=lambda kit, action: (
        _("« %(action)s » : fait. La version %(version)s du kit est maintenant « %(state)s ».")
        % {"action": action, "version": kit.version, "state": kit.get_state_display()}
    ),
)


# The carrier's consent


@login_required
@require_http_methods(["GET", "POST"])
def consent(request, pk):
    initiative = get_initiative(request.user, pk)
    refusal = services.consent_refusal(initiative=initiative, by=request.user)
    if request.method == "POST" and refusal:
        raise PermissionDenied(refusal)
    form = ConsentForm(request.POST or None) if refusal is None else None
    if request.method == "POST":
        if form.is_valid():
            services.consent_give(
                initiative=initiative, by=request.user, terms=form.cleaned_data["terms"]
            )
            messages.success(request, _("Votre accord à l'essaimage est enregistré. Merci !"))
            return redirect("initiatives:detail", pk=initiative.pk)
        messages.error(request, _("Votre accord n'a pas été enregistré."))
    return render(
        request,
        "swarming/kits/consent.html",
        {
            "initiative": initiative,
            "consents": initiative.spreading_consents.select_related("given_by"),
            "form": form,
            "notice": services.CONSENT_TOO_EARLY
            if initiative.stage not in services.CONSENT_STAGES
            else "",
        },
        status=422 if form is not None and form.is_bound else 200,
    )
