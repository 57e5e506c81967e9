"""The public catalogue of "ce qui marche", for everyone, anonymous visitors first.

Pages: the catalogue (filters, French full-text search, sorts), each initiative's public page
(a clean URL with its slug), the sitemap; and the staff's form that publishes the public sheet
of an identified initiative ("expérience inspirante").

Speed. What a catalogue page shows is the same for every visitor: it is rendered once and
cached in Redis under catalogue.cache.cache_key(...), with the language, the host and
the query string. Whatever changes what the public sees (a transition, a published sheet or
kit) bumps the catalogue's version once committed, which makes every cached page stale at
once. Around the cached part, the site's frame (the visitor's name, CSRF tokens) and what is
personal (the kit's download for a partner, the staff's link to the file) are rendered at
each request, the latter into slots of the cached body: a page costs an anonymous visitor no
query once it is cached, and a logged-in visitor never gets someone else's buttons.
"""

import hashlib
from collections import Counter

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap as sitemap_view
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import (
    Case,
    Count,
    DateTimeField,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accelerator.http import post_only_to
from accelerator.templatetags.essaim import figure
from documents.kinds import kind as document_kind
from evaluations.models import NESTA_DEFINITIONS, NESTA_PLAIN, Direction, NestaLevel
from evaluations.models import State as EvaluationState
from evaluations.selectors import evidence_level
from initiatives import services
from initiatives.access import get_initiative
from initiatives.models import Initiative, Stage, Territory
from swarming.models import TAKEN_UP_STATES, KitState, TransferKit

from .cache import cache_key as catalogue_key
from .filters import CatalogueFilter
from .selectors import Level, level_of, public_initiatives

PAGE_SIZE = 20
# What changes without bumping the catalogue's version (a replication moving on, a rating
# given before a transition) shows after this long at most.
CACHE_TIMEOUT = 60 * 60
PUBLISH_SHEET = services.PUBLISH_SHEET

# Slots of a cached page's body, filled at each request with what is personal.
KIT_SLOT = "<!--catalogue:kit-download-->"
LINKS_SLOT = "<!--catalogue:personal-links-->"

RATED = EvaluationState.RATED  # an evaluation the committee rated
PUBLISHED = KitState.PUBLISHED  # a kit version

LEVEL_EXPLANATIONS = {
    Level.INSPIRATION: gettext_lazy(
        "Une initiative repérée par l'accélérateur et pas encore évaluée : elle est partagée "
        "pour inspirer, ses résultats restent à démontrer."
    ),
    Level.SPREADABLE: gettext_lazy(
        "Une approche évaluée et validée par l'accélérateur, que d'autres structures peuvent "
        "reprendre sur leur territoire avec l'appui de son kit d'essaimage."
    ),
    Level.SCALING: gettext_lazy(
        "Une approche qui a fait ses preuves et que la structure porteuse étend elle-même à de "
        "nouveaux territoires."
    ),
}
# What an "expérience inspirante" says of its evaluation.
STAGE_NOTES = {
    Stage.IDENTIFIED: gettext_lazy("Pas encore évaluée"),
    Stage.IN_EVALUATION: gettext_lazy("Évaluation en cours"),
    Stage.EVALUATED: gettext_lazy("Évaluée, en attente de la décision du comité"),
}


# Reads


def _per_initiative(aggregate):
    """`aggregate` over one initiative's reverse relation, as a correlated subquery: each
    relation is aggregated apart, so that joining several does not multiply the rows."""
    rows = Initiative.objects.filter(pk=OuterRef("pk")).order_by().annotate(value=aggregate)
    return Coalesce(Subquery(rows.values("value")), Value(0), output_field=IntegerField())


def _annotated(queryset):
    """Each initiative with its evidence (`evidence_level`, which fills Initiative's cached
    property), how many organisations and départements took it up, and when it took its
    place in the catalogue (`listed_at`), all in the one query."""
    taken_up = Q(replications__state__in=TAKEN_UP_STATES)
    return queryset.annotate(
        evidence_level=evidence_level(),
        organisation_count=_per_initiative(
            Count("replications__organisation", distinct=True, filter=taken_up)
        ),
        department_count=_per_initiative(
            Count(
                "replications__territory",
                distinct=True,
                filter=taken_up & Q(replications__territory__kind=Territory.Kind.DEPARTMENT),
            )
        ),
        listed_at=Case(
            When(stage__in=Level.STAGES[Level.INSPIRATION], then=F("sheet_published_at")),
            default=F("stage_entered_at"),
            output_field=DateTimeField(),
        ),
    )


def catalogue_cards():
    """The public initiatives with what their cards show, in a fixed number of queries."""
    return (
        _annotated(public_initiatives())
        .select_related("carrier")
        .prefetch_related("themes", "target_publics", "territories")
        .defer("search_vector", "problem", "theory_of_change", "expected_outcomes")
    )


def _describe(initiative):
    """Set what the templates show of its level and evidence (no query)."""
    initiative.level = level_of(initiative)
    initiative.level_label = dict(Level.CHOICES).get(initiative.level, "")
    initiative.level_explanation = LEVEL_EXPLANATIONS.get(initiative.level, "")
    initiative.stage_note = STAGE_NOTES.get(initiative.stage, "")
    initiative.evidence_words = NESTA_PLAIN.get(initiative.evidence_level, "")
    return initiative


def nesta_scale():
    """The Nesta Standards of Evidence: (level, label, definition) of each level."""
    return [(level, label, NESTA_DEFINITIONS.get(level, "")) for level, label in NestaLevel.choices]


def _signed(value):
    text = figure(abs(value))
    if value > 0:
        return f"+{text}"
    if value < 0:
        return f"−{text}"
    return text


def _standardised(unit):
    """Whether the effect is a standardised mean difference (Cohen's d, Hedges' g)."""
    unit = unit.lower()
    return any(word in unit for word in ("cohen", "hedges", "écart-type", "écarts-types"))


def _magnitude(value):
    value = abs(value)
    if value < 0.2:
        return _("très petit")
    if value < 0.5:
        return _("petit")
    if value < 0.8:
        return _("moyen")
    return _("grand")


def explain_outcome(outcome) -> list[str]:
    """One result of an evaluation in plain language: its direction, its horizon, the size
    of the effect and what its confidence interval says."""
    values = {"indicator": outcome.indicator}
    if outcome.direction == Direction.POSITIVE:
        sentences = [_("Effet positif sur « %(indicator)s » : l'action améliore cet indicateur.")]
    elif outcome.direction == Direction.NEGATIVE:
        sentences = [
            _(
                "Effet négatif sur « %(indicator)s » : cet indicateur est moins bon avec "
                "l'action que sans elle."
            )
        ]
    else:
        sentences = [
            _(
                "Pas d'effet mesurable sur « %(indicator)s » : l'évaluation ne montre pas de "
                "différence due à l'action."
            )
        ]
    sentences = [sentences[0] % values]
    if outcome.horizon:
        sentences.append(_("Mesuré à cet horizon : %(horizon)s.") % {"horizon": outcome.horizon})
    unit = (outcome.unit or "").strip()
    if outcome.effect_size is not None:
        size = {"value": _signed(outcome.effect_size), "unit": unit}
        if _standardised(unit):
            size["size"] = _magnitude(outcome.effect_size)
            sentences.append(
                _(
                    "Ampleur de l'effet : %(value)s (%(unit)s), un effet %(size)s. Pour cette "
                    "mesure standardisée, on parle d'un petit effet autour de 0,2, d'un effet "
                    "moyen autour de 0,5 et d'un grand effet à partir de 0,8."
                )
                % size
            )
        elif unit:
            sentences.append(_("Ampleur de l'effet : %(value)s %(unit)s.") % size)
        else:
            sentences.append(_("Ampleur de l'effet : %(value)s.") % size)
    if outcome.ci_low is not None and outcome.ci_high is not None:
        sentences.append(
            _(
                "Intervalle de confiance : de %(low)s à %(high)s, la fourchette où se situe "
                "très probablement l'effet réel."
            )
            % {"low": _signed(outcome.ci_low), "high": _signed(outcome.ci_high)}
        )
        if outcome.ci_low > 0 or outcome.ci_high < 0:
            sentences.append(
                _(
                    "Cette fourchette ne comprend pas zéro : il est très peu probable que "
                    "l'effet observé soit dû au hasard."
                )
            )
        else:
            sentences.append(
                _(
                    "Cette fourchette comprend zéro : on ne peut pas exclure que l'effet réel "
                    "soit nul."
                )
            )
    return sentences


def _by_region(replications):
    """The replications grouped by région (a département's région, or the région itself),
    the régions in alphabetical order."""
    groups = {}
    for replication in replications:
        territory = replication.territory
        region = territory.parent if territory.parent_id else territory
        groups.setdefault(region, []).append(replication)
    return sorted(groups.items(), key=lambda item: item[0].name)


# The cache


def _cache_key(request, *parts):
    return catalogue_key(*parts, get_language(), request.scheme, request.get_host())


def _cached(key, build):
    parts = cache.get(key)
    if parts is None:
        parts = build()
        cache.set(key, parts, CACHE_TIMEOUT)
    return parts


def _page(request, parts, slots=None):
    """The cached parts of a page in the site's frame, its slots filled."""
    body = parts["body"]
    for slot, html in (slots or {}).items():
        body = body.replace(slot, html)
    context = {"title": parts["title"], "head": mark_safe(parts["head"]), "body": mark_safe(body)}
    return render(request, "catalogue/page.html", context)


def _og_locale():
    return "en_GB" if (get_language() or "").startswith("en") else "fr_FR"


# The catalogue


@require_GET
def index(request):
    digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    parts = _cached(_cache_key(request, "index", digest), lambda: _index_parts(request))
    return _page(request, parts)


def _index_parts(request):
    # Always bound, so that the default sort applies too.
    filterset = CatalogueFilter(request.GET, queryset=catalogue_cards())
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    for initiative in page:
        _describe(initiative)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filter": filterset,
        "page": page,
        "query": query.urlencode(),
        "levels": [(value, label, LEVEL_EXPLANATIONS[value]) for value, label in Level.CHOICES],
        "description": _(
            "Les initiatives contre le chômage de longue durée que l'accélérateur a repérées, "
            "évaluées et aide à essaimer, avec leur niveau de preuve."
        ),
        "canonical": request.build_absolute_uri(),
        "og_locale": _og_locale(),
    }
    return {
        "title": _("Ce qui marche"),
        "head": render_to_string("catalogue/index.html#head", context),
        "body": render_to_string("catalogue/index.html#body", context),
    }


