"""What the initiative's guards need to know from the apps downstream of it.

The chain's later steps depend on evaluations (start, complete, validate, suspend) and on
essaimage (open spreading, scale up), which live in apps that import this one. Rather than
reaching them through reverse relations named as strings, the initiative reads them through
two sources that those apps register from their AppConfig.ready(): the evaluations app
gives the Evidence, the swarming app the Spreading. Until an app registers its source (as
in a test without it), the guards that need it refuse, with their reasons.
"""

from typing import Protocol


class Evidence(Protocol):
    def evaluation_planned(self, initiative) -> bool:
        """An evaluation is planned with an evaluator and a design."""

    def evaluation_rated(self, initiative) -> bool:
        """At least one of its evaluations is rated by the committee."""

    def best_nesta_level(self, initiative) -> int:
        """The best Nesta level its rated evaluations reached (0: none)."""

    def unresolved_negative_result(self, initiative) -> bool:
        """A rated evaluation shows a negative result nobody dealt with."""

    def null_or_negative_result(self, initiative) -> bool:
        """A rated evaluation shows a null or negative result."""


class Spreading(Protocol):
    def kit_published(self, initiative) -> bool: ...

    def carrier_consented(self, initiative) -> bool: ...

    def scale_up_plan_approved(self, initiative) -> bool: ...


_sources: dict[str, object] = {}


def register_evidence(source: Evidence) -> None:
    _sources["evidence"] = source


def register_spreading(source: Spreading) -> None:
    _sources["spreading"] = source


def evidence() -> Evidence | None:
    return _sources.get("evidence")


def spreading() -> Spreading | None:
    return _sources.get("spreading")
