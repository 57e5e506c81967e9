"""The staff's triage: the board of initiatives and each initiative's file.

Every action is a POST to its own URL. Sent by htmx, it answers with the fragment to
replace and an `initiative-changed` event on which the timeline reloads itself; sent as a
plain form, it redirects to the file with a message.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.shortcuts import redirect, render
from django.template import defaultfilters
from django.urls import reverse
from django.utils.encoding import force_str
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.timezone import template_localtime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django_htmx.http import trigger_client_event

from accelerator.fsm import actions_for
from accelerator.http import post_only, post_only_to
from accelerator.transition_views import TransitionPage

from . import filters, selectors, services
from .access import get_initiative
from .forms import BulkForm, LeadForm, NoteForm, ScorecardForm
from .models import Initiative, Note

ACCESS = "initiatives.access_triage"
PAGE_SIZE = 25
CHANGED = "initiative-changed"


def triage_view(view, perm=ACCESS):
    """Staff and committee only: others get 403, anonymous visitors the login page."""
    return login_required(permission_required(perm, raise_exception=True)(view))


def staff_view(perm):
    def decorate(view):
        return triage_view(permission_required(perm, raise_exception=True)(view))

    return decorate


def board_queryset():
    """The board's rows, with only the columns it shows (not the texts or search vector);
    board_rows reads the names of their themes and territories."""
    return Initiative.objects.select_related("carrier", "lead").only(
        "title",
        "stage",
        "stage_entered_at",
        "updated_at",
        "carrier__name",
        "lead__first_name",
        "lead__last_name",
        "lead__email",
    )


@dataclass(frozen=True, slots=True)
class BoardRow:
    """One row of the board as its template shows it, computed once for the page (the
    stage's label, the territories and themes, the file's URL and the dates) rather than by
    tags and filters in each cell: get_stage_display alone translates the label of every
    stage at each call. The template escapes these values as it did the model's."""

    pk: int
    title: str
    url: str
    carrier: object  # the organisation, or "—"
    territories: str  # the first two, then "+N"
    themes: str
    stage: str
    stage_label: str
    lead: object  # the user, or "—"
    days_in_stage: int
    updated_iso: str  # |date:"c", local time
    updated_on: str  # |date:"SHORT_DATE_FORMAT": "03/06/2025"


def _names(initiatives, relation):
    """The names of the themes or territories (`relation`) of each of `initiatives`, in
    their model's order, by initiative id: one query, as prefetch_related would make, but
    without a model instance (and its related managers) for each theme or territory."""
    field = Initiative._meta.get_field(relation)
    source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
    order = [
        f"-{target}__{name[1:]}" if name.startswith("-") else f"{target}__{name}"
        for name in field.related_model._meta.ordering
    ]
    links = field.remote_field.through.objects.filter(
        **{f"{source}__in": [initiative.pk for initiative in initiatives]}
    )
    names = defaultdict(list)
    for pk, name in links.order_by(*order).values_list(source, f"{target}__name"):
        names[pk].append(name)
    return names


def board_rows(initiatives):
    """The BoardRow of each initiative (from board_queryset)."""
    initiatives = list(initiatives)
    if not initiatives:
        return []
    themes = _names(initiatives, "themes")
    territories = _names(initiatives, "territories")
    stages = {
        value: force_str(label, strings_only=True)
        for value, label in Initiative._meta.get_field("stage").flatchoices
    }
    rows = []
    for initiative in initiatives:
        places = territories[initiative.pk]
        more = f" +{len(places) - 2}" if len(places) > 2 else ""
        updated_at = template_localtime(initiative.updated_at)  # as |date does
        rows.append(
            BoardRow(
                pk=initiative.pk,
                title=initiative.title,
                url=reverse("initiatives:file", args=[initiative.pk]),
                carrier=initiative.carrier or "—",
                territories=", ".join(places[:2]) + more or "—",
                themes=", ".join(themes[initiative.pk]) or "—",
                stage=initiative.stage,
                stage_label=stages.get(initiative.stage, initiative.stage),
                lead=initiative.lead or "—",
                days_in_stage=initiative.days_in_stage,
                updated_iso=defaultfilters.date(updated_at, "c"),
                updated_on=defaultfilters.date(updated_at, "SHORT_DATE_FORMAT"),
            )
        )
    return rows


