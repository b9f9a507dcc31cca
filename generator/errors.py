"""Problems found in a site's content, and the exception that carries them.

The bottom layer: every other module may import this one, it imports none of them.
A build never stops at the first problem: stages collect `Problem`s in a `Report`
and the pipeline decides at the end of a stage whether to go on.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the content, located as precisely as we can.

    Ordered by file, then line and column, so a sorted list reads top to bottom.
    """

    file: str
    """Path relative to the site folder, with forward slashes."""
    line: int = 0
    """1-based line in the file; 0 when the problem concerns the whole file."""
    column: int = 0
    """1-based column; 0 when unknown."""
    field: str = ""
    """Dotted path of the front-matter field, e.g. ``partners.2.organisation``."""
    message: str = ""
    """What is wrong, in one sentence."""
    hint: str = ""
    """What to do about it."""
    severity: Severity = Severity.ERROR

    @property
    def field_name(self) -> str:
        """The field as an editor counts: ``partners.5.organisation`` is the organisation of the 6th partner."""
        phrases: list[str] = []
        run: list[str] = []  # names since the last list item: translations.pl.title stays one phrase
        for part in self.field.split(".") if self.field else []:
            if part.isdigit() and run:
                *before, plural = run
                phrases += [".".join(before)] if before else []
                phrases.append(f"the {_ordinal(int(part) + 1)} {_one_of(plural)}")
                run = []
            else:
                run.append(part)
        phrases += [".".join(run)] if run else []
        return " of ".join(reversed(phrases))

    @property
    def location(self) -> str:
        parts = [self.file]
        if self.line:
            parts.append(str(self.line))
            if self.column:
                parts.append(str(self.column))
        return ":".join(parts)

    def format(self) -> str:
        where = f"{self.location}: {self.severity.value}"
        what = f"{self.field_name}: {self.message}" if self.field else self.message
        return f"{where}: {what}" + (f"\n    {self.hint}" if self.hint else "")

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Problem:
        """A problem as `as_dict` wrote it (the build cache keeps problems so)."""
        return cls(**{**data, "severity": Severity(data["severity"])})

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "field": self.field,
            "severity": self.severity.value,
            "message": self.message,
            "hint": self.hint,
        }


def _ordinal(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def _one_of(plural: str) -> str:
    """What one item of a list field is called: partners -> partner, priorities -> priority."""
    name = plural.replace("_", " ")
    if name.endswith("ies"):
        return name[:-3] + "y"
    if name.endswith("s") and not name.endswith("ss"):
        return name[:-1]
    return f"item of {name}"


@dataclass
class Report:
    """Every problem of one run, collected across stages."""

    problems: list[Problem] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)

    def error(
        self, file: str | Path, message: str, *, line: int = 0, column: int = 0, field: str = "", hint: str = ""
    ) -> None:
        self.add(Problem(str(file), line, column, field, message, hint, Severity.ERROR))

    def warning(
        self, file: str | Path, message: str, *, line: int = 0, column: int = 0, field: str = "", hint: str = ""
    ) -> None:
        self.add(Problem(str(file), line, column, field, message, hint, Severity.WARNING))

    def extend(self, other: Report) -> None:
        self.problems.extend(other.problems)

    @property
    def errors(self) -> list[Problem]:
        return sorted(p for p in self.problems if p.severity is Severity.ERROR)

    @property
    def warnings(self) -> list[Problem]:
        return sorted(p for p in self.problems if p.severity is Severity.WARNING)

    def sorted(self) -> list[Problem]:
        return sorted(set(self.problems))

    def fails(self, *, strict: bool) -> bool:
        return bool(self.errors) or (strict and bool(self.warnings))


class ContentError(Exception):
    """Raised when a stage cannot go on because the content has errors."""

    def __init__(self, report: Report):
        super().__init__(f"{len(report.errors)} error(s) in the content")
        self.report = report


def did_you_mean(
    value: str, allowed: list[str] | tuple[str, ...] | set[str], *, listing: int = 12, listed: str = "in the vocabulary"
) -> str:
    """A hint naming the closest allowed value, or the allowed values when few enough, else
    where they are `listed` ("in docs/content-model.md", "with 'showcase vocab countries'")."""
    choices = sorted(allowed, key=str)
    lowered = {c.lower(): c for c in choices}
    if value.lower() in lowered and lowered[value.lower()] != value:
        return f"did you mean '{lowered[value.lower()]}'? (codes are case-sensitive)"
    close = difflib.get_close_matches(value, choices, n=1, cutoff=0.6)
    if not close:
        close = difflib.get_close_matches(value.lower(), list(lowered), n=1, cutoff=0.6)
        close = [lowered[c] for c in close]
    if close:
        return f"did you mean '{close[0]}'?"
    if len(choices) <= listing:
        return "allowed: " + ", ".join(str(c) for c in choices)
    return f"see the {len(choices)} allowed values {listed}"
