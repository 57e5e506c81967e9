"""The kinds of document: each domain app registers its own in its AppConfig.ready() (the
evaluations app the evidence report of an initiative, the essaimage app the transfer kit of
a kit version). A kind says which template renders it, the context its source gives, who
may download it, and the version label that the download log keeps."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

KINDS: dict[str, "DocumentKind"] = {}


@dataclass(frozen=True)
class DocumentKind:
    name: str
    label: Any  # lazy French label
    model: Any  # the source's model
    template: str
    context: Callable[[Any], dict]  # source -> template context
    may_download: Callable[[Any, Any], bool]  # (user, source) -> bool
    version: Callable[[Any], str] = lambda source: ""
    filename: Callable[[Any], str] = lambda source: "document.pdf"


def register(kind: DocumentKind) -> None:
    KINDS[kind.name] = kind


def kind(name: str) -> DocumentKind:
    return KINDS[name]
