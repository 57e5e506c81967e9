import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone

from evaluations.models import (
    Design,
    Direction,
    Evaluation,
    EvidenceRating,
    Kind,
    Outcome,
)
from evaluations.models import State as EvaluationState
from initiatives.models import (
    Call,
    Initiative,
    Maturity,
    Organisation,
    Stage,
    TargetPublic,
    Territory,
    Theme,
)
from swarming.models import TAKEN_UP_STATES

PASSWORD = "Essaim-test-2026!"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@exemple.fr")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for name in extracted or []:
            self.groups.add(Group.objects.get(name=name))


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Association n°{n}")
    legal_form = Organisation.LegalForm.ASSOCIATION
    not_for_profit = True

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        for user in extracted or []:
            self.members.add(user)


class CallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Call

    title = factory.Sequence(lambda n: f"Appel à initiatives n°{n}")
    opens_on = factory.Faker("date_this_year", before_today=True, after_today=False)
    closes_on = factory.LazyAttribute(lambda o: o.opens_on.replace(year=o.opens_on.year + 1))


class InitiativeFactory(factory.django.DjangoModelFactory):
    """A draft initiative; `complete=True` fills in all that submission needs."""

    class Meta:
        model = Initiative
        skip_postgeneration_save = True

    class Params:
        complete = factory.Trait(
            summary="Un accompagnement renforcé vers l'emploi, porté par des bénévoles.",
            problem="Des demandeurs d'emploi sans solution de mobilité.",
            maturity=Maturity.MODELLING,
            theory_of_change="Lever le frein de la mobilité rend l'emploi accessible.",
            expected_outcomes="60 % de retour à l'emploi à six mois.",
            budget=120000,
            cost_per_beneficiary=1500,
        )

    title = factory.Sequence(lambda n: f"Initiative n°{n}")
    owner = factory.SubFactory(UserFactory, roles=["innovator"])
    carrier = factory.SubFactory(OrganisationFactory)

    @factory.post_generation
    def fill_relations(self, create, extracted, **kwargs):
        """Complete initiatives get their publics, themes and territory too."""
        if not create or not self.maturity:
            return
        if self.carrier is not None:
            self.carrier.members.add(self.owner)
        self.target_publics.set(TargetPublic.objects.order_by("position")[:1])
        self.themes.set(Theme.objects.order_by("position")[:2])
        self.territories.set(Territory.objects.filter(kind="department", code="59"))


# A minimal PDF: what the report upload accepts.
REPORT_PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


class EvaluationFactory(factory.django.DjangoModelFactory):
    """A planned impact evaluation (doubles différences) of an initiative in evaluation, by a
    new evaluator. `reported=True` gives it a summary, a PDF report and a positive result;
    `outcomes=[Direction.NULL, ...]` gives it (other) results in these directions; `rating=3`
    (with state=RATED) the committee's rating at that Nesta level."""

    class Meta:
        model = Evaluation
        skip_postgeneration_save = True

    initiative = factory.SubFactory(InitiativeFactory, complete=True, stage=Stage.IN_EVALUATION)
    kind = Kind.IMPACT
    questions = "Le garage solidaire augmente-t-il l'accès à l'emploi durable ?"
    design = Design.DIFFERENCE_IN_DIFFERENCES
    commissioner = "Département du Nord"
    evaluator = factory.SubFactory(UserFactory, roles=["evaluator"])
    planned_by = factory.SubFactory(UserFactory, roles=["staff"])
    state = EvaluationState.PLANNED

    @factory.post_generation
    def reported(self, create, extracted, **kwargs):
        if create and extracted:
            self.summary = "Effet net de 12 points sur l'emploi durable."
            self.report.save("rapport.pdf", ContentFile(REPORT_PDF), save=False)
            self.save()
            if not kwargs.get("without_outcome"):
                OutcomeFactory(evaluation=self, direction=Direction.POSITIVE)

    @factory.post_generation
    def outcomes(self, create, extracted, **kwargs):
        for direction in extracted or []:
            OutcomeFactory(evaluation=self, direction=direction)

    @factory.post_generation
    def rating(self, create, extracted, **kwargs):
        if create and extracted:
            EvidenceRatingFactory(evaluation=self, nesta_level=extracted)


class OutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outcome

    evaluation = factory.SubFactory(EvaluationFactory)
    indicator = factory.Sequence(lambda n: f"Emploi durable à 12 mois (n°{n})")
    horizon = "12 mois après l'entrée"
    direction = Direction.POSITIVE


class EvidenceRatingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EvidenceRating

    evaluation = factory.SubFactory(EvaluationFactory, state=EvaluationState.RATED)
    nesta_level = 3
    sms_level = factory.LazyAttribute(lambda o: o.evaluation.sms_level)
    rationale = "Groupe de comparaison solide, attrition faible."
    rater = factory.SubFactory(UserFactory, roles=["committee"])


