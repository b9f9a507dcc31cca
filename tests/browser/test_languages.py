"""The demo site in all 24 official languages of the EU, built once: on one page of each kind
in every language, no English interface string is left unmarked, the EU funding statement
and disclaimer are the language's own, counts take the plural forms of Polish, Irish,
Slovenian and Lithuanian, the Nu HTML Checker finds no error, and the page's structure holds
what screen readers need (language, headings, names of links, controls and landmarks).

axe-core (WCAG 2.1 A/AA) runs on every page of `AXE_LANGUAGES` only: a Latin, a Greek and a
Latin-with-diacritics language with long words. The pages of all languages come from the same
templates and styles, so what axe finds beyond the static checks here (contrast, focus,
reflow) would show in these three; axe on all 336 pages took 5 to 15 minutes, most of the
suite's time.

Every entry page needs a translation to exist in a language, so the fixture adds, for one
entry of each kind, a translation that translates nothing: its pages show the original's
English text, which must then be marked lang="en" like everything else not translated.
"""

from __future__ import annotations

import re
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

import lxml.html
import pytest
import yaml
from babel.messages.pofile import read_po
from conftest import EU_LANGUAGES, REPO_ROOT, copy_demo_site

from generator.build import BuildOptions, build_site, built_graph
from generator.errors import Report
from generator.i18n import Translator, cldr_locale, load_translator
from generator.models import KINDS
from generator.vocabularies import Vocabularies

NOW = datetime(2026, 11, 27, 12, tzinfo=UTC)
LOCALE = REPO_ROOT / "themes" / "default" / "locale"
TRANSLATED_ENTRIES = {
    "project": "digisenior",
    "result": "digisenior-peer-tutor-handbook",
    "organisation": "fundacja-cyfrowe-pokolenia",
    "event": "digisenior-kick-off-mannheim",
    "news": "digisenior-project-closes",
    "page": "about",
}
"""One entry of each kind, given a (empty) translation in every language: the pages checked."""
PAGE_KINDS = (
    "home",
    "project",
    "result",
    "organisation",
    "event",
    "news",
    "page",
    "section",
    "taxonomy",
    "term",
    "search",
    "accessibility",
    "statistics",
    "not_found",
)
AXE_LANGUAGES = ("de", "el", "pl")
"""The languages whose every page axe-core checks (see the module's docstring)."""


class EUSite(NamedTuple):
    site: Path
    out: Path
    pages: dict[str, dict[str, str]]
    """Language -> page kind -> the page's file under `out`."""
    vocabularies: Vocabularies
    """The site's vocabularies, as the build merged them."""


