"""Load the French demo data (demo/data/*.yaml) by telling its story through the services.

Every entry of the data files becomes one or more dated events: an account created, an
initiative drafted, a step of its chain, an evaluation planned, its findings, its report
handed in, a kit version drafted or published, a consent, a replication declared and its
steps and reports, a scale-up plan and its decisions. The loader sorts the events by date
and runs them in that order under a frozen clock (demo.clock.StoryClock) that it moves
forward from one to the next, each through the service the application uses (demo.builders),
permission and guards included. So every date (log timestamps, `stage_entered_at`, the stays
the dashboard reads, ratings, reports, publications) is the one the machine wrote at the
step, and every history is one the machine allowed: no log row is written here, no state
set, no date rewritten. A step the machine refuses stops the loading, with nothing saved,
and names the file, the entry and the step.

Dates are relative to the day of loading and span the last eighteen months.

Loading is idempotent, on natural keys: an account's e-mail, an organisation's name, a
call's title, an initiative's title. What exists is left alone; a missing initiative is
loaded with its whole story (evaluations, kits, consent, replications, plan). The parts of
an initiative already there are not added one by one: the machine would not have let its
history pass without them.
"""

import datetime
import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.text import slugify

from accelerator import roles
from accelerator.fsm import TransitionRefused
from documents import pdf
from evaluations import services as evaluation_services
from evaluations.models import Direction, Outcome
from initiatives import services as initiative_services
from initiatives.models import Call, Initiative, Organisation, TargetPublic, Territory, Theme
from notifications.subscribers import silenced
from swarming import services as swarming_services
from swarming.models import Fidelity

from . import builders
from .clock import StoryClock, days_ago
from .schema import ADMIN, OWNER, DemoData, DemoDataError, read_data

DEMO_PASSWORD = "essaim-demo"
ADMIN_LABEL = "Administrateur·rice (admin Django)"
STAFF = "charge@essaim.demo"
COMMITTEE = "comite@essaim.demo"
# The story's first moment: the accounts, organisations and calls exist from then on.
ORIGIN_DAYS = 550
REPORT_TEMPLATE = "pdf/demo_evaluation_report.html"
KINDS = [
    "users",
    "organisations",
    "calls",
    "initiatives",
    "evaluations",
    "reports",
    "kits",
    "consents",
    "replications",
    "plans",
]


@dataclass(order=True)
class Event:
    when: datetime.datetime
    order: int
    where: str = field(compare=False)
    run: Callable[[], None] = field(compare=False)


def _reference(model, names, where):
    found = {item.name: item for item in model.objects.filter(name__in=names)}
    missing = [name for name in names if name not in found]
    if missing:
        raise LookupError(f"{where}: {model.__name__} missing from the reference data: {missing}")
    return [found[name] for name in names]


def _territories(codes):
    """Départements by INSEE code, régions as "R" and their code (latest COG year)."""
    territories = []
    for code in codes:
        kind, value = (
            (Territory.Kind.REGION, code[1:])
            if code.startswith("R")
            else (Territory.Kind.DEPARTMENT, code)
        )
        territory = Territory.objects.filter(kind=kind, code=value).order_by("-cog_year").first()
        if territory is None:
            raise LookupError(f"No {kind} with code {value}: did the migrations run?")
        territories.append(territory)
    return territories


@functools.lru_cache(maxsize=64)
def _rendered(html):
    """The PDF of `html`; a report renders once per process (the tests load the demo many
    times over, and its reports read the same on the same day)."""
    data, _pages = pdf.html_to_pdf(html)
    return data


def report_file(evaluation) -> ContentFile:
    """The report the evaluator hands in now: a small PDF of the evaluation's questions,
    design, sample, period and results, dated (its metadata) at this moment."""
    html = pdf.render_html(
        REPORT_TEMPLATE,
        {
            "evaluation": evaluation,
            "initiative": evaluation.initiative,
            "questions": [line for line in evaluation.questions.splitlines() if line.strip()],
            "outcomes": list(evaluation.outcomes.all()),
            "submitted_at": timezone.localtime(),
        },
    )
    return ContentFile(_rendered(html), name=f"rapport-{slugify(evaluation.initiative.title)}.pdf")


