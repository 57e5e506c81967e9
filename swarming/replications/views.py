"""A replication's page (follow-up, transitions, reports), for the partner, staff, the
committee and the innovator, and the staff's list of replications."""

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accelerator.fsm import (
    actions_for,
    stage_timeline,
)
from accelerator.http import post_only_to, query_without_page
from accelerator.transition_views import TransitionPage

from .. import services
from ..models import Replication
from .access import MOVE, REPORT, VIEW, get_replication
from .filters import ReplicationFilter
from .forms import AgreementForm, FidelityForm, IndicatorForm, MilestoneForm

LIST = "swarming.list_replications"


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
        "timeline": stage_timeline(replication),
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


# The replication's transitions chosen on its page (accelerator.transition_views).
TRANSITIONS = TransitionPage(
    model=Replication,
    services=services,
    find=lambda user, pk: get_replication(user, pk, perm=MOVE),
    page_url="swarming:replication",
    refused=lambda request, replication, forms: _refused(request, replication, **forms),
    done=lambda request, replication: redirect("swarming:replication", pk=replication.pk),
    done_message=lambda replication, action: (
        _("« %(action)s » : fait. La réplication est maintenant « %(state)s ».")
        % {"action": action, "state": replication.get_state_display()}
    ),
    extras={"agreement": lambda data, replication: AgreementForm(data)},
)


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
        {"filter": filterset, "page": page, "query": query_without_page(request)},
    )