# An initiative's public page


@require_GET
def initiative(request, pk, slug=""):
    parts = _cached(_cache_key(request, "initiative", pk), lambda: _initiative_parts(request, pk))
    if parts.get("missing"):
        raise Http404
    if slug != parts["slug"]:
        return redirect(parts["url"], permanent=True)
    slots = {KIT_SLOT: _kit_download(request, parts), LINKS_SLOT: _personal_links(request, parts)}
    return _page(request, parts, slots)


def _initiative_parts(request, pk):
    initiative = (
        _annotated(public_initiatives())
        .select_related("carrier")
        .prefetch_related("themes", "target_publics", "territories")
        .defer("search_vector")
        .filter(pk=pk)
        .first()
    )
    if initiative is None:
        return {"missing": True}
    _describe(initiative)
    evaluations = list(
        initiative.evaluations.filter(state=RATED)
        .select_related("rating")
        .prefetch_related("outcomes")
        .order_by("-rating__nesta_level", "created_at", "pk")
    )
    for evaluation in evaluations:
        for outcome in evaluation.outcomes.all():
            outcome.explanation = explain_outcome(outcome)
    replications = list(
        initiative.replications.filter(state__in=TAKEN_UP_STATES)
        .select_related("organisation", "territory__parent")
        .order_by("territory__code", "organisation__name", "pk")
    )
    strategies = Counter(replication.get_strategy_display() for replication in replications)
    kit = (
        initiative.transfer_kits.filter(state=PUBLISHED)
        .prefetch_related("invariants")
        .order_by("-version")
        .first()
    )
    url = reverse("catalogue:initiative", args=[initiative.pk, initiative.slug])
    sheet = initiative.public_sheet if initiative.sheet_published_at else ""
    description = Truncator(
        " ".join((sheet or initiative.summary or initiative.problem or initiative.title).split())
    ).chars(160)
    context = {
        "initiative": initiative,
        "sheet": sheet,
        "evaluations": evaluations,
        "nesta_scale": nesta_scale(),
        "regions": _by_region(replications),
        "strategies": strategies.most_common(),
        "replication_count": len(replications),
        "kit": kit,
        "kit_slot": mark_safe(KIT_SLOT),
        "links_slot": mark_safe(LINKS_SLOT),
        "description": description,
        "canonical": request.build_absolute_uri(url),
        "og_locale": _og_locale(),
    }
    return {
        "pk": initiative.pk,
        "slug": initiative.slug,
        "url": url,
        "stage": initiative.stage,
        "kit_pk": kit.pk if kit else None,
        "title": initiative.title,
        "head": render_to_string("catalogue/initiative.html#head", context),
        "body": render_to_string("catalogue/initiative.html#body", context),
    }