def _month(moment) -> str:
    with translation.override("fr"):
        text = formats.date_format(timezone.localtime(moment), "F Y")
    return text[:1].upper() + text[1:]


def _measured(reference, ratio, index):
    """A value near the original's: `ratio` of it, a little more or less per indicator."""
    factor = Decimal(ratio) + Decimal("0.04") * (index % 3 - 1)
    return (reference * factor).quantize(Decimal("0.1"))


class Loader:
    """Schedules the events of the missing part of the demo, then runs them in order."""

    def __init__(self, data: DemoData):
        self.data = data
        self.now = timezone.localtime()
        self.events: list[Event] = []
        self.created = dict.fromkeys(KINDS, 0)
        self.users: dict[str, object] = {}
        self.organisations: dict[str, Organisation] = {}
        self.calls: dict[str, Call] = {}

    # Scheduling.

    def at(self, days, salt=0):
        return days_ago(days, salt=salt, now=self.now)

    def on(self, when, where, run):
        self.events.append(Event(when, len(self.events), where, run))

    def count(self, kind):
        self.created[kind] += 1

    def person(self, email):
        return self.users[email]

    # The accounts, organisations and calls.

    def schedule_base(self, origin):
        self.on(origin, "accounts.yaml, organisations.yaml, calls.yaml", self._ensure_base)

    def _ensure_base(self):
        password = make_password(DEMO_PASSWORD)
        groups = {group.name: group for group in Group.objects.filter(name__in=roles.ROLES)}
        User = get_user_model()
        for account in self.data.accounts:
            user = User.objects.filter(email__iexact=account.email).first()
            if user is None:
                admin = account.role == ADMIN
                user = User(
                    email=account.email,
                    first_name=account.first_name,
                    last_name=account.last_name,
                    password=password,
                    is_staff=admin,
                    is_superuser=admin,
                )
                user.save()
                if not admin:
                    user.groups.add(groups[account.role])
                self.count("users")
            self.users[account.email] = user
        for spec in self.data.organisations:
            organisation = Organisation.objects.filter(name=spec.name).order_by("pk").first()
            if organisation is None:
                organisation = initiative_services.organisation_save(
                    organisation=Organisation(
                        name=spec.name,
                        legal_form=spec.legal_form,
                        not_for_profit=spec.not_for_profit,
                        territory=_territories([spec.department])[0],
                    )
                )
                self.count("organisations")
            self.organisations[spec.name] = organisation
        for account in self.data.accounts:
            for name in account.organisations:
                self.organisations[name].members.add(self.users[account.email])
        today = timezone.localdate(self.now)
        for spec in self.data.calls:
            call = Call.objects.filter(title=spec.title).order_by("pk").first()
            if call is None:
                call = Call.objects.create(
                    title=spec.title,
                    description=spec.description,
                    opens_on=today - datetime.timedelta(days=spec.opens),
                    closes_on=today - datetime.timedelta(days=spec.closes),
                )
                self.count("calls")
            self.calls[spec.title] = call

    # One initiative's story.

    def schedule_initiative(self, spec, salt):
        story = _Story(self, spec, salt)
        story.schedule()

    # Running.

    def run(self):
        self.events.sort()
        # The notifications of a story told in the past were due then: none is queued today
        # (they would go out after the commit, inside this block).
        with (
            silenced(),
            transaction.atomic(),
            StoryClock(self.events[0].when) as clock,
        ):
            for event in self.events:
                clock.move_to(event.when)
                try:
                    event.run()
                except TransitionRefused as refusal:
                    raise DemoDataError(
                        f"{event.where}: the machine refused it: {' '.join(refusal.reasons)}"
                    ) from refusal
                except (ValidationError, LookupError, ValueError) as error:
                    if isinstance(error, DemoDataError):
                        raise
                    raise DemoDataError(f"{event.where}: {error}") from error


