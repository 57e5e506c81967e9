from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accelerator.fsm import actions_for
from accelerator.http import post_only_to
from accelerator.transition_views import TransitionPage
from initiatives.access import get_initiative

from . import services
from .access import VIEW, get_evaluation
from .forms import OutcomeForm, PlanForm, RatingForm, ReportForm, ResolveForm, ResultsForm
from .models import Evaluation, State

RECORD = "evaluations.record_evaluation"
RESOLVE = "evaluations.resolve_outcome"


def on_detail(perm=VIEW):
    """post_only for the forms of the evaluation's page."""
    return post_only_to("evaluations:detail", get_evaluation, perm=perm)


@login_required
def workspace(request):
    """The evaluator's evaluations; the committee's to rate; everything for staff."""
    user = request.user
    evaluations = Evaluation.objects.select_related("initiative", "evaluator", "rating")
    if user.has_perm("initiatives.access_triage"):
        title = _("Évaluations")
        if not user.has_perm("evaluations.plan_evaluation"):
            title = _("Évaluations à noter")
            evaluations = evaluations.filter(state=State.REPORT_SUBMITTED)
    elif user.has_perm("evaluations.access_workspace"):
        title = _("Mes évaluations")
        evaluations = evaluations.for_evaluator(user)
    else:
        raise Http404
    state = request.GET.get("state", "")
    if state in State.values:
        evaluations = evaluations.filter(state=state)
    page = Paginator(evaluations.order_by("state", "-updated_at"), 25).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "evaluations/workspace.html",
        {"page": page, "title": title, "states": State.choices, "current_state": state},
    )


@login_required
@permission_required("evaluations.plan_evaluation", raise_exception=True)
@require_http_methods(["GET", "POST"])
def plan(request, pk):
    initiative = get_initiative(request.user, pk)
    form = PlanForm(request.POST or None, initiative=initiative)
    if request.method == "POST" and form.is_valid():
        evaluation = services.evaluation_plan(
            initiative=initiative, by=request.user, data=form.cleaned_data
        )
        messages.success(request, _("Évaluation planifiée."))
        return redirect("evaluations:detail", pk=evaluation.pk)
    return render(
        request,
        "evaluations/plan.html",
        {"initiative": initiative, "form": form},
        status=422 if form.is_bound else 200,
    )


def _context(request, evaluation, **forms):
    user = request.user
    actions = actions_for(
        evaluation,
        user,
        url=lambda name: reverse("evaluations:transition", args=[evaluation.pk, name]),
        bound=forms,
        extras={"rating": lambda bound: bound or RatingForm()},
    )
    can_record = user.has_perm(RECORD, evaluation)
    return {
        "evaluation": evaluation,
        "initiative": evaluation.initiative,
        "outcomes": evaluation.outcomes.all(),
        "actions": actions,
        "can_record": can_record,
        "can_resolve": user.has_perm("evaluations.resolve_outcome", evaluation),
        "results_form": forms.get("results")
        or (ResultsForm(instance=evaluation) if can_record else None),
        "outcome_form": forms.get("outcome") or (OutcomeForm() if can_record else None),
        "report_form": forms.get("report") or (ReportForm() if can_record else None),
        "resolve_form": ResolveForm(),
    }


@login_required
def detail(request, pk):
    evaluation = get_evaluation(request.user, pk)
    return render(request, "evaluations/detail.html", _context(request, evaluation))


def _refused(request, evaluation, **forms):
    return render(
        request, "evaluations/detail.html", _context(request, evaluation, **forms), status=422
    )


@login_required
@on_detail(RECORD)
def record(request, pk):
    evaluation = get_evaluation(request.user, pk, perm=RECORD)
    form = ResultsForm(request.POST, instance=evaluation)
    if not form.is_valid():
        messages.error(request, _("Le formulaire contient des erreurs : rien n'a été enregistré."))
        evaluation.refresh_from_db()
        return _refused(request, evaluation, results=form)
    try:
        services.evaluation_update(evaluation=evaluation, data=form.cleaned_data)
    except ValidationError as refused:
        messages.error(request, refused.messages[0])
        evaluation.refresh_from_db()
        return _refused(request, evaluation, results=form)
    messages.success(request, _("Résultats enregistrés."))
    return redirect("evaluations:detail", pk=evaluation.pk)


