import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile

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
