"""Translated content: a translation overrides exactly the fields it sets, at any depth, the
site's own texts translate per language, and every text in another language than the page's
carries `lang` (WCAG 2.1, 3.1.2)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import lxml.html
from conftest import PROJECT, SiteFactory

from generator.build import BuildOptions, build_site
from generator.content import merge_translation

CONFIG = """\
title: Learning Bridges
description: Results to reuse.
base_url: https://t.example.org/
languages: [en, pl]
publisher: {name: Test Agency}
defaults:
  granting_authority: the Test National Agency (TNA)
translations:
  pl:
    title: Mosty Uczenia się
    granting_authority: Narodowa Agencja Testowa (TNA)
"""

REUSABLE = """\
---
project: testing
title: A reusable toolkit
category: handbook-guide
languages: [en, pl]
licence: CC-BY-4.0
summary: A toolkit for adult educators.
files:
  - {title: Editable source, url: "https://t.example.org/kit.odt", editable: true}
transferability:
  reuse: adapt
  effort: medium
  guide_file: files/adaptation-guide.pdf
  tested_countries: [DE, PL]
  contexts: [rural libraries]
  prerequisites: [a quiet room]
  evidence:
    - {kind: pilot, description: Used in three libraries, count: 120, unit: learners, country: PL}
  sustainability: Kept online by the coordinator.
  contact: {organisation: alpha, email: reuse@example.org}
---
The original body.
"""

POLISH = """\
---
title: Zestaw do ponownego wykorzystania
transferability:
  contexts: [biblioteki wiejskie, domy kultury]