def _count(counts, stage):
    """The number of rows on the board: at `stage` if one is chosen, else at every stage."""
    return dict(counts).get(stage, 0) if stage else sum(n for _stage, n in counts)


def _ranked_page(paginator, all_stages, stage, number):
    """The stage tabs' counts and the page `number` of a search ordered by relevance, as
    stage_counts and paginator.get_page give them, from one pass over the matches
    (filters.ranked_counts_and_ids), then the columns of the page's rows only."""

    def ids_of_page(number):
        offset = (number - 1) * paginator.per_page
        return filters.ranked_counts_and_ids(all_stages, stage, offset, paginator.per_page)

    try:
        asked = int(number)
    except (TypeError, ValueError):
        asked = 1
    if not 1 <= asked <= 1_000_000:  # get_page shows the last page: known after counting
        asked = 1
    counts, ids = ids_of_page(asked)
    paginator.count = _count(counts, stage)
    try:
        number = paginator.validate_number(number)
    except PageNotAnInteger:
        number = 1
    except EmptyPage:
        number = paginator.num_pages
    if number != asked and paginator.count:  # beyond the last page: a second pass, rarely
        _counts, ids = ids_of_page(number)
    rows = board_queryset().in_bulk(ids) if ids else {}
    return counts, Page([rows[pk] for pk in ids if pk in rows], number, paginator)


@triage_view
@require_GET
def board(request):
    filterset = filters.BoardFilter(request.GET or None, queryset=board_queryset())
    queryset = filterset.qs
    sort = filters.sort_key(request.GET.get("sort", ""))
    all_stages = getattr(filterset, "all_stages", queryset)
    current = filterset.form.cleaned_data.get("stage") if filterset.is_bound else None
    paginator = Paginator(filters.apply_sort(queryset, sort), PAGE_SIZE)
    if filters.is_ranked(queryset, sort):
        counts, page = _ranked_page(paginator, all_stages, current, request.GET.get("page"))
    else:
        counts = filters.stage_counts(all_stages)
        # The stage tabs counted the rows already: the paginator need not count them again.
        paginator.count = _count(counts, current)
        page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    without_sort = query.copy()
    without_sort.pop("sort", None)
    without_stage = query.copy()
    without_stage.pop("stage", None)
    bulk_form = BulkForm(initial={"next": request.get_full_path()})
    return render(
        request,
        "initiatives/board.html",
        {
            "filter": filterset,
            "choices_version": filters.choices_version(),
            "page": page,
            "rows": board_rows(page),
            # The order shown in the headers: the chosen one, else the default (unless
            # the results are ranked by relevance).
            "sort": sort or ("" if request.GET.get("q", "").strip() else filters.DEFAULT_SORT),
            "query": query.urlencode(),
            "query_without_sort": without_sort.urlencode(),
            "query_without_stage": without_stage.urlencode(),
            "stage_counts": counts,
            "total": sum(n for _stage, n in counts),
            "current_stage": request.GET.get("stage", ""),
            "columns": [
                (key, label, key in filters.NUMERIC)
                for key, (label, _order) in filters.SORTS.items()
            ],
            "bulk_form": bulk_form,
            "can_bulk": request.user.has_perm("initiatives.assign_lead"),
        },
    )


@staff_view("initiatives.assign_lead")
@post_only(page=lambda request: reverse("initiatives:board"))
def bulk(request):
    form = BulkForm(request.POST)
    back = _safe_next(request, form.data.get("next"))
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(back)
    initiatives = list(form.cleaned_data["ids"].select_related("carrier").order_by("title"))
    if "confirm" not in request.POST:
        return render(
            request,
            "initiatives/bulk_confirm.html",
            {"form": form, "initiatives": initiatives, "back": back},
        )
    if form.cleaned_data["action"] == BulkForm.ASSIGN:
        lead = form.cleaned_data["lead"]
        changed = services.initiatives_assign_lead(
            initiatives=initiatives, lead=lead, by=request.user
        )
        messages.success(
            request,
            _("%(count)s initiative(s) confiée(s) à %(lead)s.")
            % {"count": changed, "lead": lead or _("personne")},
        )
    else:
        declined, refused = services.initiatives_decline(
            initiatives=initiatives, reason=form.cleaned_data["reason"], by=request.user
        )
        if declined:
            messages.success(
                request, _("%(count)s initiative(s) déclinée(s).") % {"count": len(declined)}
            )
        for initiative, reasons in refused:
            messages.error(request, f"{initiative.title} : {' '.join(reasons)}")
    return redirect(back)


