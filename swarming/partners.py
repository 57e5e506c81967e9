"""The partners' space (sign-up, initiatives open to essaimage, declaring interest, their
replications) and the replications' pages (follow-up, transitions, reports, staff list)."""

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Exists, IntegerField, Max, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accelerator import roles
from accelerator.fsm import TransitionRefused, actions_for, current_transition, state_history
from accelerator.http import post_only, post_only_to
from evaluations.models import Evaluation
from evaluations.models import State as EvaluationState
from initiatives.forms import OrganisationForm, SignUpForm, TransitionForm
from initiatives.models import Initiative, Stage
from initiatives.services import account_sign_up

from . import services
from .access_replications import MOVE, REPORT, VIEW, get_replication
from .filters_replications import OpenInitiativeFilter, ReplicationFilter
from .forms_partners import (
    AgreementForm,
    FidelityForm,
    IndicatorForm,
    InterestForm,
    MilestoneForm,
)
from .models import Replication, ReplicationState, TransferKit

PARTNER_SPACE = "swarming.access_partner_space"
DECLARE = "swarming.declare_interest"
LIST = "swarming.list_replications"


def _query_without_page(request):
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


# Reads


def _published_kits():
    return TransferKit.objects.published().filter(initiative=OuterRef("pk")).order_by("-version")


def open_initiatives():
    """Initiatives open to essaimage (stage spreading, a published kit), each with its latest
    published kit's project sheet, its evidence level and how many replications take it up,
    in a fixed number of queries."""
    best_level = (
        Evaluation.objects.filter(initiative=OuterRef("pk"), state=EvaluationState.RATED)
        .order_by()
        .values("initiative")
        .annotate(best=Max("rating__nesta_level"))
        .values("best")
    )
    running = (
        Replication.objects.filter(initiative=OuterRef("pk"))
        .exclude(state=ReplicationState.ABANDONED)
        .order_by()
        .values("initiative")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Initiative.objects.filter(stage=Stage.SPREADING)
        .filter(Exists(_published_kits()))
        .select_related("carrier")
        .prefetch_related("themes", "territories")
        .annotate(
            kit_summary=Subquery(_published_kits().values("project_sheet")[:1]),
            kit_version=Subquery(_published_kits().values("version")[:1]),
            # Fills Initiative.evidence_level (a cached property) without a query per row.
            evidence_level=Coalesce(Subquery(best_level), Value(0), output_field=IntegerField()),
            replication_count=Coalesce(Subquery(running), Value(0), output_field=IntegerField()),
        )
        .order_by("title", "pk")
    )


def _open_initiative(pk):
    initiative = open_initiatives().filter(pk=pk).first()
    if initiative is None:
        raise Http404
    return initiative


def _latest_published_kit(initiative):
    return (
        initiative.transfer_kits.published()
        .prefetch_related("invariants", "indicators")
        .order_by("-version")
        .first()
    )


def _timeline(replication):
    return state_history(replication)


def _by_date(items, rows, row_key, date_of):
    """A table of reports: one row per item (invariant, indicator), one column per date
    (newest first), each cell the reports of that item at that date."""
    dates = sorted({date_of(report) for report in rows}, reverse=True)
    cells = defaultdict(list)
    for report in rows:
        cells[(row_key(report), date_of(report))].append(report)
    return dates, [
        {"item": item, "cells": [cells[(item.pk, day)] for day in dates]} for item in items
    ]


def fidelity_table(replication):
    reports = replication.fidelity_reports.order_by("-reported_on", "-pk")
    return _by_date(
        replication.kit.invariants.all(),
        reports,
        row_key=lambda r: r.invariant_id,
        date_of=lambda r: r.reported_on,
    )


def indicator_table(replication):
    reports = replication.indicator_reports.order_by("-measured_on", "-pk")
    return _by_date(
        replication.kit.indicators.all(),
        reports,
        row_key=lambda r: r.indicator_id,
        date_of=lambda r: r.measured_on,
    )


# The partners' space


@require_http_methods(["GET", "POST"])
def partner_signup(request):
    """A partner organisation's person signs up, with their organisation."""
    if request.user.is_authenticated:
        return redirect("home")
    form = SignUpForm(request.POST or None)
    organisation_form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and organisation_form.is_valid():
        user = account_sign_up(
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password1"],
            first_name=form.cleaned_data["first_name"],
            last_name=form.cleaned_data["last_name"],
            organisation=organisation_form.save(commit=False),
            role=roles.PARTNER,
        )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            request,
            _(
                "Bienvenue %(name)s ! Votre compte partenaire est créé : découvrez les "
                "initiatives ouvertes à l'essaimage."
            )
            % {"name": user.first_name},
        )
        return redirect("swarming:partner_home")
    return render(
        request,
        "swarming/partners/signup.html",
        {"form": form, "organisation_form": organisation_form},
        status=422 if request.method == "POST" else 200,
    )


