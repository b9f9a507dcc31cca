"""Interface strings and vocabulary labels in the site's languages: the catalogues' plural
forms against CLDR, how a chain of catalogues merges, what a broken catalogue does, CLDR's
names, the vocabularies' translations and how a site's own lay over them."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import EU_LANGUAGES, REPO_ROOT

from generator.errors import Report
from generator.i18n import Translator, country_name, language_name, load_translator, plural_samples
from generator.sources import SourceFile, read_builtin_vocabularies, read_yaml
from generator.vocabularies import BUILTIN_FOLDER, Vocabularies, merge_vocabularies

LOCALE = REPO_ROOT / "themes" / "default" / "locale"


def theme_translator(lang: str) -> Translator:
    report = Report()
    translator = load_translator(lang, list(LOCALE.glob(f"{lang}/LC_MESSAGES/messages.po")), report)
    assert not report.problems, report.sorted()
    return translator


def months(lang: str, count: int) -> str:
    return theme_translator(lang).ngettext("%(num)s month", "%(num)s months", count)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("pl", {1: "1 miesiąc", 2: "2 miesiące", 4: "4 miesiące", 5: "5 miesięcy", 12: "12 miesięcy"}),
        ("ga", {1: "1 mhí", 2: "2 mhí", 5: "5 mhí", 8: "8 mí", 24: "24 mí"}),
        ("sl", {1: "1 mesec", 2: "2 meseca", 3: "3 meseci", 5: "5 mesecev", 101: "101 mesec", 102: "102 meseca"}),
        ("lt", {1: "1 mėnuo", 2: "2 mėnesiai", 9: "9 mėnesiai", 10: "10 mėnesių", 12: "12 mėnesių", 21: "21 mėnuo"}),
        ("en", {1: "1 month", 2: "2 months"}),
    ],
)
def test_plural_forms_follow_each_language_s_rules(lang: str, expected: dict[int, str]) -> None:
    assert {count: months(lang, count) for count in expected} == expected


def test_counted_nouns_take_the_form_their_number_asks_for() -> None:
    irish = theme_translator("ga")
    forms = [irish.npgettext("after a number", "project", "projects", n) for n in (1, 2, 3, 7, 20)]
    assert forms == ["tionscadal", "thionscadal", "thionscadal", "dtionscadal", "tionscadal"]


def test_a_script_gets_the_smallest_whole_number_of_each_plural_category() -> None:
    assert plural_samples("en") == {"other": 0, "one": 1}
    assert plural_samples("pl") == {"many": 0, "one": 1, "few": 2}
    assert plural_samples("ga") == {"other": 0, "one": 1, "two": 2, "few": 3, "many": 7}


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_later_catalogues_win_message_by_message(tmp_path: Path) -> None:
    child = write(tmp_path / "child.po", 'msgid "Skip to content"\nmsgstr "Direkt zum Inhalt"\n')
    report = Report()
    german = load_translator("de", [LOCALE / "de" / "LC_MESSAGES" / "messages.po", child], report)
    assert not report.problems
    assert german.gettext("Skip to content") == "Direkt zum Inhalt"
    assert german.gettext("Home") == "Startseite"  # from the theme
    assert german.ngettext("%(num)s month", "%(num)s months", 3) == "3 Monate"  # plural forms still the theme's


def test_a_fuzzy_translation_is_left_out_as_msgfmt_leaves_it(tmp_path: Path) -> None:
    po = write(tmp_path / "de.po", '#, fuzzy\nmsgid "Home"\nmsgstr "Heim"\n')
    assert load_translator("de", [po], Report()).gettext("Home") == "Home"


def test_a_translation_with_a_placeholder_the_english_lacks_is_an_error_at_its_line(tmp_path: Path) -> None:
    text = 'msgid "About %(project)s"\nmsgstr "Über %(projekt)s"\n\nmsgid "Home"\nmsgstr "Start"\n'
    po = write(tmp_path / "de.po", text)
    report = Report()
    german = load_translator("de", [po], report)
    [problem] = report.errors
    assert (problem.file, problem.line) == (str(po), 1) and "About %(project)s" in problem.message
    assert german.gettext("About %(project)s", project="X") == "About X"  # English, not a crash
    assert german.gettext("Home") == "Start"


def test_a_malformed_catalogue_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    po = write(tmp_path / "de.po", 'msgid "Home"\nmsgstr "Start"\nthis is not gettext\n')
    report = Report()
    assert load_translator("de", [po], report).gettext("Home") == "Home"
    assert report.errors and report.errors[0].file == str(po)


def test_cldr_names_countries_and_languages_in_every_eu_language() -> None:
    assert country_name("DE", "pl") == "Niemcy" and country_name("XK", "fr") == "Kosovo"
    assert language_name("de", "fr") == "allemand" and language_name("ga", "ga") == "Gaeilge"
    assert all(country_name("PL", lang) and language_name(lang, lang) for lang in EU_LANGUAGES)
    assert country_name("DE", "xx") is None


# --- vocabularies -------------------------------------------------------------------------


def builtin_vocabularies() -> Vocabularies:
    report = Report()
    vocabularies = merge_vocabularies(read_builtin_vocabularies(BUILTIN_FOLDER, report), [], report)
    assert not report.problems, report.sorted()
    return vocabularies


TRANSLATED = (
    "fields",
    "event_types",
    "educational_levels",
    "result_categories",
    "organisation_types",
    "accessibility_features",
    "priorities",
    "actions",
)


@pytest.mark.parametrize("lang", [lang for lang in EU_LANGUAGES if lang != "en"])
def test_every_vocabulary_label_is_translated_into_every_eu_language(lang: str) -> None:
    vocabularies = builtin_vocabularies()
    for name in TRANSLATED:
        untranslated = [code for code in vocabularies[name] if vocabularies.text(name, code, lang)[1] != lang]
        assert untranslated == [], (name, lang)
    for name in ("countries", "languages"):  # from CLDR
        assert all(vocabularies.text(name, code, lang)[1] == lang for code in vocabularies[name]), (name, lang)
    licences = vocabularies["licences"]
    assert all(vocabularies.text("licences", code, lang, "plain")[1] == lang for code in licences)
    # The licences' names are their stewards' (English) names, but for "all rights reserved".
    assert vocabularies.text("licences", "CC-BY-4.0", lang) == ("Creative Commons Attribution 4.0 International", "en")
    assert vocabularies.text("licences", "LicenseRef-all-rights-reserved", lang)[1] == lang


def test_a_label_without_translation_is_english_and_says_so() -> None:
    vocabularies = builtin_vocabularies()
    assert vocabularies.text("fields", "SCH", "pl") == ("Edukacja szkolna", "pl")
    assert vocabularies.text("fields", "SCH", "en") == ("School education", "en")
    assert vocabularies.text("fields", "SCH", "no") == ("School education", "en")  # no Norwegian translation
    assert vocabularies.text("countries", "DE", "no") == ("Tyskland", "no")  # but CLDR knows Norwegian
    assert vocabularies.text("countries", "CZ", "en") == ("Czechia", "en")  # the EU's English name, not CLDR's
    assert vocabularies.text("fields", "XYZ", "pl") == ("XYZ", "")  # a code is in no language


def site_vocabulary(text: str) -> SourceFile:
    report = Report()
    source = read_yaml(text.encode(), "vocabularies/fields.yaml", report)
    assert source is not None and not report.problems
    return source


def test_a_site_translation_follows_its_text() -> None:
    report = Report()
    builtin = read_builtin_vocabularies(BUILTIN_FOLDER, report)
    site = site_vocabulary(
        "SCH: {label: School education and care}\n"  # a new English label: the built-in translations go
        "VET: {label: Vocational education and training, translations: {mt: {label: Edukazzjoni vokazzjonali}}}\n"
        "HED: {label: Higher education, translations: {pl: {label: Studia wyższe}}}\n"  # one language replaced
        "NEW: {label: New field, translations: {de: {label: Neuer Bereich}}}\n"
    )
    vocabularies = merge_vocabularies(builtin, [site], report)
    assert not report.problems
    assert vocabularies.text("fields", "SCH", "de") == ("School education and care", "en")
    assert vocabularies.text("fields", "VET", "mt") == ("Edukazzjoni vokazzjonali", "mt")
    assert vocabularies.text("fields", "VET", "de") == ("Berufliche Bildung", "de")  # the built-in one stays
    assert vocabularies.text("fields", "HED", "pl") == ("Studia wyższe", "pl")
    assert vocabularies.text("fields", "HED", "fr") == ("Enseignement supérieur", "fr")
    assert vocabularies.text("fields", "NEW", "de") == ("Neuer Bereich", "de")


def test_malformed_translations_are_an_error_at_their_line() -> None:
    report = Report()
    site = site_vocabulary("SCH:\n  label: School\n  translations:\n    de: Schule\n")
    merge_vocabularies(read_builtin_vocabularies(BUILTIN_FOLDER, Report()), [site], report)
    [problem] = report.errors
    assert (problem.file, problem.line, problem.field) == ("vocabularies/fields.yaml", 3, "SCH.translations")
