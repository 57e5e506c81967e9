"""The partners' space: sign-up, the initiatives open to essaimage, declaring interest,
their own replications (each replication's page is in swarming/replications)."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accelerator import roles
from accelerator.fsm import TransitionRefused
from accelerator.http import post_only, query_without_page
from evaluations.models import State as EvaluationState
from evaluations.selectors import evidence_level
from initiatives.forms import OrganisationForm, SignUpForm
from initiatives.models import Initiative, Stage
from initiatives.services import account_sign_up

from .. import services
from ..models import Replication, ReplicationState, TransferKit
from ..replications.filters import OpenInitiativeFilter
from ..replications.forms import InterestForm

PARTNER_SPACE = "swarming.access_partner_space"
DECLARE = "swarming.declare_interest"


# Reads


def _published_kits():
    return TransferKit.objects.published().filter(initiative=OuterRef("pk")).order_by("-version")


def open_initiatives():
    """Initiatives open to essaimage (stage spreading, a published kit), each with its latest
    published kit's project sheet, its evidence level and how many replications take it up,
    in a fixed number of queries."""
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
            evidence_level=evidence_level(),
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
        {"filter": filterset, "page": page, "query": query_without_page(request)},
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