@login_required
@permission_required(PARTNER_SPACE, raise_exception=True)
@require_GET
def partner_home(request):
    filterset = OpenInitiativeFilter(request.GET or None, queryset=open_initiatives())
    page = Paginator(filterset.qs, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "swarming/partners/home.html",
        {"filter": filterset, "page": page, "query": _query_without_page(request)},
    )


def _initiative_context(request, initiative, form=None):
    evaluations = (
        initiative.evaluations.filter(state=EvaluationState.RATED)
        .select_related("rating")
        .order_by("-rating__nesta_level", "-pk")
    )
    replications = (
        initiative.replications.exclude(state=ReplicationState.ABANDONED)
        .select_related("organisation", "territory")
        .order_by("territory__code", "pk")
    )
    # The partner's structures' own replications of it, shown above the form.
    mine = (
        initiative.replications.filter(organisation__in=request.user.organisations.all())
        .select_related("organisation", "territory")
        .order_by("organisation__name", "territory__code", "pk")
    )
    return {
        "initiative": initiative,
        "kit": _latest_published_kit(initiative),
        "evaluations": evaluations,
        "replications": replications,
        "my_replications": mine,
        "form": form or InterestForm(user=request.user, initiative=initiative),
    }


@login_required
@permission_required(PARTNER_SPACE, raise_exception=True)
@require_GET
def partner_initiative(request, pk):
    initiative = _open_initiative(pk)
    return render(
        request, "swarming/partners/initiative.html", _initiative_context(request, initiative)
    )


def _partner_initiative_page(request, pk):
    """For post_only: the initiative's page in the partners' space, where they declare their
    interest (404 if it is not open to essaimage, as for the POST)."""
    return reverse("swarming:partner_initiative", args=[_open_initiative(pk).pk])


@login_required
@permission_required(DECLARE, raise_exception=True)
@post_only(_partner_initiative_page)
def declare_interest(request, pk):
    initiative = _open_initiative(pk)
    form = InterestForm(request.POST, user=request.user, initiative=initiative)
    if form.is_valid():
        try:
            replication = services.replication_declare_interest(
                initiative=initiative,
                organisation=form.cleaned_data["organisation"],
                territory=form.cleaned_data["territory"],
                strategy=form.cleaned_data["strategy"],
                motivation=form.cleaned_data["motivation"].strip(),
                by=request.user,
            )
        except TransitionRefused as refused:
            for reason in refused.reasons:
                messages.error(request, reason)
        except ValidationError as error:
            # Declared meanwhile (two submissions at once): said on the field, as by the form.
            form.add_error(None, error)
            messages.error(
                request, _("Votre intérêt n'a pas été enregistré : corrigez le formulaire.")
            )
        else:
            messages.success(
                request,
                _(
                    "Votre intérêt pour « %(title)s » est enregistré : l'équipe de "
                    "l'accélérateur vous recontacte pour préparer la convention."
                )
                % {"title": initiative.title},
            )
            return redirect("swarming:replication", pk=replication.pk)
    else:
        messages.error(request, _("Votre intérêt n'a pas été enregistré : corrigez le formulaire."))
    return render(
        request,
        "swarming/partners/initiative.html",
        _initiative_context(request, initiative, form),
        status=422,
    )


@login_required
@permission_required(PARTNER_SPACE, raise_exception=True)
@require_GET
def my_replications(request):
    replications = (
        Replication.objects.filter(organisation__in=request.user.organisations.all())
        .select_related("initiative", "organisation", "territory")
        .order_by("-updated_at", "-pk")
    )
    page = Paginator(replications, 20).get_page(request.GET.get("page"))
    return render(request, "swarming/partners/mine.html", {"page": page})


# A replication's page


def _context(request, replication, **forms):
    user = request.user
    actions = actions_for(
        replication,
        user,
        url=lambda name: reverse("swarming:replication_transition", args=[replication.pk, name]),
        bound=forms,
        extras={"agreement": lambda bound: bound or AgreementForm()},
    )
    can_report = user.has_perm(REPORT, replication)
    reporting_open = can_report and replication.agreement_signed_on is not None
    fidelity_dates, fidelity_rows = fidelity_table(replication)
    indicator_dates, indicator_rows = indicator_table(replication)
    return {
        "replication": replication,
        "initiative": replication.initiative,
        "timeline": _timeline(replication),
        "milestones": replication.milestones.select_related("reported_by"),
        "fidelity_dates": fidelity_dates,
        "fidelity_rows": fidelity_rows,
        "indicator_dates": indicator_dates,
        "indicator_rows": indicator_rows,
        "actions": actions,
        "can_report": can_report,
        # A refused form is shown again, with why; a fresh one only once reporting is open.
        "milestone_form": forms.get("milestone") or (MilestoneForm() if reporting_open else None),
        "fidelity_form": forms.get("fidelity")
        or (FidelityForm(invariants=replication.kit.invariants.all()) if reporting_open else None),
        "indicator_form": forms.get("indicator")
        or (IndicatorForm(kit=replication.kit) if reporting_open else None),
    }


