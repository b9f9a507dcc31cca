"""Controlled vocabularies: countries, languages, licences, actions, priorities and others.

They are data, not code: the built-in files live in ``generator/vocabularies/`` and a
site adds or overrides entries with files of the same name in its own ``vocabularies/``
folder, so a new call year's priorities need no release.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import Report
from .sources import SourceFile

BUILTIN_FOLDER = Path(__file__).parent / "vocabularies"

REQUIRED = (
    "countries",
    "languages",
    "licences",
    "result_categories",
    "organisation_types",
    "fields",
    "actions",
    "priorities",
    "event_types",
    "educational_levels",
    "accessibility_features",
)


@dataclass(frozen=True)
class Vocabularies:
    """Every vocabulary by name, each an ordered mapping of code to its attributes."""

    terms: dict[str, dict[str, dict[str, Any]]]

    def __getitem__(self, name: str) -> dict[str, dict[str, Any]]:
        return self.terms[name]

    def label(self, name: str, code: str) -> str:
        entry = self.terms[name].get(str(code))
        return entry["label"] if entry else str(code)

    def by_eprp_label(self, name: str) -> dict[str, str]:
        """Map each label the Commission's export uses to our code (for the importer).

        Keys are `eprp_label_key`s: look labels up through that function too.
        """
        mapping: dict[str, str] = {}
        for code, entry in self.terms[name].items():
            for label in entry.get("eprp_labels", []):
                mapping[eprp_label_key(label)] = code
        return mapping


def eprp_label_key(label: str) -> str:
    """A label as the lookup compares it: exports write the same label with '-', '–' or '—'
    and with stray spaces, so dashes become '-', spaces collapse and case is ignored."""
    return " ".join(re.sub(r"[\u2010-\u2015\u2212]", "-", label).split()).casefold()


def merge_vocabularies(builtin: list[SourceFile], site: list[SourceFile], report: Report) -> Vocabularies:
    """Built-in vocabularies with the site's entries laid over them, entry by entry."""
    terms: dict[str, dict[str, dict[str, Any]]] = {}
    for source in [*builtin, *site]:
        name = Path(source.path).stem
        target = terms.setdefault(name, {})
        for code, entry in source.data.items():
            line = source.position((code,))[0]
            if not isinstance(entry, dict) or not isinstance(entry.get("label"), str):
                report.error(
                    source.path,
                    f"the entry '{code}' needs a 'label'",
                    line=line,
                    field=str(code),
                    hint="write it as '<code>: {label: <text shown to visitors>}'",
                )
                continue
            target[str(code)] = {**target.get(str(code), {}), **entry}
    for name in REQUIRED:
        if name not in terms:
            report.error(
                f"vocabularies/{name}.yaml",
                "this vocabulary is missing",
                hint="reinstall partnership-showcase; the built-in vocabularies ship with it",
            )
            terms[name] = {}
    return Vocabularies(terms)
