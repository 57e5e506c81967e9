"""A small typed reader for the demo's data files: each mapping is read field by field, and
whatever it does not expect is refused with a `DemoDataError` that names the file, the
entry and the field."""

from __future__ import annotations

import itertools
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's, ten times faster


class DemoDataError(ValueError):
    """A data file the loader refuses; the message says where and why."""


class Entry:
    """One mapping of a data file, read field by field; `where` names it in refusals."""

    def __init__(self, file: str, where: str, data: Any, path: str = ""):
        self.file, self.where, self.path = file, where, path
        if not isinstance(data, dict):
            raise self.refuse(None, f"expected a mapping, found {kind_of(data)}")
        self.data = data
        self.read: set[str] = set()

    def refuse(self, name: str | None, problem: str) -> DemoDataError:
        place = f"{self.path}{name}" if name else self.path.rstrip(".") or None
        return DemoDataError(
            f"{self.file}: {self.where}" + (f": field '{place}'" if place else "") + f": {problem}"
        )

    def _get(self, name, required):
        self.read.add(name)
        value = self.data.get(name)
        if value is None and required:
            raise self.refuse(name, "missing")
        return value

    def text(self, name: str, required: bool = True, default: str = "") -> str:
        value = self._get(name, required)
        if value is None:
            return default
        if not isinstance(value, str):
            raise self.refuse(name, f"expected text, found {kind_of(value)}")
        if required and not value.strip():
            raise self.refuse(name, "empty")
        return value

    def code(self, name: str, required: bool = True) -> str | None:
        """An identifier such as an INSEE code: text, or digits YAML read as a number."""
        value = self._get(name, required)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise self.refuse(name, f"expected a code, found {kind_of(value)}")
        return str(value)

    def integer(self, name: str, required: bool = True, minimum: int | None = None) -> int | None:
        value = self._get(name, required)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.refuse(name, f"expected a whole number, found {kind_of(value)}")
        if minimum is not None and value < minimum:
            raise self.refuse(name, f"{value} is below {minimum}")
        return value

    def days_ago(self, name: str, required: bool = True) -> int | None:
        """A day in the past: 1 (yesterday) or more days before the day of loading."""
        return self.integer(name, required, minimum=1)

    def decimal(self, name: str, required: bool = False) -> Decimal | None:
        value = self._get(name, required)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise self.refuse(name, f"expected a number, found {kind_of(value)}")
        try:
            return Decimal(str(value))
        except InvalidOperation:
            raise self.refuse(name, f"{value!r} is not a number") from None

    def boolean(self, name: str, default: bool = False) -> bool:
        value = self._get(name, False)
        if value is None:
            return default
        if not isinstance(value, bool):
            raise self.refuse(name, f"expected true or false, found {kind_of(value)}")
        return value

    def choice(self, name: str, choices, required: bool = True) -> str | None:
        value = self._get(name, required)
        if value is None:
            return None
        allowed = list(choices)
        if isinstance(value, bool) or value not in allowed:
            shown = ", ".join(str(choice) for choice in allowed)
            raise self.refuse(name, f"{value!r} is not one of {shown}")
        return value

    def strings(self, name: str, required: bool = False) -> tuple[str, ...]:
        value = self._get(name, required)
        if value is None:
            return ()
        if not isinstance(value, list):
            raise self.refuse(name, f"expected a list, found {kind_of(value)}")
        for index, item in enumerate(value):
            if isinstance(item, bool) or not isinstance(item, str | int):
                raise self.refuse(f"{name}[{index}]", f"expected text, found {kind_of(item)}")
        return tuple(str(item) for item in value)

    def mapping(self, name: str, required: bool = True) -> Entry | None:
        value = self._get(name, required)
        if value is None:
            return None
        return Entry(self.file, self.where, value, f"{self.path}{name}.")

    def items(self, name: str, required: bool = False) -> list[Entry | Any]:
        """The list under `name`, each mapping as an Entry (other items as they are)."""
        value = self._get(name, required)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.refuse(name, f"expected a list, found {kind_of(value)}")
        return [
            Entry(self.file, self.where, item, f"{self.path}{name}[{index}].")
            if isinstance(item, dict)
            else item
            for index, item in enumerate(value)
        ]

    def done(self) -> None:
        """Refuse the fields nobody read: a typo must not pass for an absent field."""
        unknown = sorted(set(self.data) - self.read, key=str)
        if unknown:
            raise self.refuse(str(unknown[0]), "unknown field")


def kind_of(value) -> str:
    if value is None:
        return "nothing"
    return {
        bool: "true/false",
        int: "a number",
        float: "a number",
        str: "text",
        list: "a list",
        dict: "a mapping",
    }.get(type(value), type(value).__name__)


def load_file(directory: Path, name: str, expected: type):
    path = directory / name
    try:
        with path.open(encoding="utf-8") as file:
            data = yaml.load(file, Loader=SAFE_LOADER)
    except FileNotFoundError:
        raise DemoDataError(f"{name}: file missing from {directory}") from None
    except yaml.YAMLError as error:
        raise DemoDataError(f"{name}: not valid YAML: {error}") from None
    if not isinstance(data, expected):
        raise DemoDataError(
            f"{name}: expected a {'list' if expected is list else 'mapping'} of entries, "
            f"found {kind_of(data)}"
        )
    return data


def entries(file: str, data: list, label: str):
    """Each item of a file's list as an Entry, named by its `label` field when it has one."""
    for index, item in enumerate(data):
        name = item.get(label) if isinstance(item, dict) else None
        where = f"entry {index + 1}" + (f" (« {name} »)" if name else "")
        yield Entry(file, where, item)


def forward(entry: Entry, name: str, moments: list[tuple[str, int | None]]) -> None:
    """Days ago that must strictly decrease: the story goes forward in time."""
    moments = [(label, days) for label, days in moments if days is not None]
    for (before, earlier), (label, later) in itertools.pairwise(moments):
        if later >= earlier:
            raise entry.refuse(
                label.removeprefix(entry.path),
                f"{later} days ago does not come after {before} ({earlier} days ago)",
            )


def mappings(entry: Entry, name: str) -> list[Entry]:
    items = entry.items(name)
    for index, item in enumerate(items):
        if not isinstance(item, Entry):
            raise entry.refuse(f"{name}[{index}]", f"expected a mapping, found {kind_of(item)}")
    return items
