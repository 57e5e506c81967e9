from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accelerator.fsm import TransitionForm, TransitionRefused, offered_transitions
from accelerator.http import post_only_to

from . import selectors, services
from .access import VIEW, get_initiative
from .forms import AttachmentForm, InitiativeForm, OrganisationForm, SignUpForm

CHANGE = "initiatives.change_initiative"
ATTACH = "initiatives.attach_to_initiative"


def on_detail(perm=VIEW):
    """post_only for the forms of the innovator's initiative page."""
    return post_only_to("initiatives:detail", get_initiative, perm=perm)


@require_http_methods(["GET", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect("home")
    form = SignUpForm(request.POST or None)
    organisation_form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and organisation_form.is_valid():
        user = services.innovator_sign_up(
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password1"],
            first_name=form.cleaned_data["first_name"],
            last_name=form.cleaned_data["last_name"],
            organisation=organisation_form.save(commit=False),
        )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            request,
            _("Bienvenue %(name)s ! Votre compte est créé : vous pouvez déposer une initiative.")
            % {"name": user.first_name},
        )
        return redirect("initiatives:mine")
    return render(
        request,
        "registration/signup.html",
        {"form": form, "organisation_form": organisation_form},
    )


@login_required
def mine(request):
    page = Paginator(selectors.initiatives_of_innovator(request.user), 20).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "initiatives/mine.html",
        {"page": page, "can_create": request.user.has_perm("initiatives.add_initiative")},
    )


@login_required
@permission_required("initiatives.add_initiative", raise_exception=True)
@require_http_methods(["GET", "POST"])
def create(request):
    form = InitiativeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data, m2m = form.split()
        initiative = services.initiative_create(owner=request.user, data=data, m2m=m2m)
        messages.success(request, _("Brouillon enregistré."))
        return _after_save(request, initiative)
    status = 422 if request.method == "POST" else 200
    return render(
        request, "initiatives/form.html", {"form": form, "initiative": None}, status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk):
    initiative = get_initiative(request.user, pk, perm=CHANGE)
    form = InitiativeForm(request.POST or None, instance=initiative, user=request.user)
    status = 200
    if request.method == "POST" and form.is_valid():
        data, m2m = form.split()
        try:
            services.initiative_update_draft(initiative=initiative, data=data, m2m=m2m)
        except ValidationError as refused:
            # Submitted meanwhile: what was typed stays on the page, with why.
            messages.error(request, refused.messages[0])
            status = 409
        else:
            messages.success(request, _("Brouillon enregistré."))
            return _after_save(request, initiative)
    elif request.method == "POST":
        status = 422
    return render(
        request,
        "initiatives/form.html",
        {
            "form": form,
            "initiative": initiative,
            "change_request": selectors.pending_change_request(initiative),
        },
        status=status,
    )


def _after_save(request, initiative):
    if "save_and_submit" in request.POST:
        return _submit(request, initiative)
    if "save_and_continue" in request.POST:
        return redirect("initiatives:edit", pk=initiative.pk)
    return redirect("initiatives:detail", pk=initiative.pk)


@login_required
def detail(request, pk):
    initiative = get_initiative(request.user, pk, queryset=selectors.initiatives_with_details())
    return render(
        request,
        "initiatives/detail.html",
        {
            "initiative": initiative,
            "change_request": selectors.pending_change_request(initiative),
            "timeline": selectors.initiative_timeline(initiative, internal=False),
            "actions": offered_transitions(initiative, request.user),
            "can_edit": request.user.has_perm(CHANGE, initiative),
            "can_attach": request.user.has_perm(ATTACH, initiative),
            "attachment_form": AttachmentForm(),
            "transition_form": TransitionForm(initial={"stage": initiative.stage}),
        },
    )


def _submit(request, initiative):
    form = TransitionForm(request.POST)
    expected = request.POST.get("stage") or initiative.stage
    try:
        services.initiative_submit(
            initiative=initiative,
            by=request.user,
            message=request.POST.get("message", "") if form.is_valid() else "",
            expected_state=expected,
        )
    except TransitionRefused as refused:
        for reason in refused.reasons:
            messages.error(request, reason)
        return (
            redirect("initiatives:edit", pk=initiative.pk)
            if initiative.is_draft
            else redirect("initiatives:detail", pk=initiative.pk)
        )
    messages.success(
        request,
        _("Votre initiative est soumise : l'équipe de l'accélérateur va l'examiner."),
    )
    return redirect("initiatives:detail", pk=initiative.pk)


@login_required
@on_detail()
def submit(request, pk):
    return _submit(request, get_initiative(request.user, pk))


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request, pk):
    initiative = get_initiative(request.user, pk)
    form = TransitionForm(request.POST or None, initial={"stage": initiative.stage})
    if request.method == "POST" and form.is_valid():
        try:
            services.initiative_withdraw(
                initiative=initiative,
                by=request.user,
                message=form.cleaned_data["message"],
                expected_state=form.cleaned_data["stage"],
            )
        except TransitionRefused as refused:
            for reason in refused.reasons:
                messages.error(request, reason)
        else:
            messages.success(request, _("Votre initiative est retirée."))
        return redirect("initiatives:detail", pk=initiative.pk)
    return render(request, "initiatives/withdraw.html", {"initiative": initiative, "form": form})


@login_required
@on_detail(ATTACH)
def attach(request, pk):
    initiative = get_initiative(request.user, pk, perm=ATTACH)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            attachment = services.initiative_attach(
                initiative=initiative, upload=form.cleaned_data["file"], by=request.user
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(
                request, _("Pièce jointe « %(name)s » ajoutée.") % {"name": attachment.name}
            )
            return redirect("initiatives:detail", pk=initiative.pk)
    for error in form.errors.get("file", []):
        messages.error(request, error)
    return redirect("initiatives:detail", pk=initiative.pk)


@login_required
@require_http_methods(["GET", "POST"])
def detach(request, pk, attachment_pk):
    initiative = get_initiative(request.user, pk, perm=ATTACH)
    attachment = get_object_or_404(initiative.attachments, pk=attachment_pk)
    if request.method == "POST":
        services.initiative_detach(attachment=attachment)
        messages.success(
            request, _("Pièce jointe « %(name)s » supprimée.") % {"name": attachment.name}
        )
        return redirect("initiatives:detail", pk=initiative.pk)
    return render(
        request,
        "initiatives/detach.html",
        {"initiative": initiative, "attachment": attachment},
    )


@login_required
def download(request, pk, attachment_pk):
    initiative = get_initiative(request.user, pk)
    attachment = get_object_or_404(initiative.attachments, pk=attachment_pk)
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.name,
        content_type=attachment.content_type,
    )