class _Story:
    """The events of one initiative and of everything that hangs on it."""

    def __init__(self, loader: Loader, spec, salt: int):
        self.loader, self.spec, self.salt = loader, spec, salt
        self.title = spec.title
        self.texts = loader.data.texts
        self.initiative = None
        self.evaluations = {}
        self.kits = {}

    def at(self, days):
        return self.loader.at(days, self.salt)

    def on(self, days, where, run):
        self.loader.on(self.at(days), where, run)

    @property
    def staff(self):
        return self.loader.person(STAFF)

    @property
    def committee(self):
        return self.loader.person(COMMITTEE)

    def schedule(self):
        spec, where = self.spec, f"initiatives.yaml: « {self.title} »"
        self.on(spec.created, f"{where}: created", self.create)
        if spec.updated is not None:
            self.on(spec.updated, f"{where}: updated", self.update_draft)
        submitted = False
        for index, step in enumerate(spec.history):
            lead = spec.lead if step.name == "submit" and not submitted else None
            submitted = submitted or step.name == "submit"
            self.on(
                step.days_ago,
                f"{where}: history[{index}] ({step.name}, {step.days_ago} days ago)",
                functools.partial(self.step, step, lead),
            )
        if spec.public_sheet is not None:
            self.on(spec.public_sheet[0], f"{where}: public_sheet", self.publish_sheet)
        for index, evaluation in enumerate(self.loader.data.evaluations.get(self.title, ())):
            self.schedule_evaluation(index, evaluation)
        if self.title in self.loader.data.kits:
            self.schedule_kit(self.loader.data.kits[self.title])
        for replication in self.loader.data.replications:
            if replication.initiative == self.title:
                self.schedule_replication(replication)
        if self.title in self.loader.data.plans:
            self.schedule_plan(self.loader.data.plans[self.title])

    # The initiative.

    def create(self):
        spec, where = self.spec, f"initiatives.yaml: « {self.title} »"
        self.initiative = initiative_services.initiative_create(
            owner=self.loader.person(spec.owner),
            data={
                "title": spec.title,
                "carrier": self.loader.organisations[spec.carrier],
                "call": self.loader.calls.get(spec.call),
                "maturity": spec.maturity,
                "budget": spec.budget,
                "cost_per_beneficiary": spec.cost_per_beneficiary,
                **spec.texts,
            },
            m2m={
                "themes": _reference(Theme, spec.themes, where),
                "target_publics": _reference(TargetPublic, spec.publics, where),
                "territories": _territories(spec.territories),
            },
        )
        self.loader.count("initiatives")

    def update_draft(self):
        initiative_services.initiative_update_draft(
            initiative=self.initiative, data=dict(self.spec.texts)
        )

    def step(self, step, lead):
        initiative = self.initiative
        scores = None
        if self.spec.scores is not None:
            scores = {
                criterion: (score, self.texts.scorecard[criterion][score])
                for criterion, score in self.spec.scores.items()
            }
        by = builders.actor(
            initiative,
            step.name,
            [initiative.owner, self.staff, self.committee],
        )
        text = step.message or self.texts.steps.get(step.name, "")
        builders.initiative_step(initiative, step.name, by=by, text=text, scores=scores)
        if lead is not None:
            initiative_services.initiative_assign_lead(
                initiative=initiative, lead=self.loader.person(lead), by=self.staff
            )

    def publish_sheet(self):
        initiative_services.initiative_publish_sheet(
            initiative=self.initiative, by=self.staff, text=self.spec.public_sheet[1]
        )

    # Its evaluations.

    def schedule_evaluation(self, index, spec):
        where = f"evaluations.yaml: « {self.title} », evaluation {index + 1}"
        handed_in = any(step.name == "submit_report" for step in spec.history)
        findings_at = spec.updated if spec.updated is not None else None
        self.on(
            spec.planned,
            f"{where}: planned",
            functools.partial(
                self.plan_evaluation,
                index,
                spec,
                with_findings=findings_at is None and not handed_in,
            ),
        )
        if findings_at is not None:
            self.on(
                findings_at,
                f"{where}: updated",
                functools.partial(self.record_findings, index, spec),
            )
        for number, step in enumerate(spec.history):
            self.on(
                step.days_ago,
                f"{where}: history[{number}] ({step.name}, {step.days_ago} days ago)",
                functools.partial(
                    self.evaluation_step,
                    index,
                    spec,
                    step,
                    with_findings=findings_at is None and step.name == "submit_report",
                ),
            )
        for number, outcome in enumerate(spec.outcomes):
            if outcome.resolution is not None:
                self.on(
                    outcome.resolution[0],
                    f"{where}: outcomes[{number}].resolution",
                    functools.partial(self.resolve, index, outcome),
                )

    def plan_evaluation(self, index, spec, *, with_findings):
        evaluator = self.loader.person(spec.evaluator) if spec.evaluator else None
        period = {}
        if spec.period is not None:
            start, end = spec.period
            period = {
                "period_start": timezone.localdate(self.at(start)),
                "period_end": timezone.localdate(self.at(end)),
            }
        evaluation = evaluation_services.evaluation_plan(
            initiative=self.initiative,
            by=self.staff,
            data={
                "kind": spec.kind,
                "questions": spec.questions,
                "design": spec.design,
                "commissioner": spec.commissioner,
                "evaluator": evaluator,
                "external_evaluator": spec.external,
                "independent": spec.independent,
                "treated_size": spec.treated,
                "comparison_size": spec.comparison,
                "sites": spec.sites,
                "territory": _territories([spec.territory])[0] if spec.territory else None,
                **period,
            },
        )
        self.evaluations[index] = evaluation
        self.loader.count("evaluations")
        if with_findings:
            self.record_findings(index, spec)

    def record_findings(self, index, spec):
        data = {
            "summary": spec.summary,
            "attrition": spec.attrition,
            "cost_per_beneficiary": spec.cost,
        }
        builders.evaluation_record_findings(
            self.evaluations[index],
            data={name: value for name, value in data.items() if value not in (None, "")},
            outcomes=[
                {
                    "indicator": outcome.indicator,
                    "horizon": outcome.horizon,
                    "effect_size": outcome.effect,
                    "ci_low": outcome.low,
                    "ci_high": outcome.high,
                    "unit": outcome.unit,
                    "direction": outcome.direction,
                }
                for outcome in spec.outcomes
            ],
        )

    def evaluation_step(self, index, spec, step, *, with_findings):
        evaluation = self.evaluations[index]
        by = builders.actor(
            evaluation, step.name, [evaluation.evaluator, self.staff, self.committee]
        )
        if step.name == "submit_report":
            if with_findings:
                self.record_findings(index, spec)
            message = step.message or (
                self.texts.external_report_handed_in.format(external=spec.external)
                if spec.external
                else self.texts.report_handed_in
            )
            builders.evaluation_hand_in(
                evaluation, by=by, report=report_file(evaluation), message=message
            )
            self.loader.count("reports")
        else:
            builders.evaluation_step(
                evaluation, step.name, by=by, text=step.message, nesta_level=spec.nesta
            )

    def resolve(self, index, outcome):
        found = self.evaluations[index].outcomes.get(indicator=outcome.indicator)
        evaluation_services.outcome_resolve(
            outcome=found, by=self.staff, resolution=outcome.resolution[1]
        )

    # Its kit and the carrier's consent.

    def schedule_kit(self, kit):
        where = f"kits.yaml: « {self.title} »"
        for number, version in enumerate(kit.versions, 1):
            here = f"{where}, version {number}"
            self.on(
                version.drafted,
                f"{here}: drafted",
                functools.partial(self.draft_kit, number, version),
            )
            if version.published is not None:
                self.on(
                    version.published,
                    f"{here}: published",
                    functools.partial(self.publish_kit, number, version),
                )
            else:
                self.on(
                    version.updated,
                    f"{here}: updated",
                    functools.partial(self.write_kit, number, version),
                )
        if kit.consent is not None:
            self.on(kit.consent[0], f"{where}: consent", functools.partial(self.consent, kit))

    def draft_kit(self, number, version):
        initiative = self.initiative
        author = initiative.owner if version.by == OWNER else self.loader.person(version.by)
        kit = swarming_services.kit_draft(initiative=initiative, by=author)
        if kit.version != number:
            raise ValueError(f"a draft of version {kit.version} is already being written")
        self.kits[number] = kit
        self.loader.count("kits")
        if version.published is not None:
            self.write_kit(number, version)

    def write_kit(self, number, version):
        builders.kit_write(
            self.kits[number],
            sections=version.sections,
            invariants=version.invariants,
            indicators=[self.indicator(item) for item in version.indicators],
        )

    def indicator(self, item):
        """A shared indicator; from an outcome of the rated evaluations, whose effect is the
        original's result (as the kit's page prefills it), when only its label is given."""
        if item.unit is not None:
            return {
                "label": item.label,
                "unit": item.unit,
                "reference_value": item.reference,
                "reference_note": item.source,
            }
        outcome = (
            Outcome.objects.filter(
                evaluation__in=self.initiative.evaluations.rated(), indicator=item.label
            )
            .exclude(direction=Direction.NEGATIVE)
            .select_related("evaluation")
            .order_by("evaluation__pk", "pk")
            .first()
        )
        if outcome is None:
            raise LookupError(f"no rated outcome « {item.label} » for the kit's indicator")
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
        return {
            "label": outcome.indicator,
            "unit": outcome.unit[:50],
            "reference_value": outcome.effect_size,
            "reference_note": note[:200],
        }

    def publish_kit(self, number, version):
        kit = self.kits[number]
        message = version.message or self.texts.kit_published.format(version=kit.version)
        by = builders.actor(kit, "publish", [self.staff])
        swarming_services.kit_publish(kit=kit, by=by, message=message)

    def consent(self, kit):
        swarming_services.consent_give(
            initiative=self.initiative, by=self.initiative.owner, terms=kit.consent[1]
        )
        self.loader.count("consents")

    # Its replications.

    def schedule_replication(self, spec):
        where = f"replications.yaml: « {self.title} », {spec.organisation}"
        state = {}
        self.on(
            spec.declared,
            f"{where}: declared",
            functools.partial(self.declare, spec, state),
        )
        for index, step in enumerate(spec.history):
            self.on(
                step.days_ago,
                f"{where}: history[{index}] ({step.name}, {step.days_ago} days ago)",
                functools.partial(self.replication_step, state, step),
            )
        for index, (title, days, note) in enumerate(spec.milestones):
            self.on(
                days,
                f"{where}: milestones[{index}]",
                functools.partial(self.milestone, spec, state, title, note),
            )
        for index, report in enumerate(spec.fidelity):
            self.on(
                report.days_ago,
                f"{where}: fidelity[{index}]",
                functools.partial(self.fidelity, spec, state, report),
            )
        for index, (days, ratio) in enumerate(spec.measures):
            self.on(
                days,
                f"{where}: measures[{index}]",
                functools.partial(self.measure, spec, state, index, ratio),
            )

    def declare(self, spec, state):
        state["replication"] = swarming_services.replication_declare_interest(
            initiative=self.initiative,
            organisation=self.loader.organisations[spec.organisation],
            territory=_territories([spec.territory])[0],
            strategy=spec.strategy,
            motivation=spec.motivation,
            by=self.loader.person(spec.declared_by),
        )
        self.loader.count("replications")

    def replication_step(self, state, step):
        replication = state["replication"]
        by = builders.actor(replication, step.name, [self.staff, self.committee])
        builders.replication_step(replication, step.name, by=by, text=step.message)

    def milestone(self, spec, state, title, note):
        swarming_services.replication_report_milestone(
            replication=state["replication"],
            by=self.loader.person(spec.declared_by),
            title=title,
            reached_on=timezone.localdate(),
            note=note,
        )

    def fidelity(self, spec, state, report):
        replication = state["replication"]
        invariants = {invariant.label: invariant for invariant in replication.kit.invariants.all()}
        unknown = set(report.exceptions) - set(invariants)
        if unknown:
            raise LookupError(f"not an invariant of the kit followed: {sorted(unknown)}")
        swarming_services.replication_report_fidelity(
            replication=replication,
            by=self.loader.person(spec.declared_by),
            reported_on=timezone.localdate(),
            statuses={
                invariant: report.exceptions.get(label, (Fidelity.RESPECTED, ""))
                for label, invariant in invariants.items()
            },
        )

    def measure(self, spec, state, number, ratio):
        replication = state["replication"]
        comments = self.texts.measure_comments
        indicators = [i for i in replication.kit.indicators.all() if i.reference_value is not None]
        for index, indicator in enumerate(indicators):
            swarming_services.replication_report_indicator(
                replication=replication,
                by=self.loader.person(spec.declared_by),
                indicator=indicator,
                value=_measured(indicator.reference_value, ratio, index),
                measured_on=timezone.localdate(),
                comment=comments[min(number, len(comments) - 1)],
            )

    # Its scale-up plan.

    def schedule_plan(self, spec):
        where = f"plans.yaml: « {self.title} »"
        state = {}
        self.on(spec.created, f"{where}: created", functools.partial(self.plan, spec, state))
        for index, step in enumerate(spec.history):
            self.on(
                step.days_ago,
                f"{where}: history[{index}] ({step.name}, {step.days_ago} days ago)",
                functools.partial(self.plan_step, state, step),
            )

    def plan(self, spec, state):
        milestones = "\n".join(
            f"{_month(self.at(days))} : {text}" for days, text in spec.milestones
        )
        state["plan"] = swarming_services.plan_create(
            initiative=self.initiative,
            by=self.initiative.owner,
            data={"budget": spec.budget, "milestones": milestones},
            territories=_territories(spec.territories),
        )
        self.loader.count("plans")

    def plan_step(self, state, step):
        plan = state["plan"]
        by = builders.actor(plan, step.name, [self.staff, self.committee])
        builders.plan_step(plan, step.name, by=by, text=step.message)