---
"""


def build(site: Path, out: Path) -> Path:
    build_site(BuildOptions(site=site, out=out, now=datetime(2026, 11, 27, 12, tzinfo=UTC), search=False))
    return out


def page(out: Path, path: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((out / path / "index.html").read_text(encoding="utf-8"))


def in_english(element: lxml.html.HtmlElement) -> bool:
    """The text is marked English, on the element or an ancestor."""
    return any(e.get("lang") == "en" for e in element.iterancestors(None)) or element.get("lang") == "en"


def test_a_translation_merges_mappings_field_by_field_and_replaces_lists() -> None:
    original = {
        "title": "Toolkit",
        "languages": ["en", "pl"],
        "transferability": {"reuse": "adapt", "contexts": ["libraries"], "contact": {"email": "a@b.org", "name": "A"}},
    }
    translation = {
        "title": "Zestaw",
        "transferability": {"contexts": ["biblioteki"], "contact": {"name": "B"}},
        "languages": ["pl"],
    }
    assert merge_translation(original, translation) == {
        "title": "Zestaw",
        "languages": ["pl"],
        "transferability": {"reuse": "adapt", "contexts": ["biblioteki"], "contact": {"email": "a@b.org", "name": "B"}},
    }
    assert original["transferability"]["contexts"] == ["libraries"]  # the original is left as it was


def test_translating_one_nested_field_keeps_every_other_reuse_field(make_site: SiteFactory, tmp_path: Path) -> None:
    site = make_site(
        {
            "showcase.yaml": CONFIG,
            "content/results/toolkit.md": REUSABLE,
            "content/results/toolkit.pl.md": POLISH,
            "static/files/adaptation-guide.pdf": b"%PDF-1.4\n",
        }
    )
    out = build(site, tmp_path / "out")
    english, polish = page(out, "results/toolkit"), page(out, "pl/results/toolkit")
    reuse = polish.xpath("//*[contains(@class, 'reuse')]")[0]
    text = reuse.text_content()
    assert "Dostosuj go do swoich warunków" in text and "średni" in text  # the way of reuse and the effort
    assert reuse.xpath(".//a[@href='/files/adaptation-guide.pdf']")  # the guide file
    assert "Niemcy" in text and "Polska" in text  # tested in two countries
    assert "Used in three libraries" in text and "120" in text  # the evidence
    assert "reuse@example.org" in text and "Nie podano kontaktu" not in text  # the contact
    assert "Kept online by the coordinator." in text
    assert "biblioteki wiejskie; domy kultury" in text  # the translated field itself
    checklist = [li.get("class") for li in polish.xpath("//ul[contains(@class, 'checklist')]/li")]
    assert checklist == [li.get("class") for li in english.xpath("//ul[contains(@class, 'checklist')]/li")]
    assert checklist.count("met") == 7

    # What the translation leaves to its original is English, and marked so; what it translates is not.
    inherited = ("Used in three libraries", "a quiet room", "Kept online by the coordinator.", "The original body.")
    for english_text in inherited:
        [element] = [e for e in polish.iter() if e.text and english_text in e.text]
        assert in_english(element), english_text
    [contexts] = [e for e in polish.iter("dd") if "biblioteki wiejskie" in e.text_content()]
    assert not in_english(contexts) and not contexts.xpath(".//*[@lang]")
    assert polish.xpath("//h1")[0].get("lang") is None


def test_pages_mark_every_text_in_another_language(make_site: SiteFactory, tmp_path: Path) -> None:
    site = make_site(
        {
            "showcase.yaml": CONFIG,
            "vocabularies/result_categories.yaml": "zine: {label: Zine}\n",  # a site's label, never translated
            "content/results/zine.md": REUSABLE.replace("handbook-guide", "zine").replace(
                "A reusable toolkit", "A zine"
            ),
            "static/files/adaptation-guide.pdf": b"%PDF-1.4\n",
        }
    )
    out = build(site, tmp_path / "out")
    results = page(out, "pl/results")
    titles = {a.text: a.get("lang") for a in results.xpath("//*[contains(@class, 'card-title')]/a")}
    assert titles == {"A reusable toolkit": "en", "A zine": "en"}  # untranslated entries, in English
    facts = {li.text: li.get("lang") for li in results.xpath("//ul[contains(@class, 'facts')]/li")}
    assert facts["Zine"] == "en" and facts["Podręcznik / przewodnik / samouczek / kompendium"] is None
    assert page(out, "results").xpath("//*[contains(@class, 'card-title')]/a[@lang]") == []  # English pages

    home = page(out, "pl")
    assert home.xpath("//*[contains(@class, 'site-title')]")[0].text == "Mosty Uczenia się"
    [lede] = home.xpath("//p[contains(@class, 'lede')]")
    assert (lede.text, lede.get("lang")) == ("Results to reuse.", "en")  # no Polish description given
    disclaimer = home.xpath("//*[contains(@class, 'disclaimer')]")[0]
    assert "(Narodowa Agencja Testowa (TNA))" in disclaimer.text_content() and not disclaimer.xpath(".//*[@lang]")
    assert "Współfinansowane przez Unię Europejską" in home.xpath("//svg/@aria-label")


def test_every_language_has_its_own_not_found_page(make_site: SiteFactory, tmp_path: Path) -> None:
    out = build(make_site({"showcase.yaml": CONFIG}), tmp_path / "out")
    polish = lxml.html.fromstring((out / "pl/404.html").read_text(encoding="utf-8"))
    assert polish.get("lang") == "pl" and polish.xpath("//h1")[0].text == "Nie znaleziono strony"
    assert lxml.html.fromstring((out / "404.html").read_text(encoding="utf-8")).get("lang") == "en"


def test_links_between_entries_lead_to_the_page_in_the_page_language(make_site: SiteFactory, tmp_path: Path) -> None:
    """A body links to another entry by its file, as editors see it; each page links to that
    entry's page in its own language (or the one the file name gives), a translation showing
    its original's body too; links to static/ lead to where the site serves the file."""
    links = (
        "See [the toolkit](../results/toolkit.md#using-it), [the about page](../pages/about.md), "
        "[the Polish toolkit](../results/toolkit.pl.md), [the guide](../../static/files/guide.pdf), "
        "[elsewhere](https://example.org/notes.md) and ![the logo](../../static/images/logo.png).\n"
    )
    site = make_site(
        {
            "showcase.yaml": CONFIG,
            "content/projects/testing.md": PROJECT.replace("The project's body.\n", links),
            "content/projects/testing.pl.md": "---\ntitle: Testujemy razem\n---\n"
            + links.replace("using-it", "uzycie"),
            "content/pages/about.md": "---\ntitle: About\n---\n" + links.replace("#using-it", ""),
            "content/pages/about.pl.md": "---\ntitle: O nas\n---\n",  # shows the English body
            "content/results/toolkit.md": REUSABLE.replace("The original body.", "## Using it\n\nLike this.\n"),
            "content/results/toolkit.pl.md": POLISH + "## Użycie\n\nTak.\n",
            "static/files/adaptation-guide.pdf": b"%PDF-1.4\n",
            "static/files/guide.pdf": b"%PDF-1.4\n",
            "static/images/logo.png": b"\x89PNG",
        }
    )
    out = build(site, tmp_path / "out")
    rest = ["/files/guide.pdf", "https://example.org/notes.md"]
    for path, expected in {
        "projects/testing": ["/results/toolkit/#using-it", "/about/", "/pl/results/toolkit/", *rest],
        "pl/projects/testing": ["/pl/results/toolkit/#uzycie", "/pl/about/", "/pl/results/toolkit/", *rest],
        "pl/about": ["/pl/results/toolkit/", "/pl/about/", "/pl/results/toolkit/", *rest],
    }.items():
        [body] = page(out, path).xpath("//p[starts-with(normalize-space(), 'See')]")
        assert body.xpath(".//a/@href") == expected, path
        assert body.xpath(".//img/@src") == ["/images/logo.png"], path
