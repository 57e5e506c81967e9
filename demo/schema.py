"""The demo's data files (demo/data/*.yaml), read into typed records and checked.

Each file is read by a small typed reader that refuses what it does not expect: a missing or
unknown field, a value of the wrong type, a choice the models do not know, a reference to an
account, organisation, call or initiative that the other files do not define, steps that are
not transitions of their model or do not go forward in time. The refusal is a
`DemoDataError` whose message names the file, the entry and the field.

Dates are in days before the day of loading ("days ago"; negative: to come). Whether a step
may run (its source state, its permission, its guards) is not checked here: the loader runs
every step through the services, and the machine refuses what it does not allow.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from accelerator import roles
from evaluations.models import Design, Direction, Evaluation, Kind, NestaLevel
from initiatives.models import Criterion, Initiative, Maturity, Organisation
from swarming.models import KIT_SECTIONS, Fidelity, Replication, ScaleUpPlan, Strategy

from .reader import DemoDataError, Entry, entries, forward, kind_of, load_file, mappings

DATA_DIR = Path(__file__).resolve().parent / "data"
ADMIN = "admin"  # the role of the Django superuser in accounts.yaml
OWNER = "owner"  # "the initiative's owner", where an account is expected


# Records.


@dataclass(frozen=True)
class Step:
    name: str
    days_ago: int
    message: str = ""


@dataclass(frozen=True)
class Account:
    email: str
    first_name: str
    last_name: str
    role: str  # a group of accelerator.roles, or ADMIN
    organisations: tuple[str, ...] = ()


@dataclass(frozen=True)
class OrganisationSpec:
    name: str
    legal_form: str
    not_for_profit: bool
    department: str


@dataclass(frozen=True)
class CallSpec:
    title: str
    description: str
    opens: int
    closes: int


@dataclass(frozen=True)
class InitiativeSpec:
    title: str
    owner: str
    carrier: str
    call: str | None
    maturity: str
    texts: dict[str, str]  # summary, problem, theory_of_change, expected_outcomes
    budget: Decimal | None
    cost_per_beneficiary: Decimal | None
    themes: tuple[str, ...]
    publics: tuple[str, ...]
    territories: tuple[str, ...]
    created: int
    updated: int | None
    scores: dict[str, int] | None
    lead: str | None
    public_sheet: tuple[int, str] | None
    history: tuple[Step, ...]


@dataclass(frozen=True)
class OutcomeSpec:
    indicator: str
    horizon: str
    effect: Decimal | None
    low: Decimal | None
    high: Decimal | None
    unit: str
    direction: str
    resolution: tuple[int, str] | None = None


@dataclass(frozen=True)
class EvaluationSpec:
    kind: str
    design: str
    questions: str
    commissioner: str
    evaluator: str | None
    external: str
    independent: bool
    treated: int | None
    comparison: int | None
    sites: int | None
    attrition: Decimal | None
    period: tuple[int, int] | None
    territory: str | None
    cost: Decimal | None
    summary: str
    outcomes: tuple[OutcomeSpec, ...]
    planned: int
    updated: int | None
    nesta: int | None
    history: tuple[Step, ...]


@dataclass(frozen=True)
class IndicatorSpec:
    label: str
    # None: the reference value and its source are read from the rated outcome `label`.
    unit: str | None = None
    reference: Decimal | None = None
    source: str = ""


@dataclass(frozen=True)
class KitVersionSpec:
    by: str  # OWNER or an account
    drafted: int
    published: int | None
    updated: int | None
    message: str
    sections: dict[str, str]
    invariants: tuple[tuple[str, str], ...]
    indicators: tuple[IndicatorSpec, ...]


@dataclass(frozen=True)
class KitSpec:
    consent: tuple[int, str] | None
    versions: tuple[KitVersionSpec, ...]


@dataclass(frozen=True)
class FidelitySpec:
    days_ago: int
    exceptions: dict[str, tuple[str, str]]  # invariant label: (status, comment)


@dataclass(frozen=True)
class ReplicationSpec:
    initiative: str
    organisation: str
    territory: str
    strategy: str
    declared_by: str
    declared: int
    motivation: str
    history: tuple[Step, ...]
    milestones: tuple[tuple[str, int, str], ...]  # title, days ago, note
    fidelity: tuple[FidelitySpec, ...]
    measures: tuple[tuple[int, Decimal], ...]  # days ago, ratio to the original's values


@dataclass(frozen=True)
class PlanSpec:
    created: int
    territories: tuple[str, ...]
    budget: Decimal
    milestones: tuple[tuple[int, str], ...]
    history: tuple[Step, ...]


@dataclass(frozen=True)
class Texts:
    steps: dict[str, str]
    scorecard: dict[str, dict[int, str]]
    report_handed_in: str
    external_report_handed_in: str
    kit_published: str
    measure_comments: tuple[str, ...]


@dataclass(frozen=True)
class DemoData:
    accounts: tuple[Account, ...]
    organisations: tuple[OrganisationSpec, ...]
    calls: tuple[CallSpec, ...]
    initiatives: tuple[InitiativeSpec, ...]
    evaluations: dict[str, tuple[EvaluationSpec, ...]]
    kits: dict[str, KitSpec]
    replications: tuple[ReplicationSpec, ...]
    plans: dict[str, PlanSpec]
    texts: Texts
    by_title: dict[str, InitiativeSpec] = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "by_title", {spec.title: spec for spec in self.initiatives})


def _transitions(model) -> set[str]:
    return {
        name
        for name in dir(model)
        if hasattr(getattr(model, name, None), "_django_fsm") and not name.startswith("_")
    }


def _history(entry: Entry, model, name: str = "history") -> tuple[Step, ...]:
    names = _transitions(model)
    steps = []
    for item in entry.items(name):
        if not isinstance(item, Entry):
            raise entry.refuse(name, f"each step is a mapping, found {kind_of(item)}")
        step = item.text("step")
        if step not in names:
            raise item.refuse(
                "step",
                f"{step!r} is not a transition of {model.__name__} ({', '.join(sorted(names))})",
            )
        steps.append(Step(step, item.days_ago("days_ago"), item.text("message", required=False)))
        item.done()
    forward(entry, name, [(f"{name}[{i}].days_ago", s.days_ago) for i, s in enumerate(steps)])
    return tuple(steps)


# The files.


def _accounts(data) -> tuple[Account, ...]:
    accounts = []
    for entry in entries("accounts.yaml", data, "email"):
        accounts.append(
            Account(
                email=entry.text("email"),
                first_name=entry.text("first_name"),
                last_name=entry.text("last_name"),
                role=entry.choice("role", [*roles.ROLES, ADMIN]),
                organisations=entry.strings("organisations"),
            )
        )
        entry.done()
    return tuple(accounts)


def _organisations(data) -> tuple[OrganisationSpec, ...]:
    organisations = []
    for entry in entries("organisations.yaml", data, "name"):
        organisations.append(
            OrganisationSpec(
                name=entry.text("name"),
                legal_form=entry.choice("legal_form", Organisation.LegalForm.values),
                not_for_profit=entry.boolean("not_for_profit"),
                department=entry.code("department"),
            )
        )
        entry.done()
    return tuple(organisations)


def _calls(data) -> tuple[CallSpec, ...]:
    calls = []
    for entry in entries("calls.yaml", data, "title"):
        spec = CallSpec(
            title=entry.text("title"),
            description=entry.text("description"),
            opens=entry.integer("opens"),
            closes=entry.integer("closes"),
        )
        if spec.closes >= spec.opens:
            raise entry.refuse("closes", "the call closes before it opens")
        calls.append(spec)
        entry.done()
    return tuple(calls)


INITIATIVE_TEXTS = ("summary", "problem", "theory_of_change", "expected_outcomes")


def _initiatives(data) -> tuple[InitiativeSpec, ...]:
    initiatives = []
    for entry in entries("initiatives.yaml", data, "title"):
        history = _history(entry, Initiative)
        first = history[0].days_ago if history else None
        created = entry.days_ago("created", required=not history)
        if created is None:
            created = min(first + 12, 547)
        updated = entry.days_ago("updated", required=False)
        forward(entry, "created", [("created", created), ("history[0].days_ago", first)])
        if updated is not None and updated >= created:
            raise entry.refuse("updated", "the draft is saved after it was created")
        scores = None
        card = entry.mapping("scores", required=any(s.name == "identify" for s in history))
        if card is not None:
            scores = {c: card.integer(c, minimum=0) for c in Criterion.values}
            for criterion, score in scores.items():
                if score > 3:
                    raise card.refuse(criterion, f"{score} is above 3")
            card.done()
        sheet = entry.mapping("public_sheet", required=False)
        if sheet is not None:
            public_sheet = (sheet.days_ago("days_ago"), sheet.text("text"))
            sheet.done()
        initiatives.append(
            InitiativeSpec(
                title=entry.text("title"),
                owner=entry.text("owner"),
                carrier=entry.text("carrier"),
                call=entry.text("call", required=False) or None,
                maturity=entry.choice("maturity", Maturity.values),
                texts={name: entry.text(name, required=False) for name in INITIATIVE_TEXTS},
                budget=entry.decimal("budget"),
                cost_per_beneficiary=entry.decimal("cost_per_beneficiary"),
                themes=entry.strings("themes"),
                publics=entry.strings("publics"),
                territories=entry.strings("territories"),
                created=created,
                updated=updated,
                scores=scores,
                lead=entry.text("lead", required=False) or None,
                public_sheet=public_sheet if sheet is not None else None,
                history=history,
            )
        )
        entry.done()
    return tuple(initiatives)


def _outcome(entry: Entry) -> OutcomeSpec:
    resolution = entry.mapping("resolution", required=False)
    outcome = OutcomeSpec(
        indicator=entry.text("indicator"),
        horizon=entry.text("horizon", required=False),
        effect=entry.decimal("effect"),
        low=entry.decimal("low"),
        high=entry.decimal("high"),
        unit=entry.text("unit", required=False),
        direction=entry.choice("direction", Direction.values),
        resolution=(
            (resolution.days_ago("days_ago"), resolution.text("text")) if resolution else None
        ),
    )
    if resolution is not None:
        resolution.done()
    values = [outcome.effect, outcome.low, outcome.high]
    if any(v is not None for v in values) and not (
        None not in values and outcome.low <= outcome.effect <= outcome.high
    ):
        raise entry.refuse("effect", "the interval (low, high) must frame the effect")
    entry.done()
    return outcome


def _evaluations(data) -> dict[str, tuple[EvaluationSpec, ...]]:
    evaluations = {}
    for title, items in data.items():
        if not isinstance(items, list):
            raise DemoDataError(f"evaluations.yaml: « {title} »: expected a list of evaluations")
        specs = []
        for index, item in enumerate(items):
            entry = Entry("evaluations.yaml", f"« {title} », evaluation {index + 1}", item)
            history = _history(entry, Evaluation)
            planned = entry.days_ago("planned")
            forward(
                entry,
                "planned",
                [("planned", planned)]
                + [(f"history[{i}].days_ago", step.days_ago) for i, step in enumerate(history)],
            )
            period = entry.mapping("period", required=False)
            if period is not None:
                span = (period.integer("start"), period.integer("end"))
                if span[1] > span[0]:
                    raise period.refuse("end", "the period ends before it starts")
                period.done()
            evaluator = entry.text("evaluator", required=False) or None
            external = entry.text("external", required=False)
            if bool(evaluator) == bool(external.strip()):
                raise entry.refuse("evaluator", "give either an evaluator or an external body")
            rated = any(step.name == "rate" for step in history)
            nesta = entry.choice("nesta", NestaLevel.values, required=rated)
            if nesta is not None and not rated:
                raise entry.refuse("nesta", "only a rated evaluation has the committee's level")
            if rated and not next(s for s in history if s.name == "rate").message.strip():
                raise entry.refuse("history", "the committee's rating needs its rationale")
            specs.append(
                EvaluationSpec(
                    kind=entry.choice("kind", Kind.values),
                    design=entry.choice("design", Design.values),
                    questions=entry.text("questions"),
                    commissioner=entry.text("commissioner"),
                    evaluator=evaluator,
                    external=external,
                    independent=entry.boolean("independent"),
                    treated=entry.integer("treated", required=False, minimum=1),
                    comparison=entry.integer("comparison", required=False, minimum=1),
                    sites=entry.integer("sites", required=False, minimum=1),
                    attrition=entry.decimal("attrition"),
                    period=span if period is not None else None,
                    territory=entry.code("territory", required=False),
                    cost=entry.decimal("cost"),
                    summary=entry.text("summary", required=False),
                    outcomes=tuple(_outcome(outcome) for outcome in mappings(entry, "outcomes")),
                    planned=planned,
                    updated=entry.days_ago("updated", required=False),
                    nesta=nesta,
                    history=history,
                )
            )
            entry.done()
        evaluations[title] = tuple(specs)
    return evaluations


def _kits(data) -> dict[str, KitSpec]:
    kits = {}
    for title, item in data.items():
        entry = Entry("kits.yaml", f"« {title} »", item)
        consent = entry.mapping("consent", required=False)
        versions = []
        for version in mappings(entry, "versions"):
            published = version.days_ago("published", required=False)
            updated = version.days_ago("updated", required=False)
            if (published is None) == (updated is None):
                raise version.refuse("published", "a version is either published or updated")
            drafted = version.days_ago("drafted")
            forward(version, "drafted", [("drafted", drafted), ("end", published or updated)])
            sections = version.mapping("sections")
            indicators = []
            for index, item in enumerate(version.items("indicators")):
                if isinstance(item, str):
                    indicators.append(IndicatorSpec(item))
                    continue
                if not isinstance(item, Entry):
                    raise version.refuse(f"indicators[{index}]", "expected a label or a mapping")
                indicators.append(
                    IndicatorSpec(
                        label=item.text("label"),
                        unit=item.text("unit"),
                        reference=item.decimal("reference", required=True),
                        source=item.text("source"),
                    )
                )
                item.done()
            invariants = []
            for invariant in mappings(version, "invariants"):
                invariants.append((invariant.text("label"), invariant.text("description")))
                invariant.done()
            versions.append(
                KitVersionSpec(
                    by=version.text("by"),
                    drafted=drafted,
                    published=published,
                    updated=updated,
                    message=version.text("message", required=False),
                    sections={name: sections.text(name) for name in sections.data},
                    invariants=tuple(invariants),
                    indicators=tuple(indicators),
                )
            )
            unknown = set(sections.data) - set(KIT_SECTIONS)
            if unknown:
                raise sections.refuse(sorted(unknown)[0], "not a section of the kit")
            version.done()
        if not versions:
            raise entry.refuse("versions", "missing")
        if any(v.published is None for v in versions[:-1]):
            raise entry.refuse("versions", "only the last version may be a draft")
        kits[title] = KitSpec(
            consent=(consent.days_ago("days_ago"), consent.text("terms")) if consent else None,
            versions=tuple(versions),
        )
        if consent is not None:
            consent.done()
        entry.done()
    return kits


def _replications(data) -> tuple[ReplicationSpec, ...]:
    replications = []
    for entry in entries("replications.yaml", data, "initiative"):
        entry.where += f", {entry.data.get('organisation')}"
        history = _history(entry, Replication)
        declared = entry.days_ago("declared")
        forward(
            entry,
            "declared",
            [("declared", declared)]
            + [(f"history[{i}].days_ago", step.days_ago) for i, step in enumerate(history)],
        )
        milestones = []
        for milestone in mappings(entry, "milestones"):
            milestones.append(
                (
                    milestone.text("title"),
                    milestone.days_ago("days_ago"),
                    milestone.text("note", required=False),
                )
            )
            milestone.done()
        fidelity = []
        for report in mappings(entry, "fidelity"):
            exceptions = {}
            for exception in mappings(report, "exceptions"):
                exceptions[exception.text("invariant")] = (
                    exception.choice("status", Fidelity.values),
                    exception.text("comment"),
                )
                exception.done()
            fidelity.append(FidelitySpec(report.days_ago("days_ago"), exceptions))
            report.done()
        measures = []
        for measure in mappings(entry, "measures"):
            measures.append((measure.days_ago("days_ago"), measure.decimal("ratio", True)))
            measure.done()
        replications.append(
            ReplicationSpec(
                initiative=entry.text("initiative"),
                organisation=entry.text("organisation"),
                territory=entry.code("territory"),
                strategy=entry.choice("strategy", Strategy.values),
                declared_by=entry.text("declared_by"),
                declared=declared,
                motivation=entry.text("motivation"),
                history=history,
                milestones=tuple(milestones),
                fidelity=tuple(fidelity),
                measures=tuple(measures),
            )
        )
        entry.done()
    return tuple(replications)


def _plans(data) -> dict[str, PlanSpec]:
    plans = {}
    for title, item in data.items():
        entry = Entry("plans.yaml", f"« {title} »", item)
        history = _history(entry, ScaleUpPlan)
        created = entry.days_ago("created")
        forward(
            entry,
            "created",
            [("created", created)]
            + [(f"history[{i}].days_ago", step.days_ago) for i, step in enumerate(history)],
        )
        milestones = []
        for milestone in mappings(entry, "milestones"):
            milestones.append((milestone.integer("days_ago"), milestone.text("text")))
            milestone.done()
        budget = entry.decimal("budget", required=True)
        plans[title] = PlanSpec(
            created=created,
            territories=entry.strings("territories", required=True),
            budget=budget,
            milestones=tuple(milestones),
            history=history,
        )
        entry.done()
    return plans


def _texts(data) -> Texts:
    entry = Entry("texts.yaml", "texts", data)
    steps = entry.mapping("steps")
    card = entry.mapping("scorecard")
    scorecard = {}
    for criterion in Criterion.values:
        comments = card.mapping(criterion)
        scorecard[criterion] = {score: comments.text(score) for score in range(4)}
        comments.done()
    card.done()
    texts = Texts(
        steps={name: steps.text(name) for name in steps.data},
        scorecard=scorecard,
        report_handed_in=entry.text("report_handed_in"),
        external_report_handed_in=entry.text("external_report_handed_in"),
        kit_published=entry.text("kit_published"),
        measure_comments=entry.strings("measure_comments", required=True),
    )
    unknown = set(steps.data) - _transitions(Initiative)
    if unknown:
        raise steps.refuse(sorted(unknown)[0], "not a transition of Initiative")
    entry.done()
    return texts


# Across files: every name refers to something defined once.


def _check_references(data: DemoData) -> None:
    def once(file, names, what):
        seen = set()
        for name in names:
            if name in seen:
                raise DemoDataError(f"{file}: {what} « {name} » is defined twice")
            seen.add(name)

    once("accounts.yaml", [a.email for a in data.accounts], "the account")
    once("organisations.yaml", [o.name for o in data.organisations], "the organisation")
    once("calls.yaml", [c.title for c in data.calls], "the call")
    once("initiatives.yaml", [i.title for i in data.initiatives], "the initiative")
    accounts = {a.email: a for a in data.accounts}
    organisations = {o.name for o in data.organisations}
    calls = {c.title for c in data.calls}

    def known(file, where, name, value, among, what):
        if value not in among:
            raise DemoDataError(f"{file}: {where}: field '{name}': no {what} « {value} »")

    for account in data.accounts:
        for name in account.organisations:
            known(
                "accounts.yaml", account.email, "organisations", name, organisations, "organisation"
            )
    for spec in data.initiatives:
        where = f"« {spec.title} »"
        known("initiatives.yaml", where, "owner", spec.owner, accounts, "account")
        known("initiatives.yaml", where, "carrier", spec.carrier, organisations, "organisation")
        if spec.call is not None:
            known("initiatives.yaml", where, "call", spec.call, calls, "call")
        if spec.lead is not None:
            known("initiatives.yaml", where, "lead", spec.lead, accounts, "account")
    for file, titles in (
        ("evaluations.yaml", data.evaluations),
        ("kits.yaml", data.kits),
        ("plans.yaml", data.plans),
        ("replications.yaml", [r.initiative for r in data.replications]),
    ):
        for title in titles:
            known(file, f"« {title} »", "initiative", title, data.by_title, "initiative")
    for title, specs in data.evaluations.items():
        for index, spec in enumerate(specs):
            if spec.evaluator is not None:
                where = f"« {title} », evaluation {index + 1}"
                known("evaluations.yaml", where, "evaluator", spec.evaluator, accounts, "account")
    for title, kit in data.kits.items():
        for index, version in enumerate(kit.versions):
            if version.by != OWNER:
                where = f"« {title} », version {index + 1}"
                known("kits.yaml", where, "by", version.by, accounts, "account")
    for spec in data.replications:
        where = f"« {spec.initiative} », {spec.organisation}"
        known(
            "replications.yaml",
            where,
            "organisation",
            spec.organisation,
            organisations,
            "organisation",
        )
        known("replications.yaml", where, "declared_by", spec.declared_by, accounts, "account")
        if spec.organisation not in accounts[spec.declared_by].organisations:
            raise DemoDataError(
                f"replications.yaml: {where}: field 'declared_by': {spec.declared_by} is not a "
                f"member of {spec.organisation}"
            )


def read_data(directory: Path = DATA_DIR) -> DemoData:
    """The demo's data files, checked; raises DemoDataError on the first problem."""
    directory = Path(directory)
    data = DemoData(
        accounts=_accounts(load_file(directory, "accounts.yaml", list)),
        organisations=_organisations(load_file(directory, "organisations.yaml", list)),
        calls=_calls(load_file(directory, "calls.yaml", list)),
        initiatives=_initiatives(load_file(directory, "initiatives.yaml", list)),
        evaluations=_evaluations(load_file(directory, "evaluations.yaml", dict)),
        kits=_kits(load_file(directory, "kits.yaml", dict)),
        replications=_replications(load_file(directory, "replications.yaml", list)),
        plans=_plans(load_file(directory, "plans.yaml", dict)),
        texts=_texts(load_file(directory, "texts.yaml", dict)),
    )
    _check_references(data)
    return data