def _write(stdout, message):
    if stdout is not None:
        stdout.write(message)


def printed_accounts(data: DemoData):
    """One account per role, in the order of the file, then the superuser."""
    seen, printed = set(), []
    for account in data.accounts:
        if account.role != ADMIN and account.role not in seen:
            seen.add(account.role)
            printed.append(account)
    printed.extend(account for account in data.accounts if account.role == ADMIN)
    return [
        {
            "role": account.role,
            "label": ADMIN_LABEL if account.role == ADMIN else str(roles.ROLES[account.role]),
            "email": account.email,
            "password": DEMO_PASSWORD,
        }
        for account in printed
    ]


def load_demo_data(stdout=None, data: DemoData | None = None) -> dict:
    """Load the French demo data set; a second run creates nothing.

    Returns what was created (`created`: counts per kind), whether everything was already
    there (`already_loaded`), and the demo accounts (`accounts`: role, label, e-mail,
    password). Raises DemoDataError when a data file is wrong or the machine refuses one of
    its steps; nothing is saved then.
    """
    data = data or read_data()
    accounts = printed_accounts(data)
    emails = [account.email for account in data.accounts]
    titles = [spec.title for spec in data.initiatives]
    present = set(Initiative.objects.filter(title__in=titles).values_list("title", flat=True))
    already = (
        get_user_model().objects.filter(email__in=emails).count() == len(emails)
        and Organisation.objects.filter(name__in=[o.name for o in data.organisations])
        .values("name")
        .distinct()
        .count()
        == len(data.organisations)
        and Call.objects.filter(title__in=[c.title for c in data.calls])
        .values("title")
        .distinct()
        .count()
        == len(data.calls)
        and present == set(titles)
    )
    if already:
        _write(stdout, "Les données de démonstration sont déjà chargées : rien à faire.")
        return {"already_loaded": True, "created": dict.fromkeys(KINDS, 0), "accounts": accounts}

    loader = Loader(data)
    for salt, spec in enumerate(data.initiatives):
        if spec.title not in present:
            loader.schedule_initiative(spec, salt)
    first = min((event.when for event in loader.events), default=loader.at(ORIGIN_DAYS))
    loader.schedule_base(min(first, loader.at(ORIGIN_DAYS)) - datetime.timedelta(hours=1))
    loader.run()

    _write(
        stdout,
        "Données de démonstration chargées : {users} comptes, {organisations} structures, "
        "{calls} appels à initiatives, {initiatives} initiatives, "
        "{evaluations} évaluations, {reports} rapports d'évaluation, {kits} versions de kits "
        "d'essaimage, {consents} accords d'essaimage, {replications} réplications, {plans} "
        "plans de changement d'échelle.".format(**loader.created),
    )
    return {"already_loaded": False, "created": loader.created, "accounts": accounts}