def _safe_next(request, target):
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse("initiatives:board")


def _file_context(request, initiative, **forms):
    user = request.user
    actions = actions_for(
        initiative,
        user,
        url=lambda name: reverse("initiatives:transition", args=[initiative.pk, name]),
        bound=forms,
        extras={"scorecard": lambda bound: bound or ScorecardForm(initiative=initiative)},
    )
    return {
        "initiative": initiative,
        "actions": actions,
        "timeline": selectors.initiative_timeline(
            initiative, internal=user.has_perm("initiatives.read_internal_notes")
        ),
        "scores": initiative.identification_scores.all(),
        "note_form": forms.get("note") or NoteForm(),
        "lead_form": LeadForm(initial={"lead": initiative.lead_id}),
        "can_comment": user.has_perm("initiatives.comment_initiative"),
        "can_assign": user.has_perm("initiatives.assign_lead"),
    }


def _file_of(user, pk):
    return get_initiative(
        user, pk, queryset=selectors.initiatives_with_details().select_related("lead")
    )


def _file(request, pk):
    return _file_of(request.user, pk)


@triage_view
@require_GET
def file(request, pk):
    initiative = _file(request, pk)
    return render(request, "initiatives/file.html", _file_context(request, initiative))


@triage_view
@require_GET
def timeline(request, pk):
    initiative = _file(request, pk)
    return render(request, "initiatives/file.html#timeline", _file_context(request, initiative))


def _answer(request, initiative, *, failed=False, **forms):
    """After an action, the file again.

    htmx gets the file's main part (with the messages), and on success the event on which
    the timeline reloads; a plain form post is redirected to the file on success, and gets
    the whole file with what was typed when the action is refused.
    """
    context = _file_context(request, _file(request, initiative.pk), **forms)
    if request.htmx:
        response = render(request, "initiatives/file.html#file-main", context)
        return response if failed else trigger_client_event(response, CHANGED)
    if failed:
        return render(request, "initiatives/file.html", context, status=422)
    return redirect("initiatives:file", pk=initiative.pk)


# The stage transitions chosen on the file (accelerator.transition_views).
TRANSITIONS = TransitionPage(
    model=Initiative,
    services=services,
    find=_file_of,
    page_url="initiatives:file",
    refused=lambda request, initiative, forms: _answer(request, initiative, failed=True, **forms),
    done=lambda request, initiative: _answer(request, initiative),
    done_message=lambda initiative, action: (
        _("« %(action)s » : fait. L'initiative est maintenant à l'étape « %(stage)s ».")
        % {"action": action, "stage": initiative.get_stage_display()}
    ),
    extras={"scorecard": lambda data, initiative: ScorecardForm(data, initiative=initiative)},
    protect=triage_view,
)


@staff_view("initiatives.comment_initiative")
@post_only_to("initiatives:file", get_initiative)
def comment(request, pk):
    initiative = _file(request, pk)
    form = NoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Écrivez le texte du commentaire ou du message."))
        return _answer(request, initiative, failed=True, note=form)
    note = services.initiative_comment(
        initiative=initiative,
        by=request.user,
        body=form.cleaned_data["body"],
        kind=form.cleaned_data["kind"],
    )
    if note.kind == Note.Kind.MESSAGE:
        messages.success(request, _("Message envoyé au porteur de projet."))
    else:
        messages.success(request, _("Commentaire interne enregistré."))
    return _answer(request, initiative)


@staff_view("initiatives.assign_lead")
@post_only_to("initiatives:file", get_initiative)
def assign(request, pk):
    initiative = _file(request, pk)
    form = LeadForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choisissez un·e chargé·e de mission."))
        return _answer(request, initiative, failed=True)
    lead = form.cleaned_data["lead"]
    services.initiative_assign_lead(initiative=initiative, lead=lead, by=request.user)
    if lead:
        messages.success(request, _("%(lead)s est référent·e de ce dossier.") % {"lead": lead})
    else:
        messages.success(request, _("Ce dossier n'a plus de référent·e."))
    return _answer(request, initiative)
