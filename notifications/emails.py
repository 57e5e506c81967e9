"""E-mail notifications: the kinds, who receives them, and the sending (text and HTML, in
French). Which event sends which kind is in subscribers.py; the Celery task that sends takes
ids only: the context's objects travel as (model label, pk) and are loaded again by the
worker.

Each mail links to the page its recipient acts on (ACTIONS) and to the profile page, with
absolute addresses built on settings.SITE_URL: the worker has no request to take a host from.
"""

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import models
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from accelerator import roles
from initiatives.models import Initiative, Stage
from initiatives.selectors import staff_members

from .models import NotificationPreference


class Kind(models.TextChoices):
    SUBMITTED = "submitted", _("Une initiative est soumise (chargé·es de mission)")
    CHANGES_REQUESTED = "changes_requested", _("Des compléments sont demandés sur mon initiative")
    IDENTIFIED = "identified", _("Mon initiative est repérée")
    DECLINED = "declined", _("Mon initiative est déclinée")
    VALIDATED = "validated", _("Mon initiative est validée")
    SPREADING_OPENED = "spreading_opened", _("L'essaimage de mon initiative est ouvert")
    EVALUATION_ASSIGNED = "evaluation_assigned", _("Une évaluation m'est confiée")
    REPORT_SUBMITTED = "report_submitted", _("Un rapport d'évaluation est remis (comité)")
    INTEREST_DECLARED = "interest_declared", _("Un partenaire déclare son intérêt")
    KIT_PUBLISHED = "kit_published", _("Un kit d'essaimage qui m'intéresse est publié")
    STALLED_DIGEST = "stalled_digest", _("Le récapitulatif hebdomadaire des initiatives en attente")


SUBJECTS = {
    Kind.SUBMITTED: _("Essaim : nouvelle initiative soumise, « %(title)s »"),
    Kind.CHANGES_REQUESTED: _("Essaim : des compléments sont demandés sur « %(title)s »"),
    Kind.IDENTIFIED: _("Essaim : « %(title)s » est repérée"),
    Kind.DECLINED: _("Essaim : « %(title)s » n'est pas retenue"),
    Kind.VALIDATED: _("Essaim : « %(title)s » est validée"),
    Kind.SPREADING_OPENED: _("Essaim : l'essaimage de « %(title)s » est ouvert"),
    Kind.EVALUATION_ASSIGNED: _("Essaim : l'évaluation de « %(title)s » vous est confiée"),
    Kind.REPORT_SUBMITTED: _("Essaim : le rapport d'évaluation de « %(title)s » est remis"),
    Kind.INTEREST_DECLARED: _("Essaim : intérêt déclaré pour « %(title)s »"),
    Kind.KIT_PUBLISHED: _("Essaim : le kit d'essaimage de « %(title)s » est publié"),
    Kind.STALLED_DIGEST: _(
        "Essaim : %(count)s initiative(s) en attente depuis plus de %(days)s jours"
    ),
}

# The page each kind's recipients act on: its URL name, the context object whose pk the URL
# takes (None: no argument) and the link's text.
ACTIONS = {
    Kind.SUBMITTED: ("initiatives:file", "initiative", _("Ouvrir le dossier")),
    Kind.CHANGES_REQUESTED: ("initiatives:detail", "initiative", _("Compléter votre initiative")),
    Kind.IDENTIFIED: ("initiatives:detail", "initiative", _("Voir votre initiative")),
    Kind.DECLINED: ("initiatives:detail", "initiative", _("Voir votre initiative")),
    Kind.VALIDATED: ("initiatives:detail", "initiative", _("Voir votre initiative")),
    Kind.SPREADING_OPENED: ("initiatives:detail", "initiative", _("Voir votre initiative")),
    Kind.EVALUATION_ASSIGNED: ("evaluations:detail", "evaluation", _("Ouvrir l'évaluation")),
    Kind.REPORT_SUBMITTED: ("evaluations:detail", "evaluation", _("Ouvrir l'évaluation")),
    Kind.INTEREST_DECLARED: (
        "swarming:replication",
        "replication",
        _("Voir la déclaration d'intérêt"),
    ),
    # Partners see the published kit on the initiative's page of their space (see action_url).
    Kind.KIT_PUBLISHED: ("swarming:partner_initiative", "initiative", _("Voir le kit publié")),
    Kind.STALLED_DIGEST: ("dashboard", None, _("Ouvrir le tableau de bord")),
}


def absolute_url(path):
    """`path`, from reverse(), on the site's public address: "https://…/suivi/initiatives/3/"."""
    return settings.SITE_URL.rstrip("/") + path


