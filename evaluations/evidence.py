"""The evidence an initiative's chain reads from its evaluations (the guards of start,
complete, validate and suspend), registered with initiatives.downstream by this app."""

from initiatives import downstream

from .models import Evaluation


class EvaluationEvidence:
    def _of(self, initiative):
        return Evaluation.objects.filter(initiative=initiative)

    def evaluation_planned(self, initiative) -> bool:
        return self._of(initiative).ready_to_start().exists()

    def evaluation_rated(self, initiative) -> bool:
        return self._of(initiative).rated().exists()

    def best_nesta_level(self, initiative) -> int:
        return self._of(initiative).best_nesta_level()

    def unresolved_negative_result(self, initiative) -> bool:
        return self._of(initiative).with_unresolved_negative_result().exists()

    def null_or_negative_result(self, initiative) -> bool:
        return self._of(initiative).with_null_or_negative_result().exists()


def register() -> None:
    downstream.register_evidence(EvaluationEvidence())
