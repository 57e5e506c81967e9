"""Reads of evaluations worth naming."""

from django.db.models import IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from initiatives.models import Maturity, Stage

from .models import Design, Evaluation, Kind


def evidence_level():
    """An initiative's evidence level as an annotation of initiatives: the best Nesta level
    its rated evaluations reached, 0 for none (EvaluationQuerySet.best_nesta_level reads the
    same of one initiative). Annotated as `evidence_level`, it fills Initiative's cached
    property of that name without a query per row."""
    best = Evaluation.objects.filter(initiative=OuterRef("pk")).best_nesta_levels().values("best")
    return Coalesce(Subquery(best), Value(0), output_field=IntegerField())


def suggestions(initiative):
    """The designs and kinds of evaluation that fit the initiative's maturity, and why."""
    if initiative.stage in (Stage.SPREADING, Stage.SCALING):
        return {
            "kinds": [Kind.FIDELITY, Kind.IMPACT],
            "designs": [Design.DIFFERENCE_IN_DIFFERENCES, Design.QUASI_RANDOM, Design.RCT],
            "why": _(
                "L'initiative se diffuse : il s'agit maintenant de vérifier que les réplications "
                "obtiennent les mêmes résultats et respectent les invariants de la méthode "
                "(évaluation de fidélité), par des évaluations indépendantes."
            ),
        }
    if initiative.maturity == Maturity.EXPERIMENTATION:
        return {
            "kinds": [Kind.PROCESS],
            "designs": [Design.THEORY_OF_CHANGE],
            "why": _(
                "En expérimentation, l'action se cherche encore : formaliser la théorie du "
                "changement et évaluer le processus (ce qui est fait, pour qui, comment) prépare "
                "une mesure d'impact ultérieure. Mesurer l'impact trop tôt jugerait une méthode "
                "qui n'est pas stabilisée."
            ),
        }
    if initiative.maturity == Maturity.MODELLING:
        return {
            "kinds": [Kind.IMPACT],
            "designs": [Design.BEFORE_AFTER, Design.COMPARISON_GROUP],
            "why": _(
                "En modélisation, la méthode est stabilisée : une mesure avant / après montre un "
                "changement chez les personnes accompagnées, puis un groupe de comparaison "
                "permet de l'attribuer à l'action."
            ),
        }
    return {
        "kinds": [Kind.IMPACT, Kind.ECONOMIC],
        "designs": [Design.DIFFERENCE_IN_DIFFERENCES, Design.QUASI_RANDOM, Design.RCT],
        "why": _(
            "Pour valider l'essaimage, il faut une évaluation indépendante qui établisse la "
            "causalité (doubles différences, affectation quasi aléatoire ou essai randomisé) et "
            "qui mesure les coûts : c'est ce qui donne la légitimité à diffuser la méthode."
        ),
    }
