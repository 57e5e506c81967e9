"""'Mes tâches': what waits for the signed-in user, one function per role.

Each function returns its sections (a title, the items, each with a label, a link and a
date), read through each app's models with one query per section whatever the number of
items. accelerator composes the apps here, as it does for the URLs.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm_log.models import StateLog

from accelerator import roles
from evaluations.models import Evaluation
from evaluations.models import State as EvaluationState
from initiatives.models import Initiative, Stage
from swarming.models import (
    Milestone,
    PlanState,
    Replication,
    ReplicationState,
    ScaleUpPlan,
    SpreadingConsent,
)

PARTNER_REPORT_DAYS = 30


@dataclass
class Task:
    label: str
    url: str
    date: datetime | None


@dataclass
class Section:
    title: str
    items: list[Task] = field(default_factory=list)

    @property
    def count(self):
        return len(self.items)


def staff_tasks(user):
    submitted = Initiative.objects.filter(stage=Stage.SUBMITTED).order_by("submitted_at", "pk")
    interests = (
        Replication.objects.filter(state=ReplicationState.INTEREST)
        .select_related("initiative", "organisation")
        .order_by("created_at", "pk")
    )
    stalled = Initiative.objects.stalled().filter(lead=user).order_by("stage_entered_at", "pk")
    return [
        Section(
            _("Soumissions à trier"),
            [
                Task(i.title, reverse("initiatives:file", args=[i.pk]), i.submitted_at)
                for i in submitted
            ],
        ),
        Section(
            _("Réplications en attente d'une décision"),
            [
                Task(
                    f"{r.initiative.title} — {r.organisation}",
                    reverse("swarming:replication", args=[r.pk]),
                    r.created_at,
                )
                for r in interests
            ],
        ),
        Section(
            _("Dossiers que vous suivez, à l'arrêt"),
            [
                Task(
                    f"{i.title} ({i.get_stage_display()})",
                    reverse("initiatives:file", args=[i.pk]),
                    i.stage_entered_at,
                )
                for i in stalled
            ],
        ),
    ]


def evaluator_tasks(user):
    due = (
        Evaluation.objects.filter(
            evaluator=user, state__in=[EvaluationState.PLANNED, EvaluationState.IN_PROGRESS]
        )
        .select_related("initiative")
        .order_by("created_at", "pk")
    )
    return [
        Section(
            _("Évaluations à mener"),
            [
                Task(
                    f"{e.initiative.title} — {e.get_kind_display()}",
                    reverse("evaluations:detail", args=[e.pk]),
                    e.created_at,
                )
                for e in due
            ],
        )
    ]


def committee_tasks(user):
    to_rate = (
        Evaluation.objects.filter(state=EvaluationState.REPORT_SUBMITTED)
        .exclude(evaluator=user)
        .exclude(initiative__carrier__members=user)
        .select_related("initiative")
        .order_by("submitted_at", "pk")
    )
    to_decide = (
        Initiative.objects.filter(stage=Stage.EVALUATED)
        .exclude(carrier__members=user)
        .order_by("stage_entered_at", "pk")
    )
    # A draft plan waits for the committee's approval (swarming.approve_plan).
    to_approve = (
        ScaleUpPlan.objects.filter(state=PlanState.DRAFT)
        .exclude(initiative__carrier__members=user)
        .select_related("initiative")
        .order_by("created_at", "pk")
    )
    return [
        Section(
            _("Évaluations à noter"),
            [
                Task(
                    f"{e.initiative.title} — {e.get_kind_display()}",
                    reverse("evaluations:detail", args=[e.pk]),
                    e.submitted_at,
                )
                for e in to_rate
            ],
        ),
        Section(
            _("Décisions à prendre"),
            [
                Task(i.title, reverse("initiatives:file", args=[i.pk]), i.stage_entered_at)
                for i in to_decide
            ],
        ),
        Section(
            _("Plans de changement d'échelle à approuver"),
            [
                Task(
                    p.initiative.title,
                    reverse("swarming:plan_detail", args=[p.pk]),
                    p.created_at,
                )
                for p in to_approve
            ],
        ),
    ]


def innovator_tasks(user):
    last_log = StateLog.objects.filter(
        content_type=ContentType.objects.get_for_model(Initiative), object_id=OuterRef("pk")
    ).order_by("-timestamp", "-pk")
    sent_back = (
        Initiative.objects.filter(owner=user, stage=Stage.DRAFT)
        .annotate(
            last_transition=Subquery(last_log.values("transition")[:1]),
            sent_back_at=Subquery(last_log.values("timestamp")[:1]),
        )
        .filter(last_transition="request_changes")
        .order_by("sent_back_at", "pk")
    )
    consent_asked = (
        Initiative.objects.filter(owner=user, stage=Stage.VALIDATED)
        .exclude(Exists(SpreadingConsent.objects.filter(initiative=OuterRef("pk"))))
        .order_by("stage_entered_at", "pk")
    )
    return [
        Section(
            _("Modifications demandées"),
            [
                Task(i.title, reverse("initiatives:detail", args=[i.pk]), i.sent_back_at)
                for i in sent_back
            ],
        ),
        Section(
            _("Accords à l'essaimage demandés"),
            [
                Task(i.title, reverse("swarming:consent", args=[i.pk]), i.stage_entered_at)
                for i in consent_asked
            ],
        ),
    ]


def partner_tasks(user):
    since = timezone.now() - timedelta(days=PARTNER_REPORT_DAYS)
    milestones = Milestone.objects.filter(replication=OuterRef("pk"))
    to_report = (
        Replication.objects.filter(
            organisation__members=user,
            state__in=[
                ReplicationState.AGREEMENT,
                ReplicationState.PREPARATION,
                ReplicationState.LAUNCHED,
            ],
        )
        .exclude(Exists(milestones.filter(reported_at__gte=since)))
        .annotate(
            last_report=Subquery(milestones.order_by("-reported_at").values("reported_at")[:1])
        )
        .select_related("initiative", "organisation")
        .order_by("pk")
        .distinct()
    )
    return [
        Section(
            _("Jalons à déclarer"),
            [
                Task(
                    f"{r.initiative.title} — {r.organisation}",
                    reverse("swarming:replication", args=[r.pk]),
                    r.last_report or r.created_at,
                )
                for r in to_report
            ],
        )
    ]


# In the order the home page shows them.
ROLE_TASKS = [
    (roles.STAFF, roles.is_staff_member, staff_tasks),
    (roles.EVALUATOR, roles.is_evaluator, evaluator_tasks),
    (roles.COMMITTEE, roles.is_committee_member, committee_tasks),
    (roles.INNOVATOR, roles.is_innovator, innovator_tasks),
    (roles.PARTNER, roles.is_partner, partner_tasks),
]


def my_tasks(user):
    """[(role label, sections)] for each role of `user`."""
    return [
        (roles.ROLES[role], tasks(user)) for role, has_role, tasks in ROLE_TASKS if has_role(user)
    ]