@login_required
@on_detail(RECORD)
def add_outcome(request, pk):
    evaluation = get_evaluation(request.user, pk, perm=RECORD)
    form = OutcomeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Le résultat n'a pas été ajouté : corrigez le formulaire."))
        return _refused(request, evaluation, outcome=form)
    try:
        outcome = services.evaluation_add_outcome(evaluation=evaluation, data=form.cleaned_data)
    except ValidationError as refused:
        messages.error(request, refused.messages[0])
        evaluation.refresh_from_db()
        return _refused(request, evaluation, outcome=form)
    messages.success(request, _("Résultat « %(indicator)s » ajouté.") % {"indicator": outcome})
    return redirect("evaluations:detail", pk=evaluation.pk)


@login_required
@require_http_methods(["GET", "POST"])
def remove_outcome(request, pk, outcome_pk):
    evaluation = get_evaluation(request.user, pk, perm=RECORD)
    outcome = get_object_or_404(evaluation.outcomes, pk=outcome_pk)
    if request.method == "POST":
        try:
            services.evaluation_remove_outcome(outcome=outcome)
        except ValidationError as refused:
            messages.error(request, refused.messages[0])
        else:
            messages.success(
                request, _("Résultat « %(indicator)s » supprimé.") % {"indicator": outcome}
            )
        return redirect("evaluations:detail", pk=evaluation.pk)
    return render(
        request, "evaluations/remove_outcome.html", {"evaluation": evaluation, "outcome": outcome}
    )


@login_required
@on_detail(RESOLVE)
def resolve_outcome(request, pk, outcome_pk):
    evaluation = get_evaluation(request.user, pk, perm=RESOLVE)
    outcome = get_object_or_404(evaluation.outcomes, pk=outcome_pk)
    form = ResolveForm(request.POST)
    if form.is_valid():
        services.outcome_resolve(
            outcome=outcome, by=request.user, resolution=form.cleaned_data["resolution"]
        )
        messages.success(request, _("Le traitement de ce résultat négatif est enregistré."))
    else:
        messages.error(request, _("Expliquez comment ce résultat négatif a été traité."))
    return redirect("evaluations:detail", pk=evaluation.pk)


@login_required
@require_http_methods(["GET", "POST"])
def report(request, pk):
    if request.method == "GET":
        evaluation = get_evaluation(request.user, pk)
        if not evaluation.report:
            raise Http404
        return FileResponse(
            evaluation.report.open("rb"),
            as_attachment=True,
            filename=f"rapport-evaluation-{evaluation.pk}.pdf",
            content_type="application/pdf",
        )
    evaluation = get_evaluation(request.user, pk, perm=RECORD)
    form = ReportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.evaluation_attach_report(
                evaluation=evaluation, upload=form.cleaned_data["report"]
            )
        except ValidationError as error:
            form.add_error("report", error)
    if form.errors:
        messages.error(request, _("Le rapport n'a pas été déposé."))
        return _refused(request, evaluation, report=form)
    messages.success(request, _("Rapport déposé."))
    return redirect("evaluations:detail", pk=evaluation.pk)


# The evaluation's transitions chosen on its page (accelerator.transition_views).
TRANSITIONS = TransitionPage(
    model=Evaluation,
    services=services,
    find=get_evaluation,
    page_url="evaluations:detail",
    refused=lambda request, evaluation, forms: _refused(request, evaluation, **forms),
    done=lambda request, evaluation: redirect("evaluations:detail", pk=evaluation.pk),
    done_message=lambda evaluation, action: (
        _("« %(action)s » : fait. L'évaluation est maintenant « %(state)s ».")
        % {"action": action, "state": evaluation.get_state_display()}
    ),
    extras={"rating": lambda data, evaluation: RatingForm(data)},
)