def _kit_download(request, parts):
    """The kit's download for whoever may have it, "Se connecter pour télécharger" for an
    anonymous visitor (who costs no query)."""
    if parts["kit_pk"] is None:
        return ""
    can_download = False
    if request.user.is_authenticated:
        kit = TransferKit.objects.select_related("initiative").filter(pk=parts["kit_pk"]).first()
        try:
            kind = document_kind("transfer_kit")
        except KeyError:
            kind = None
        can_download = kit is not None and kind is not None and kind.may_download(request.user, kit)
    return render_to_string(
        "catalogue/_kit_download.html",
        {"kit_pk": parts["kit_pk"], "can_download": can_download},
        request=request,
    )


def _personal_links(request, parts):
    if not request.user.is_authenticated:
        return ""
    return render_to_string(
        "catalogue/_links.html", {"pk": parts["pk"], "stage": parts["stage"]}, request=request
    )


# The sitemap


class CatalogueSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return ["catalogue:index"]

    def location(self, item):
        return reverse(item)


class InitiativeSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return (
            public_initiatives()
            .only("pk", "title", "stage", "stage_entered_at", "sheet_published_at")
            .order_by("pk")
        )

    def location(self, initiative):
        return reverse("catalogue:initiative", args=[initiative.pk, initiative.slug])

    def lastmod(self, initiative):
        return max(filter(None, [initiative.stage_entered_at, initiative.sheet_published_at]))


