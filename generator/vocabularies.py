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
from .i18n import SOURCE_LANGUAGE, country_name, language_name
from .sources import SourceFile, read_builtin_vocabularies, read_site_vocabularies

BUILTIN_FOLDER = Path(__file__).parent / "vocabularies"

REQUIRED = {
    "countries": "countries of organisations, events and project partners (ISO 3166-1 codes)",
    "languages": "languages of results, events, files and the site (ISO 639-1 codes)",
    "licences": "licences of results (SPDX identifiers)",
    "result_categories": "the category of a result (the Erasmus+ Project Results Platform's)",
    "organisation_types": "the type of an organisation",
    "fields": "the field of education a project or action belongs to",
    "actions": "the Erasmus+ action of a project",
    "priorities": "the Erasmus+ priorities a project addresses",
    "event_types": "the type of an event",
    "educational_levels": "the educational levels a result is for (ISCED)",
    "accessibility_features": "the accessibility features of a result (schema.org)",
}
"""Every vocabulary the generator needs, with what its codes are for (`showcase vocab` shows it)."""

TRANSLATABLE = ("label", "plain")
"""An entry's attributes that ``translations`` may give in other languages."""

CLDR_NAMES = {"countries": country_name, "languages": language_name}
"""Vocabularies whose labels CLDR knows in every language: code, language -> name or None."""


@dataclass(frozen=True)
class Vocabularies:
    """Every vocabulary by name, each an ordered mapping of code to its attributes."""

    terms: dict[str, dict[str, dict[str, Any]]]

    def __getitem__(self, name: str) -> dict[str, dict[str, Any]]:
        return self.terms[name]

    def label(self, name: str, code: str) -> str:
        """The English label (for exports, feeds and other outputs that are not in a page's language)."""
        entry = self.terms[name].get(str(code))
        return entry["label"] if entry else str(code)

    def text(self, name: str, code: str, lang: str, attribute: str = "label") -> tuple[str, str]:
        """An entry's label (or other translatable attribute) in `lang`, and the language it is
        actually in: `lang`, or English when nothing translates it. A code that is in no entry
        is shown as it is, in no language."""
        entry = self.terms[name].get(str(code))
        if entry is None:
            return str(code), ""
        translated = entry.get("translations", {}).get(lang, {}).get(attribute)
        if translated:
            return translated, lang
        if lang != SOURCE_LANGUAGE and attribute == "label" and name in CLDR_NAMES:
            cldr = CLDR_NAMES[name](str(code), lang)
            if cldr:
                return cldr, lang
        return entry.get(attribute, ""), SOURCE_LANGUAGE

    def by_eprp_label(self, name: str) -> dict[str, str]:
        """Map each label the Commission's export uses to our code (for the importer).

        Keys are `eprp_label_key`s: look labels up through that function too.
        """
        mapping: dict[str, str] = {}
        for code, entry in self.terms[name].items():
            for label in entry.get("eprp_labels", []):
                mapping[eprp_label_key(label)] = code
        return mapping


def _translations_valid(translations: object) -> bool:
    return isinstance(translations, dict) and all(
        isinstance(lang, str)
        and isinstance(texts, dict)
        and all(attribute in TRANSLATABLE and isinstance(text, str) for attribute, text in texts.items())
        for lang, texts in translations.items()
    )


def overlay(builtin: dict[str, Any], site: dict[str, Any]) -> dict[str, Any]:
    """A site's entry laid over a built-in one: the site's attributes win; translations merge
    language by language and attribute by attribute. A translation follows its text: when the
    site changes the English ``label`` (or ``plain``), the built-in translations of it go."""
    merged = {**builtin, **site}
    translations: dict[str, dict[str, str]] = {
        lang: {
            attribute: text
            for attribute, text in texts.items()
            if site.get(attribute, builtin.get(attribute)) == builtin.get(attribute)
        }
        for lang, texts in builtin.get("translations", {}).items()
    }
    for lang, texts in site.get("translations", {}).items():
        translations.setdefault(lang, {}).update(texts)
    if translations:
        merged["translations"] = translations
    return merged


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
            if not _translations_valid(entry.get("translations", {})):
                report.error(
                    source.path,
                    f"the translations of '{code}' are not a mapping of languages to texts",
                    line=source.position((code, "translations"))[0],
                    field=f"{code}.translations",
                    hint="write them as 'translations: {de: {label: <German text>}, pl: {label: <Polish text>}}'",
                )
                continue
            target[str(code)] = overlay(target.get(str(code), {}), entry)
    for name in REQUIRED:
        if name not in terms:
            report.error(
                f"vocabularies/{name}.yaml",
                "this vocabulary is missing",
                hint="reinstall partnership-showcase; the built-in vocabularies ship with it",
            )
            terms[name] = {}
    return Vocabularies(terms)


def load_vocabularies(site: Path, report: Report) -> Vocabularies:
    """The built-in vocabularies with a site's own laid over them (a folder that is no site has none)."""
    own = read_site_vocabularies(site, report) if site.is_dir() else []
    return merge_vocabularies(read_builtin_vocabularies(BUILTIN_FOLDER, report), own, report)