class ScaleUpPlanFactory(factory.django.DjangoModelFactory):
    """A draft scale-up plan of a spreading initiative, to the Pas-de-Calais and the Somme;
    `state=` puts it at another step of its machine (without a log)."""

    class Meta:
        model = "swarming.ScaleUpPlan"
        skip_postgeneration_save = True

    initiative = factory.SubFactory(InitiativeFactory, complete=True, stage=Stage.SPREADING)
    budget = 250000
    milestones = "T1 2027 : ouverture à Arras\nT3 2027 : ouverture à Amiens"
    created_by = factory.LazyAttribute(lambda o: o.initiative.owner)
    state = "draft"

    @factory.post_generation
    def territories(self, create, extracted, **kwargs):
        if not create:
            return
        if extracted is None:
            extracted = Territory.objects.filter(kind="department", code__in=["62", "80"])
        self.target_territories.set(extracted)


class TransferKitFactory(factory.django.DjangoModelFactory):
    """A published kit (version 1) of a spreading initiative, its required sections written,
    with two invariants and two shared indicators (`invariants=[...]`, `indicators=[(label,
    unit, reference), ...]` to choose others); `state=` puts it at another step (no log)."""

    class Meta:
        model = "swarming.TransferKit"
        skip_postgeneration_save = True

    initiative = factory.SubFactory(InitiativeFactory, complete=True, stage=Stage.SPREADING)
    version = 1
    state = "published"
    project_sheet = (
        "Un garage solidaire répare à prix coûtant les véhicules des personnes en retour à "
        "l'emploi, et leur prête une voiture le temps de la réparation."
    )
    theory_of_change = "Lever le frein de la mobilité rend l'emploi accessible."
    methodological_guide = "Étapes de création du garage, recrutement des bénévoles."
    economic_model = "Un tiers de recettes, deux tiers de subventions."
    success_conditions = "Un partenariat avec France Travail et le département."
    licence_terms = "Licence Creative Commons BY-SA ; convention d'essaimage type."
    created_by = factory.LazyAttribute(lambda o: o.initiative.owner)
    published_at = factory.LazyFunction(timezone.now)
    # A retired version has its date (the constraint retired_kit_has_its_date).
    retired_at = factory.LazyAttribute(lambda o: timezone.now() if o.state == "retired" else None)

    @factory.post_generation
    def invariants(self, create, extracted, **kwargs):
        if not create:
            return
        if extracted is None:
            extracted = ["Accompagnement individuel vers l'emploi", "Tarifs solidaires"]
        for label in extracted:
            self.invariants.create(label=label)

    @factory.post_generation
    def indicators(self, create, extracted, **kwargs):
        if not create:
            return
        if extracted is None:
            extracted = [
                ("Retour à l'emploi à six mois", "%", "60"),
                ("Personnes accompagnées par an", "personnes", "120"),
            ]
        for label, unit, reference in extracted:
            self.indicators.create(
                label=label,
                unit=unit,
                reference_value=reference,
                reference_note="Évaluation d'impact de 2024",
            )


class ReplicationFactory(factory.django.DjangoModelFactory):
    """A partner organisation's replication of a spreading initiative (a new kit of it unless
    `kit=` is given), in the Pas-de-Calais, at "interest"; `state=` puts it at another step
    (without a log) and `agreement_signed_on=` dates its convention (from "agreement" on, it is
    dated today unless given: the constraint taken_up_replication_has_agreement_date)."""

    class Meta:
        model = "swarming.Replication"
        skip_postgeneration_save = True

    kit = factory.SubFactory(TransferKitFactory)
    initiative = factory.LazyAttribute(lambda o: o.kit.initiative)
    organisation = factory.SubFactory(OrganisationFactory)
    territory = factory.LazyFunction(
        lambda: Territory.objects.get(kind=Territory.Kind.DEPARTMENT, code="62")
    )
    strategy = "formal_fertilisation"
    motivation = "Pas de solution de mobilité pour les demandeurs d'emploi du bassin minier."
    declared_by = factory.SubFactory(UserFactory, roles=["partner"])
    state = "interest"
    agreement_signed_on = factory.LazyAttribute(
        lambda o: timezone.localdate() if o.state in TAKEN_UP_STATES else None
    )

    @factory.post_generation
    def declarer_is_a_member(self, create, extracted, **kwargs):
        if create:
            self.organisation.members.add(self.declared_by)


def initiative_with_history(stage, *, staff=None, committee=None, evaluator=None, days=60, **kw):
    """A complete initiative brought to `stage` through the services, by the shortest way of
    its machine, one day a step from `days` days ago: what each step's guard reads is written
    first (scorecard, evaluation, kit and consent, plan), and its history, stays and dates are
    the machine's (demo.builders)."""
    from demo.builders import Cast, initiative_to, story

    cast = Cast(
        staff=staff or UserFactory(roles=["staff"]),
        committee=committee or UserFactory(roles=["committee"]),
        evaluator=evaluator or UserFactory(roles=["evaluator"]),
    )
    with story(days) as clock:
        initiative = InitiativeFactory(complete=True, **kw)
        clock.advance()
        initiative_to(initiative, stage, cast=cast, clock=clock)
    initiative.refresh_from_db()
    return initiative