def on_replication(perm=VIEW):
    """post_only for the forms of the replication's page."""
    return post_only_to("swarming:replication", get_replication, perm=perm)


def _refused(request, replication, **forms):
    return render(
        request,
        "swarming/replications/detail.html",
        _context(request, replication, **forms),
        status=422,
    )


@login_required
@require_GET
def replication(request, pk):
    found = get_replication(request.user, pk)
    return render(request, "swarming/replications/detail.html", _context(request, found))


@login_required
@on_replication(MOVE)
def replication_transition(request, pk, name):
    found = get_replication(request.user, pk, perm=MOVE)
    try:
        offered = current_transition(found, name)
    except ValueError:
        raise Http404 from None
    form = TransitionForm(request.POST)
    agreement = AgreementForm(request.POST) if name == "agree" else None
    if not form.is_valid() or (agreement is not None and not agreement.is_valid()):
        messages.error(request, _("Le formulaire contient des erreurs."))
        return _refused(request, found, **{name: form, "agreement": agreement})
    try:
        services.replication_transition(
            replication=found,
            name=name,
            by=request.user,
            text=form.cleaned_data["message"],
            signed_on=agreement.cleaned_data["signed_on"] if agreement is not None else None,
            expected_state=form.cleaned_data["stage"],
        )
    except TransitionRefused as refused:
        for reason in refused.reasons:
            messages.error(request, reason)
        return _refused(request, found, **{name: form, "agreement": agreement})
    label = offered.custom.get("label", name) if offered is not None else name
    messages.success(
        request,
        _("« %(action)s » : fait. La réplication est maintenant « %(state)s ».")
        % {"action": label, "state": found.get_state_display()},
    )
    return redirect("swarming:replication", pk=found.pk)


def _service_error(form, error, date_field):
    """Put the service's refusal next to the date it is about, or above the form."""
    form.add_error(date_field if error.code == "before_agreement" else None, error)


@login_required
@on_replication(REPORT)
def report_milestone(request, pk):
    found = get_replication(request.user, pk, perm=REPORT)
    form = MilestoneForm(request.POST)
    if form.is_valid():
        try:
            services.replication_report_milestone(
                replication=found,
                by=request.user,
                title=form.cleaned_data["title"].strip(),
                reached_on=form.cleaned_data["reached_on"],
                note=form.cleaned_data["note"].strip(),
            )
        except ValidationError as error:
            _service_error(form, error, "reached_on")
        else:
            messages.success(request, _("Jalon enregistré."))
            return redirect("swarming:replication", pk=found.pk)
    messages.error(request, _("Le jalon n'a pas été enregistré : corrigez le formulaire."))
    return _refused(request, found, milestone=form)


@login_required
@on_replication(REPORT)
def report_fidelity(request, pk):
    found = get_replication(request.user, pk, perm=REPORT)
    form = FidelityForm(request.POST, invariants=found.kit.invariants.all())
    if form.is_valid():
        try:
            services.replication_report_fidelity(
                replication=found,
                by=request.user,
                reported_on=form.cleaned_data["reported_on"],
                statuses=form.statuses(),
            )
        except ValidationError as error:
            _service_error(form, error, "reported_on")
        else:
            messages.success(request, _("Constat de fidélité enregistré."))
            return redirect("swarming:replication", pk=found.pk)
    messages.error(
        request, _("Le constat de fidélité n'a pas été enregistré : corrigez le formulaire.")
    )
    return _refused(request, found, fidelity=form)


@login_required
@on_replication(REPORT)
def report_indicator(request, pk):
    found = get_replication(request.user, pk, perm=REPORT)
    form = IndicatorForm(request.POST, kit=found.kit)
    if form.is_valid():
        try:
            services.replication_report_indicator(
                replication=found,
                by=request.user,
                indicator=form.cleaned_data["indicator"],
                value=form.cleaned_data["value"],
                measured_on=form.cleaned_data["measured_on"],
                comment=form.cleaned_data["comment"].strip(),
            )
        except ValidationError as error:
            _service_error(form, error, "measured_on")
        else:
            messages.success(request, _("Mesure enregistrée."))
            return redirect("swarming:replication", pk=found.pk)
    messages.error(request, _("La mesure n'a pas été enregistrée : corrigez le formulaire."))
    return _refused(request, found, indicator=form)


# The staff's list


@login_required
@permission_required(LIST, raise_exception=True)
@require_GET
def replications(request):
    queryset = Replication.objects.select_related(
        "initiative", "organisation", "territory", "territory__parent"
    ).order_by("-updated_at", "-pk")
    filterset = ReplicationFilter(request.GET or None, queryset=queryset)
    page = Paginator(filterset.qs, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "swarming/replications/list.html",
        {"filter": filterset, "page": page, "query": _query_without_page(request)},
    )
