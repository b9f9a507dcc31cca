"""Interface strings in the site's languages: the catalogues' plural forms against CLDR,
how a chain of catalogues merges, what a broken catalogue does, and CLDR's names."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import EU_LANGUAGES, REPO_ROOT

from generator.errors import Report
from generator.i18n import Translator, country_name, language_name, load_translator, plural_samples

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