@pytest.fixture(scope="session")
def eu_site(tmp_path_factory: pytest.TempPathFactory) -> EUSite:
    root = tmp_path_factory.mktemp("eu-site")
    site = copy_demo_site(root / "site")
    config = yaml.safe_load((site / "showcase.yaml").read_text(encoding="utf-8"))
    config["languages"] = list(EU_LANGUAGES)
    config["languages"].remove("en")
    config["languages"].insert(0, "en")
    (site / "showcase.yaml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    for kind, id_ in TRANSLATED_ENTRIES.items():
        for lang in EU_LANGUAGES:
            translation = site / "content" / KINDS[kind].folder / f"{id_}.{lang}.md"
            if lang != "en" and not translation.exists():
                translation.write_text("---\ndraft: false\n---\n", encoding="utf-8")
    out = root / "out"
    options = BuildOptions(site=site, out=out, now=NOW, search=False)
    summary = build_site(options)
    assert not summary.report.problems, summary.report.sorted()
    pages: dict[str, dict[str, str]] = {lang: {} for lang in EU_LANGUAGES}
    with built_graph(options) as (graph, _):
        vocabularies = graph.vocabularies
        for family in graph.family_names():
            for node in graph.family(family):
                if TRANSLATED_ENTRIES.get(node.kind, node.key) == node.key:
                    pages[node.lang].setdefault(node.kind, node.output_path)
    for lang in EU_LANGUAGES:
        assert set(pages[lang]) == set(PAGE_KINDS), lang
    return EUSite(site, out, pages, vocabularies)


def translator(lang: str) -> Translator:
    return load_translator(lang, list(LOCALE.glob(f"{lang}/LC_MESSAGES/messages.po")), Report())


def english_patterns(lang: str, vocabularies: Vocabularies) -> list[re.Pattern[str]]:
    """Every English interface string and vocabulary label that this language translates into
    something else, as a pattern for a whole text (a placeholder matches anything)."""
    english: set[str] = set()
    translations: set[str] = set()
    with (LOCALE / lang / "LC_MESSAGES" / "messages.po").open("rb") as file:
        for message in read_po(file, locale=lang):
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            forms = message.string if isinstance(message.string, tuple) else (message.string,)
            english |= {text for text in ids if text}
            translations |= set(forms)
    for name, entries in vocabularies.terms.items():
        for code in entries:
            label, label_lang = vocabularies.text(name, code, lang)
            if label_lang == lang and label != vocabularies.label(name, code):
                english.add(vocabularies.label(name, code))
    # An English word that is also this language's own (Slovenian "Licence", German "Status") is no
    # sign, nor is a message that is mostly placeholders ("%(low)s to %(high)s": Slovenian "to" is "it").
    return [re.compile(_pattern(text)) for text in english - translations if _letters(text) > 2]


def _letters(text: str) -> int:
    """The letters of a message outside its placeholders."""
    return sum(character.isalpha() for character in re.sub(r"%\(\w+\)s", "", text))


def _pattern(text: str) -> str:
    parts = re.split(r"%\(\w+\)s", text.replace("%%", "%"))
    return r"\s*" + r".+?".join(re.escape(part) for part in parts) + r"\s*"


def unmarked_texts(doc: lxml.html.HtmlElement, lang: str) -> list[str]:
    """The texts of the page's body and the accessible names in its language, outside scripts and
    outside any element marked with another language."""
    texts = []
    for element in doc.body.iter():
        if not isinstance(element.tag, str) or element.tag in ("script", "style"):
            continue
        if any(e.get("lang") not in (None, lang) for e in (element, *element.iterancestors())):
            continue
        texts += [element.text or "", *(element.get(a) or "" for a in ("aria-label", "alt", "placeholder", "title"))]
        parent = element.getparent()
        if (
            element.tail
            and parent is not None
            and not any(e.get("lang") not in (None, lang) for e in (parent, *parent.iterancestors()))
        ):
            texts.append(element.tail)
    return [" ".join(text.split()) for text in texts if text.strip()]


@pytest.mark.parametrize("lang", [lang for lang in EU_LANGUAGES if lang != "en"])
def test_no_english_interface_string_is_left_unmarked(eu_site, lang: str) -> None:
    _site, out, pages, vocabularies = eu_site
    patterns = english_patterns(lang, vocabularies)
    for kind, path in pages[lang].items():
        doc = lxml.html.fromstring((out / path).read_text(encoding="utf-8"))
        assert doc.get("lang") == lang, path
        english = [text for text in unmarked_texts(doc, lang) if any(p.fullmatch(text) for p in patterns)]
        assert english == [], (kind, path)


CURRENT = (
    "Funded by the European Union. Views and opinions expressed are however those of the author(s) only "
    "and do not necessarily reflect those of the European Union or %(authority)s. Neither the European "
    "Union nor %(authority)s can be held responsible for them."
)
GENERAL = (
    "The projects presented on this site are co-funded by the Erasmus+ programme of the European "
    "Union. Views and opinions expressed are however those of the author(s) only and do not "
    "necessarily reflect those of the European Union or %(authority)s. Neither the European Union "
    "nor %(authority)s can be held responsible for them."
)


@pytest.mark.parametrize("lang", EU_LANGUAGES)
def test_the_funding_statement_and_disclaimer_are_the_language_s_own(eu_site, lang: str) -> None:
    site, out, pages, _ = eu_site
    config = yaml.safe_load((site / "showcase.yaml").read_text(encoding="utf-8"))
    authority = (
        config.get("translations", {}).get(lang, {}).get("granting_authority")
        or config["defaults"]["granting_authority"]
    )
    t = translator(lang)
    for kind, path in pages[lang].items():
        doc = lxml.html.fromstring((out / path).read_text(encoding="utf-8"))
        statement = doc.xpath("//*[contains(@class, 'eu-funding')]/*[local-name()='svg']/@aria-label")[0]
        disclaimer = doc.xpath("//*[contains(@class, 'disclaimer')]")[0].text_content()
        assert statement == t.gettext("Co-funded by the European Union"), path
        # The pages of DigiSenior, a 2021-2027 project, carry its disclaimer; the others the catalogue's.
        about_digisenior = kind in ("project", "result", "event", "news")
        assert disclaimer == t.gettext(CURRENT if about_digisenior else GENERAL, authority=authority), path
    assert lang == "en" or t.gettext("Co-funded by the European Union") != "Co-funded by the European Union"


PLURALS = {
    "pl": {
        "project": ["36 miesięcy", "5 organizacji partnerskich z 5 krajów"],
        "result": ["z 7 kryteriów spełnionych"],
        "home": ["4 projekty", "11 rezultatów", "15 organizacji", "10 wydarzeń", "7 aktualności"],
    },
    "ga": {
        "project": ["36 mí", "5 eagraíocht chomhpháirtíochta ó 5 thír"],
        "result": ["as 7 gcritéar comhlíonta"],
        "home": ["4 thionscadal", "11 toradh", "15 eagraíocht", "10 n-imeacht", "7 mír nuachta"],
    },
    "sl": {
        "project": ["36 mesecev", "5 partnerskih organizacij iz 5 držav"],
        "result": ["od 7 meril izpolnjenih"],
        "home": ["4 projekti", "11 rezultatov", "15 organizacij", "10 dogodkov", "7 novic"],
    },
    "lt": {
        "project": ["36 mėnesiai", "5 organizacijos partnerės iš 5 šalių"],
        "result": ["iš 7 kriterijų įvykdyta"],
        "home": ["4 projektai", "11 rezultatų", "15 organizacijų", "10 renginių", "7 naujienos"],
    },
}
"""What a native reader expects for the demo's numbers: Polish 'few' (2-4) and 'many' (5-21),
Irish 3-6 lenited and 7-10 eclipsed, Slovenian 3-4 and 5+, Lithuanian 2-9 and 10-20."""


@pytest.mark.parametrize("lang", sorted(PLURALS))
def test_counts_take_the_language_s_plural_forms(eu_site, lang: str) -> None:
    _site, out, pages, _ = eu_site
    for kind, expected in PLURALS[lang].items():
        text = " ".join(lxml.html.fromstring((out / pages[lang][kind]).read_text(encoding="utf-8")).itertext())
        text = " ".join(text.split())
        assert [phrase for phrase in expected if phrase not in text] == [], (lang, kind)


@pytest.mark.parametrize("lang", AXE_LANGUAGES)
def test_every_kind_of_page_has_no_axe_violation(eu_site, serve_folder, browser_page, axe_violations, lang: str):
    _site, out, pages, _ = eu_site
    base = serve_folder(out)
    found = {}
    for kind, path in pages[lang].items():
        url = "/" + path.removesuffix("index.html")
        # Only the search page runs a script that changes it; the others are whole once loaded.
        browser_page.goto(base + url, wait_until="networkidle" if kind == "search" else "load")
        violations = axe_violations(browser_page)
        if violations:
            found[url] = [str(v) for v in violations]
    assert found == {}


HIDDEN_INPUTS = ("hidden", "submit", "button", "reset", "image")


def _name(element: lxml.html.HtmlElement, ids: dict[str, lxml.html.HtmlElement]) -> str:
    """An element's accessible name, as far as the markup alone gives it."""
    labelled = " ".join(ids[i].text_content() for i in (element.get("aria-labelledby") or "").split() if i in ids)
    images = " ".join(img.get("alt") or "" for img in element.iter("img"))
    titles = " ".join(title.text or "" for title in element.iter("title"))
    return " ".join((element.get("aria-label") or "", labelled, element.text_content(), images, titles)).strip()


def structure_problems(doc: lxml.html.HtmlElement, lang: str) -> list[str]:
    """What a page's markup lacks for screen readers and keyboard users, in any language: the
    rules of axe-core that read the markup alone (its contrast and focus rules need a browser)."""
    problems = []
    if doc.get("lang") != lang or doc.get("dir") != "ltr":
        problems.append(f"<html lang={doc.get('lang')!r} dir={doc.get('dir')!r}>")
    if not (doc.findtext(".//title") or "").strip():
        problems.append("no <title>")
    marked = {element.get("lang") for element in doc.iter() if isinstance(element.tag, str) and element.get("lang")}
    problems += [f"lang={code!r} is no language" for code in sorted(marked) if cldr_locale(code) is None]
    ids: dict[str, lxml.html.HtmlElement] = {}
    for element in doc.iter():
        if isinstance(element.tag, str) and element.get("id"):
            if element.get("id") in ids:
                problems.append(f"id {element.get('id')!r} twice")
            ids[element.get("id")] = element
    for attribute in ("aria-labelledby", "aria-describedby", "aria-controls"):
        for element in doc.xpath(f"//*[@{attribute}]"):
            problems += [f"{attribute} names no element {i!r}" for i in element.get(attribute).split() if i not in ids]
    labels = {label.get("for") for label in doc.iter("label") if label.get("for")}
    problems += [f"<label for={name!r}> labels nothing" for name in sorted(labels - ids.keys())]
    headings = doc.xpath("//h1|//h2|//h3|//h4|//h5|//h6")
    if len(doc.xpath("//h1")) != 1:
        problems.append(f"{len(doc.xpath('//h1'))} <h1>")
    level = 0
    for heading in headings:
        if not heading.text_content().strip():
            problems.append(f"an empty <{heading.tag}>")
        if int(heading.tag[1]) > level + 1:
            problems.append(f"<{heading.tag}> {heading.text_content().strip()!r} skips a level after <h{level}>")
        level = int(heading.tag[1])
    if len(doc.xpath("//main")) != 1:
        problems.append("not one <main>")
    navs = doc.xpath("//nav")
    problems += [f"a <nav> without a name, of {len(navs)}" for nav in navs if len(navs) > 1 and not _name(nav, ids)]
    problems += [f"<img src={img.get('src')!r}> without alt" for img in doc.iter("img") if img.get("alt") is None]
    for svg in doc.xpath("//*[local-name()='svg'][@role='img']"):
        if not _name(svg, ids):
            problems.append("an <svg role=img> without a name")
    for link in doc.xpath("//a[@href]"):
        if not _name(link, ids):
            problems.append(f"a link to {link.get('href')!r} without a name")
    for button in doc.iter("button"):
        if not _name(button, ids):
            problems.append("a <button> without a name")
    for control in doc.xpath("//input|//select|//textarea"):
        if control.get("type") in HIDDEN_INPUTS:
            continue
        if control.get("id") not in labels and not control.get("aria-label") and not control.get("aria-labelledby"):
            problems.append(f"a <{control.tag} name={control.get('name')!r}> without a label")
    return problems


@pytest.mark.parametrize("lang", [lang for lang in EU_LANGUAGES if lang not in AXE_LANGUAGES])
def test_every_kind_of_page_is_structured_for_screen_readers(eu_site, lang: str) -> None:
    """The languages axe-core does not check: the markup rules it would apply, one page of each kind."""
    _site, out, pages, _ = eu_site
    found = {}
    for path in pages[lang].values():
        problems = structure_problems(lxml.html.fromstring((out / path).read_bytes()), lang)
        if problems:
            found[path] = problems
    assert found == {}


def test_the_structure_check_finds_what_it_looks_for() -> None:
    page = lxml.html.fromstring(
        '<html lang="pl" dir="ltr"><head><title>T</title></head><body><main>'
        '<h1>A</h1><h3>B</h3><img src="x.png"><a href="/y"></a><input id="q" name="q">'
        '<label for="r">R</label><span lang="xx">z</span></main></body></html>'
    )
    problems = structure_problems(page, "pl")
    assert problems == [
        "lang='xx' is no language",
        "<label for='r'> labels nothing",
        "<h3> 'B' skips a level after <h1>",
        "<img src='x.png'> without alt",
        "a link to '/y' without a name",
        "a <input name='q'> without a label",
    ]


def test_every_kind_of_page_is_valid_html_in_every_language(eu_site, nu_check, tmp_path: Path) -> None:
    _site, out, pages, _ = eu_site
    for by_kind in pages.values():
        for path in by_kind.values():
            target = tmp_path / path
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(out / path, target)
    assert nu_check(tmp_path) == []