def action_url(kind, context):
    """The absolute URL of the page the recipients of `kind` act on."""
    name, obj, _label = ACTIONS[kind]
    if kind == Kind.KIT_PUBLISHED and context["initiative"].stage != Stage.SPREADING:
        # The partners' page of an initiative exists while its essaimage is open only.
        name, obj = "swarming:my_replications", None
    args = [context[obj].pk] if obj else []
    return absolute_url(reverse(name, args=args))


def links(kind, context):
    """The links a mail of `kind` shows, for its templates' context."""
    found = {
        "action_url": action_url(kind, context),
        "action_label": ACTIONS[kind][2],
        "preferences_url": absolute_url(reverse("profile")),
    }
    if "initiatives" in context:
        # The digest: each initiative's file, for staff.
        found["initiative_links"] = [
            (initiative, absolute_url(reverse("initiatives:file", args=[initiative.pk])))
            for initiative in context["initiatives"]
        ]
    return found


# Who is told.


def staff_ids():
    return list(staff_members().values_list("pk", flat=True))


def committee_ids():
    return list(
        get_user_model()
        .objects.filter(groups__name=roles.COMMITTEE, is_active=True)
        .values_list("pk", flat=True)
    )


def interested_partner_ids(initiative):
    """The members of the organisations that declared interest in taking `initiative` up."""
    return list(
        get_user_model()
        .objects.filter(organisations__replications__initiative=initiative, is_active=True)
        .distinct()
        .values_list("pk", flat=True)
    )


# Scheduling and sending.


def disabled_kinds(user):
    return set(user.notification_preferences.filter(enabled=False).values_list("kind", flat=True))


def wanting(kind, recipient_ids):
    """The active users among `recipient_ids` who did not turn `kind` off."""
    turned_off = NotificationPreference.objects.filter(kind=kind, enabled=False)
    return (
        get_user_model()
        .objects.filter(pk__in=recipient_ids, is_active=True)
        .exclude(pk__in=turned_off.values("user"))
        .exclude(email="")
        .order_by("pk")
    )


def load_context(context_ids):
    return {
        name: apps.get_model(label).objects.get(pk=pk) for name, (label, pk) in context_ids.items()
    }


def send(kind, recipient_ids, context):
    """One e-mail per recipient who wants `kind`, in French, text and HTML; how many sent."""
    kind = Kind(kind)
    sent = 0
    shared = {**context, **links(kind, context), "kind": kind, "days": settings.STALLED_AFTER_DAYS}
    with translation.override("fr"):
        for user in wanting(kind, recipient_ids):
            full = {**shared, "recipient": user}
            initiative = context.get("initiative")
            subject = SUBJECTS[kind] % {
                "title": getattr(initiative, "title", ""),
                "count": len(context.get("initiatives", [])),
                "days": settings.STALLED_AFTER_DAYS,
            }
            message = EmailMultiAlternatives(
                subject=str(subject),
                body=render_to_string(f"notifications/emails/{kind.value}.txt", full),
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[user.email],
            )
            message.attach_alternative(
                render_to_string(f"notifications/emails/{kind.value}.html", full), "text/html"
            )
            message.send()
            sent += 1
    return sent


def send_notification(kind, recipient_ids, context_ids):
    context = load_context(context_ids)
    for name in ("evaluation", "replication", "kit"):
        if name in context and "initiative" not in context:
            context["initiative"] = context[name].initiative
    return send(kind, recipient_ids, context)


def stalled_initiatives():
    return Initiative.objects.stalled().order_by("stage_entered_at")


def send_stalled_digest():
    """One mail per staff member listing the initiatives stalled at a non-final stage."""
    stalled = list(stalled_initiatives())
    if not stalled:
        return 0
    return send(Kind.STALLED_DIGEST, staff_ids(), {"initiatives": stalled})


# The profile page.


# Who receives each kind, by role (see the recipients in the services): the profile offers
# each user the kinds of their roles only.
KIND_ROLES = {
    Kind.SUBMITTED: {roles.STAFF},
    Kind.CHANGES_REQUESTED: {roles.INNOVATOR},
    Kind.IDENTIFIED: {roles.INNOVATOR},
    Kind.DECLINED: {roles.INNOVATOR},
    Kind.VALIDATED: {roles.INNOVATOR},
    Kind.SPREADING_OPENED: {roles.INNOVATOR},
    Kind.EVALUATION_ASSIGNED: {roles.EVALUATOR},
    Kind.REPORT_SUBMITTED: {roles.COMMITTEE},
    Kind.INTEREST_DECLARED: {roles.STAFF},
    Kind.KIT_PUBLISHED: {roles.PARTNER},
    Kind.STALLED_DIGEST: {roles.STAFF},
}


def kinds_for(user):
    """The kinds of e-mail `user` may receive, by their roles, in the order of Kind."""
    groups = set(user.groups.values_list("name", flat=True))
    return [kind for kind in Kind if KIND_ROLES[kind] & groups]
