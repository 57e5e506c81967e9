"""The whole way of the evidence, through the pages: staff plan, the evaluator records and
submits, the committee rates and validates, the innovator sees the label."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from evaluations.models import Design, Direction, Evaluation, Kind, State
from initiatives.models import Stage

from ..factories import InitiativeFactory

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def test_from_plan_to_validation(alice, sam, eve, colette, login):
    initiative = InitiativeFactory(
        owner=alice, carrier=alice.organisations.get(), complete=True, stage=Stage.IDENTIFIED
    )
    staff, evaluator, committee = login(sam), login(eve), login(colette)

    response = staff.post(
        reverse("evaluations:plan", args=[initiative.pk]),
        {
            "kind": Kind.IMPACT,
            "questions": "Le garage augmente-t-il l'accès à l'emploi ?",
            "design": Design.DIFFERENCE_IN_DIFFERENCES,
            "commissioner": "Département du Nord",
            "evaluator": eve.pk,
            "independent": "on",
        },
    )
    evaluation = Evaluation.objects.get()
    assert response["Location"] == reverse("evaluations:detail", args=[evaluation.pk])
    staff.post(
        reverse("initiatives:transition", args=[initiative.pk, "start_evaluation"]),
        {"stage": "identified", "message": ""},
    )
    initiative.refresh_from_db()
    assert initiative.stage == Stage.IN_EVALUATION

    detail = reverse("evaluations:detail", args=[evaluation.pk])
    step = lambda name: reverse("evaluations:transition", args=[evaluation.pk, name])  # noqa: E731
    evaluator.post(step("start"), {"stage": "planned"})
    evaluator.post(
        reverse("evaluations:record", args=[evaluation.pk]),
        {
            "treated_size": "240",
            "comparison_size": "260",
            "sites": "3",
            "cost_per_beneficiary": "1800",
            "summary": "Effet net de 12 points.",
        },
    )
    evaluator.post(
        reverse("evaluations:add_outcome", args=[evaluation.pk]),
        {
            "outcome-indicator": "Emploi durable à 12 mois",
            "outcome-direction": Direction.POSITIVE,
            "outcome-effect_size": "0.12",
            "outcome-ci_low": "0.05",
            "outcome-ci_high": "0.19",
            "outcome-unit": "points",
        },
    )
    evaluator.post(
        reverse("evaluations:report", args=[evaluation.pk]),
        {"report": SimpleUploadedFile("rapport.pdf", PDF)},
    )
    evaluator.post(step("submit_report"), {"stage": "in_progress"})
    evaluation.refresh_from_db()
    assert evaluation.state == State.REPORT_SUBMITTED

    committee.post(
        step("rate"),
        {
            "stage": "report_submitted",
            "nesta_level": "3",
            "rationale": "Groupe de comparaison solide.",
        },
    )
    evaluation.refresh_from_db()
    assert evaluation.state == State.RATED
    assert evaluation.rating.nesta_level == 3 and evaluation.rating.sms_level == 3
    assert "Niveau 3" in committee.get(detail).content.decode()

    staff.post(
        reverse("initiatives:transition", args=[initiative.pk, "complete_evaluation"]),
        {"stage": "in_evaluation"},
    )
    committee.post(
        reverse("initiatives:transition", args=[initiative.pk, "validate"]),
        {"stage": "evaluated", "message": "Preuve de causalité, coûts connus."},
    )
    initiative.refresh_from_db()
    assert initiative.stage == Stage.VALIDATED

    page = login(alice).get(reverse("initiatives:detail", args=[initiative.pk])).content.decode()
    assert "Validée" in page
    assert "Fondé sur la preuve" in page
    assert "Preuve de causalité, coûts connus." in page