SITEMAPS = {"catalogue": CatalogueSitemap, "initiatives": InitiativeSitemap}


@require_GET
def sitemap(request):
    """sitemap.xml: the catalogue and every public initiative's page, cached like them."""
    key = _cache_key(request, "sitemap", request.GET.get("p", ""))

    def build():
        response = sitemap_view(request, sitemaps=SITEMAPS)
        return {"status": response.status_code, "content": response.render().content}

    built = _cached(key, build)
    response = HttpResponse(
        built["content"], status=built["status"], content_type="application/xml"
    )
    response.headers["X-Robots-Tag"] = "noindex, noodp, noarchive"
    return response


# The staff publish the public sheet of an identified initiative


class SheetForm(forms.Form):
    public_sheet = forms.CharField(
        label=gettext_lazy("Fiche publique"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


@login_required
@post_only_to("initiatives:file", get_initiative, perm=PUBLISH_SHEET)
def sheet(request, pk):
    """Publish (or update) the plain-language sheet of the initiative in the catalogue, or
    withdraw it from there."""
    initiative = get_initiative(request.user, pk, perm=PUBLISH_SHEET)
    if request.POST.get("action") == "unpublish":
        services.initiative_unpublish_sheet(initiative=initiative, by=request.user)
        messages.success(request, _("La fiche publique est retirée du catalogue."))
        return redirect("initiatives:file", pk=initiative.pk)
    form = SheetForm(request.POST)
    if not form.is_valid():
        messages.error(request, services.SHEET_EMPTY)
        return redirect("initiatives:file", pk=initiative.pk)
    try:
        services.initiative_publish_sheet(
            initiative=initiative, by=request.user, text=form.cleaned_data["public_sheet"]
        )
    except ValidationError as refused:
        messages.error(request, refused.messages[0])
        return redirect("initiatives:file", pk=initiative.pk)
    messages.success(
        request, _("La fiche publique est publiée dans le catalogue « Ce qui marche ».")
    )
    return redirect("initiatives:file", pk=initiative.pk)
