"""The default theme without a browser: the EU emblem's geometry, funding statements and
disclaimers, the reuse panel, theme inheritance and overrides, the translation catalogues
and the stylesheet's budget. Browser checks (axe, Nu, requests) are in tests/browser/."""

from __future__ import annotations

import dataclasses
import gettext
import math
import re
import typing
from datetime import UTC, datetime
from io import StringIO
from pathlib import Path

import lxml.etree
import lxml.html
import pytest
import segno
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po
from conftest import CONFIG, EU_LANGUAGES, REPO_ROOT, SiteFactory

from generator import models
from generator.build import BuildOptions, build_site
from generator.graph import READINESS_CRITERIA, STATISTICS, TAXONOMIES
from generator.i18n import Translator
from generator.maps.geography import PRECISIONS
from generator.views import contract, wording
from generator.views.figures import NOTED, STATISTICS_GROUPS
from generator.views.search_facts import SEARCH_SORTS

NOW = datetime(2026, 11, 27, 12, tzinfo=UTC)
THEME = REPO_ROOT / "themes" / "default"

LEGACY_PROJECT = """\
---
code: 2019-1-DE02-KA201-050670
acronym: OLD
title: An earlier partnership
action: KA201
call_year: 2019
partners:
  - {organisation: alpha, role: coordinator}
  - {organisation: beta}
---
"""

EACEA_PROJECT = """\
---
code: ERASMUS-SPORT-2025-SSCP-101245991
acronym: RUN
title: Running together
action: ERASMUS-SPORT-SSCP
call_year: 2025
funding_statement: funded
eu_grant: 60000
partners:
  - {organisation: gamma, role: coordinator}
  - {organisation: beta}
---
"""

RICH_RESULT = """\
---
project: testing
title: "Toolkit <for> \\"all\\" & everyone"
category: handbook-guide
published: 2026-03-01
languages: [en, de]
licence: CC-BY-SA-4.0
authors: [{name: Ana Silva}, {name: Jan Nowak}]
files:
  - {title: Editable source, url: "https://test.example.org/kit.odt", format: ODT, language: en, editable: true}
transferability:
  reuse: adapt
  effort: medium
  tested_countries: [DE, PL]
  evidence:
    - {kind: pilot, description: Used in three schools, count: 1250, unit: learners, country: PL}
---
Body.
"""


def build(site: Path, out: Path, **options: object) -> Path:
    build_site(BuildOptions(site=site, out=out, now=NOW, search=False, **options))  # type: ignore[arg-type]
    return out


def page(out: Path, path: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(
        (out / path / "index.html" if not path.endswith(".html") else out / path).read_text(encoding="utf-8")
    )


def C(name: str) -> str:
    """An XPath predicate: the element has the class `name`."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def funding(doc: lxml.html.HtmlElement) -> tuple[str, str]:
    """(the emblem's accessible name, the footer's disclaimer) of a page."""
    emblem = doc.xpath(f"//*[{C('eu-funding')}]/*[local-name()='svg']")[0]
    return emblem.get("aria-label"), doc.xpath(f"//*[{C('disclaimer')}]")[0].text_content()


# --- the EU emblem ----------------------------------------------------------------------


def emblem_svg() -> lxml.html.HtmlElement:
    text = (THEME / "templates" / "partials" / "eu-emblem.html").read_text(encoding="utf-8")
    return lxml.html.fragment_fromstring(re.sub(r"\{#.*?#\}", "", text, flags=re.DOTALL).strip())


def test_emblem_is_a_3_by_2_blue_rectangle() -> None:
    svg = emblem_svg()
    x, y, width, height = map(float, svg.get("viewbox").split())
    assert (x, y) == (0, 0) and width / height == pytest.approx(1.5)
    rect = svg.find("rect")
    assert (float(rect.get("width")), float(rect.get("height"))) == (width, height)
    assert rect.get("fill").lower() in ("#039", "#003399")
    assert svg.get("role") == "img" and "page.funding.statement" in svg.get("aria-label")


def test_emblem_has_twelve_upright_gold_stars_on_the_official_circle() -> None:
    svg = emblem_svg()
    _, _, width, height = map(float, svg.get("viewbox").split())
    path = svg.find("path")
    assert path.get("fill").lower() in ("#fc0", "#ffcc00")
    stars = [
        list(zip(*[iter(map(float, part.split()))] * 2, strict=True)) for part in path.get("d").strip("MZ").split("ZM")
    ]
    assert len(stars) == 12
    centre = (width / 2, height / 2)
    angles = []
    for points in stars:
        assert len(points) == 10  # five outer and five inner points
        cx, cy = sum(p[0] for p in points) / 10, sum(p[1] for p in points) / 10
        assert math.dist((cx, cy), centre) == pytest.approx(height / 3, abs=0.3)
        outer, inner = points[0::2], points[1::2]
        for point in outer:
            assert math.dist(point, (cx, cy)) == pytest.approx(height / 18, abs=0.15)
        for point in inner:  # a regular five-pointed star's inner radius
            assert math.dist(point, (cx, cy)) == pytest.approx(height / 18 * 0.381966, abs=0.15)
        top = min(points, key=lambda p: p[1])
        assert top[0] == pytest.approx(cx, abs=0.1), "every star stands upright, one point straight up"
        angles.append(math.degrees(math.atan2(cx - centre[0], centre[1] - cy)) % 360)
    assert sorted(round(a) % 360 for a in angles) == list(range(0, 360, 30)), "like the hours of a clock"


# --- funding statement and disclaimer ---------------------------------------------------


def test_each_project_page_carries_its_own_statement_and_authority(make_site: SiteFactory, tmp_path: Path) -> None:
    site = make_site({"content/projects/old.md": LEGACY_PROJECT, "content/projects/run.md": EACEA_PROJECT})
    out = build(site, tmp_path / "out")

    statement, disclaimer = funding(page(out, "projects/testing"))
    assert statement == "Co-funded by the European Union"
    assert disclaimer.startswith("Funded by the European Union. Views and opinions expressed are however")
    assert disclaimer.count("the Test National Agency (TNA)") == 2

    statement, disclaimer = funding(page(out, "projects/run"))
    assert statement == "Funded by the European Union"
    eacea = "the European Education and Culture Executive Agency (EACEA)"
    assert disclaimer.count(eacea) == 2 and "Test National Agency" not in disclaimer

    statement, disclaimer = funding(page(out, "projects/old"))
    assert statement == "Co-funded by the Erasmus+ Programme of the European Union"
    assert disclaimer.startswith("This project has been funded with support from the European Commission.")


def test_entry_pages_take_their_project_s_statement(make_site: SiteFactory, tmp_path: Path) -> None:
    result = RICH_RESULT.replace("project: testing", "project: run")
    site = make_site({"content/projects/run.md": EACEA_PROJECT, "content/results/toolkit.md": result})
    out = build(site, tmp_path / "out")
    assert funding(page(out, "results/toolkit"))[0] == "Funded by the European Union"


def test_catalogue_pages_carry_the_general_statement(make_site: SiteFactory, tmp_path: Path) -> None:
    out = build(make_site(), tmp_path / "out")
    for path in ("", "projects", "countries/de", "accessibility", "404.html"):
        statement, disclaimer = funding(page(out, path))
        assert statement == "Co-funded by the European Union", path
        assert disclaimer.startswith("The projects presented on this site are co-funded by the Erasmus+"), path
        assert "the Test National Agency (TNA)" in disclaimer


def test_a_project_site_carries_the_project_s_statement_everywhere(make_site: SiteFactory, tmp_path: Path) -> None:
    site = make_site(
        {
            "showcase.yaml": "title: One project\nbase_url: https://one.example.org/\nmode: project\n"
            "publisher: {name: Alpha School}\n"
            "defaults: {granting_authority: the Test National Agency (TNA), funding_statement: funded}\n"
        }
    )
    out = build(site, tmp_path / "out")
    for path in ("", "organisations", "news", "search"):
        statement, disclaimer = funding(page(out, path))
        assert statement == "Funded by the European Union", path
        assert "the Test National Agency (TNA)" in disclaimer
    home = page(out, "")
    assert home.xpath("//*[@id='partners-title']") and "Testing together" in home.text_content()


def test_german_pages_use_the_german_wording(make_site: SiteFactory, tmp_path: Path) -> None:
    config = (
        "title: Test\nbase_url: https://t.example.org/\nlanguages: [en, de]\npublisher: {name: T}\n"
        "defaults: {granting_authority: the Test National Agency (TNA)}\n"
    )
    out = build(
        make_site(
            {
                "showcase.yaml": config,
                "content/projects/run.md": EACEA_PROJECT,
                "content/projects/run.de.md": EACEA_PROJECT.replace("Running together", "Gemeinsam laufen"),
            }
        ),
        tmp_path / "out",
    )
    german = page(out, "de/projects/run")
    assert german.get("lang") == "de"
    statement, disclaimer = funding(german)
    assert statement == "Finanziert von der Europäischen Union"
    assert "Europäische Exekutivagentur für Bildung und Kultur (EACEA)" in disclaimer
    assert "60.000\xa0€" in german.text_content() and "€60,000" in page(out, "projects/run").text_content()
    switcher = {a.get("lang"): a.get("href") for a in german.xpath(f"//*[{C('languages')}]//a")}
    assert switcher == {"en": "/projects/run/", "de": "/de/projects/run/"}


# --- the result page --------------------------------------------------------------------


def test_result_page_has_reuse_panel_readiness_citation_qr_and_embed(make_site: SiteFactory, tmp_path: Path) -> None:
    out = build(make_site({"content/results/toolkit.md": RICH_RESULT}), tmp_path / "out")
    doc = page(out, "results/toolkit")
    reuse = doc.xpath(f"//*[{C('reuse')}]")[0].text_content()
    assert "May I translate and adapt it?" in reuse and "Yes, adaptations must carry the same licence." in reuse
    assert '“Toolkit <for> "all" & everyone” by Ana Silva and Jan Nowak, Erasmus+ project TEST' in reuse
    assert "1,250 learners" in reuse and "editable source" in reuse

    readiness = doc.xpath(f"//*[{C('readiness')}]")[0]
    assert readiness.xpath(f".//*[{C('readiness-score')}]/strong")[0].text == "5"
    met = [li.text_content() for li in readiness.xpath(f".//*[{C('checklist')}]/li[{C('met')}]")]
    missing = [li.text_content() for li in readiness.xpath(f".//*[{C('checklist')}]/li[{C('missing')}]")]
    assert len(met) + len(missing) == len(READINESS_CRITERIA) == 7
    assert [item.split(":")[-1].strip() for item in missing] == ["An adaptation guide", "A contact for reuse"]
    assert any("Tested in two or more countries" in item for item in met)

    downloads = [a.get("href") for a in doc.xpath(f"//*[{C('citation')}]//*[{C('downloads')}]//a")]
    assert downloads == [
        "/results/toolkit/citation.bib",
        "/results/toolkit/citation.ris",
        "/results/toolkit/CITATION.cff",
    ]
    assert doc.xpath(f"//*[{C('citation-text')}]")[0].text.startswith("Ana Silva and Jan Nowak (2026). Toolkit")

    qr = doc.xpath(f"//*[{C('qr')}]//img")[0]
    assert qr.get("src") == "/results/toolkit/qr.svg" and qr.get("width") == qr.get("height")
    assert qr.get("alt") == "QR code linking to https://test.example.org/results/toolkit/"
    assert doc.xpath(f"//*[{C('qr-download')}]")[0].get("href") == "/results/toolkit/qr.svg"
    svg = lxml.etree.fromstring((out / "results/toolkit/qr.svg").read_bytes())
    expected = segno.make("https://test.example.org/results/toolkit/", error="m")
    assert svg.get("viewBox") == "0 0 {0} {0}".format(expected.symbol_size(border=2)[0])


def test_embed_snippet_is_self_contained_and_escaped(make_site: SiteFactory, tmp_path: Path) -> None:
    out = build(make_site({"content/results/toolkit.md": RICH_RESULT}), tmp_path / "out")
    snippet = page(out, "results/toolkit").get_element_by_id("embed-code").text  # the textarea shows it as text
    card = lxml.html.fragment_fromstring(snippet)
    assert [a.get("href") for a in card.iter("a")] == ["https://test.example.org/results/toolkit/"]
    assert card.xpath("string(.//a)") == 'Toolkit <for> "all" & everyone'
    assert "&lt;for&gt;" in snippet and "<for>" not in snippet
    assert not card.xpath("//script|//img|//link|//iframe|//@src|//@class")
    assert "Co-funded by the European Union" in card.text_content()


def test_the_card_s_copy_button_waits_for_its_script_and_speaks_the_page_s_language(
    make_site: SiteFactory, tmp_path: Path
) -> None:
    config = CONFIG.replace("languages: [en]", "languages: [en, de]")
    files = {
        "showcase.yaml": config,
        "content/results/toolkit.md": RICH_RESULT,
        "content/results/toolkit.de.md": "---\ntitle: Werkzeugkasten\n---\nText.\n",
    }
    out = build(make_site(files), tmp_path / "out")
    for path, label, copied in (
        ("results/toolkit", "Copy the code", "Copied"),
        ("de/results/toolkit", "Code kopieren", "Kopiert"),
    ):
        doc = page(out, path)
        button = doc.get_element_by_id("embed-copy")
        # Hidden until the script shows it: without one, the code is selected and copied by hand.
        assert button.get("hidden") is not None and button.get("type") == "button"
        assert (button.text_content(), button.get("data-copied")) == (label, copied)
        assert doc.get_element_by_id("embed-copied").get("role") == "status"
        scripts = doc.xpath("//script[not(contains(@type, 'json'))]")  # data, never run
        assert [s.get("src") for s in scripts] == ["/assets/embed.js"]  # no inline script: the CSP runs only files
    assert "navigator.clipboard.writeText" in (out / "assets/embed.js").read_text()


def test_draft_entries_carry_a_visible_badge(make_site: SiteFactory, tmp_path: Path) -> None:
    draft = RICH_RESULT.replace("project: testing", "project: testing\ndraft: true")
    out = build(make_site({"content/results/toolkit.md": draft}), tmp_path / "out", drafts=True)
    assert page(out, "results/toolkit").xpath(f"//main/*[{C('badge-draft')}]")
    assert page(out, "results").xpath(f"//*[{C('card-draft')}]//*[{C('badge-draft')}]")
    assert not page(out, "projects/testing").xpath(f"//main/*[{C('badge-draft')}]")


def test_every_page_has_the_frame_visitors_rely_on(make_site: SiteFactory, tmp_path: Path) -> None:
    out = build(make_site(), tmp_path / "out")
    for html in out.rglob("*.html"):
        doc = lxml.html.fromstring(html.read_text(encoding="utf-8"))
        name = html.relative_to(out).as_posix()
        assert doc.get("lang") == "en", name
        assert doc.xpath(f"//a[{C('skip-link')}]")[0].get("href") == "#main", name
        assert doc.xpath("//header") and doc.xpath("//main[@id='main']") and doc.xpath("//footer"), name
        form = doc.xpath("//form[@role='search']")[0]
        assert (form.get("method"), form.get("action")) == ("get", "/search/"), name
        assert form.xpath(".//input[@name='q']"), name
        assert all(img.get("alt") is not None for img in doc.iter("img")), name
        assert not doc.xpath("//script[@src and not(@defer) and not(@type='module')]"), name


# --- themes: extends, overrides, static files ------------------------------------------


def test_child_theme_and_site_templates_override_single_files(make_site: SiteFactory, tmp_path: Path) -> None:
    site = make_site(
        {
            "showcase.yaml": "title: T\nbase_url: https://t.example.org/\ntheme: brand\npublisher: {name: T}\n",
            "themes/brand/theme.yaml": "name: brand\nextends: default\n",
            "themes/brand/templates/partials/card.html": '<p class="brand-card">{{ card.title }}</p>\n',
            "themes/brand/locale/en/LC_MESSAGES/messages.po": 'msgid "Skip to content"\nmsgstr "Jump to the content"\n',
            "themes/brand/static/assets/showcase.css": "body { color: teal; }\n",
            "themes/brand/static/assets/brand.css": "/* the child's own */\n",
            "templates/organisation.html": '{% extends "base.html" %}{% block main %}<h1 class="site-own">'
            "{{ page.title }}</h1>{% endblock %}\n",
            "static/assets/brand.css": "/* the site's own */\n",
        }
    )
    out = build(site, tmp_path / "out")
    results = page(out, "results")
    assert [p.text for p in results.xpath(f"//*[{C('brand-card')}]")] == ["A reusable toolkit"]  # the child's partial
    assert results.xpath(f"//a[{C('skip-link')}]")[0].text == "Jump to the content"  # the child's string
    assert results.xpath(f"//*[{C('eu-funding')}]/*[local-name()='svg']")  # the rest still comes from the default theme
    assert page(out, "organisations/alpha").xpath(f"//h1[{C('site-own')}]")  # the site's own template
    assert '<h1 class="site-own">' not in (out / "projects/testing/index.html").read_text()
    assert (out / "assets/showcase.css").read_text() == "body { color: teal; }\n"  # child over parent
    assert (out / "assets/brand.css").read_text() == "/* the site's own */\n"  # site over theme
    assert (out / "assets/favicon.svg").is_file() and (out / "favicon.ico").is_file()  # parent's files kept


def test_a_site_rewords_one_string_in_one_language(make_site: SiteFactory, tmp_path: Path) -> None:
    config = "title: T\nbase_url: https://t.example.org/\nlanguages: [en, de]\npublisher: {name: T}\n"
    site = make_site(
        {
            "showcase.yaml": config,
            "locale/de/LC_MESSAGES/messages.po": 'msgid "Skip to content"\nmsgstr "Direkt zum Inhalt"\n',
        }
    )
    out = build(site, tmp_path / "out")
    german, english = page(out, "de/results"), page(out, "results")
    assert german.xpath(f"//a[{C('skip-link')}]")[0].text == "Direkt zum Inhalt"  # the site's string
    assert german.xpath("//nav[@aria-label]")[0].get("aria-label") == "Hauptmenü"  # the theme's, for the rest
    assert english.xpath(f"//a[{C('skip-link')}]")[0].text == "Skip to content"


def html_pages(out: Path) -> dict[str, str]:
    return {p.relative_to(out).as_posix(): p.read_text(encoding="utf-8") for p in sorted(out.rglob("*.html"))}


FOOTER_PARTIAL = """\
<footer class="site-footer">
{% include "partials/eu-disclaimer.html" +%}
<p class="brand-footer">Made with care by {{ site.publisher.name }}</p>
</footer>
"""


def test_a_site_partial_changes_the_footer_and_nothing_else(make_site: SiteFactory, tmp_path: Path) -> None:
    site = make_site()
    before = html_pages(build(site, tmp_path / "before"))
    (site / "templates/partials").mkdir(parents=True)
    (site / "templates/partials/site-footer.html").write_text(FOOTER_PARTIAL, encoding="utf-8")
    after = html_pages(build(site, tmp_path / "after"))

    assert after.keys() == before.keys() and len(after) > 10
    for name, html in after.items():
        old_doc, new_doc = lxml.html.fromstring(before[name]), lxml.html.fromstring(html)
        assert new_doc.xpath(f"//footer/p[{C('brand-footer')}]")[0].text == "Made with care by Test Agency", name
        assert not new_doc.xpath(f"//*[{C('footer-columns')}]") and old_doc.xpath(f"//*[{C('footer-columns')}]")
        statement, disclaimer = funding(new_doc)
        assert (statement, disclaimer) == funding(old_doc) and "European Union" in disclaimer, name
        # The header, breadcrumbs and main content, byte for byte: everything before the footer.
        assert html.split('<footer class="site-footer">')[0] == before[name].split('<footer class="site-footer">')[0]
        assert html.split("</footer>")[1] == before[name].split("</footer>")[1], name


def test_a_site_layout_overrides_one_block_on_every_page(make_site: SiteFactory, tmp_path: Path) -> None:
    tagline = '<p class="tagline">Results to reuse</p>\n'
    layout = '{% extends "base.html" %}\n{% block main_nav %}\n{{ super() }}' + tagline + "{% endblock %}\n"
    site = make_site()
    before = html_pages(build(site, tmp_path / "before"))
    (site / "templates").mkdir()
    (site / "templates/layout.html").write_text(layout, encoding="utf-8")
    after = html_pages(build(site, tmp_path / "after"))

    assert after.keys() == before.keys() and len(after) > 10
    for name, html in after.items():
        assert html.count(tagline) == 1 and "</nav>\n" + tagline in html, name
        assert html.replace(tagline, "") == before[name], name


# --- translation catalogues -------------------------------------------------------------


def messages_in_the_code() -> set[tuple[str | None, str | tuple[str, str]]]:
    """(context, message) of everything `pybabel extract -F babel.cfg` finds: what the template
    catalogue must hold, so that every catalogue made from it translates every message."""
    method_map, options_map = parse_mapping_cfg(StringIO((REPO_ROOT / "babel.cfg").read_text(encoding="utf-8")))
    found = set()
    for _file, _line, message, _comments, context in extract_from_dir(REPO_ROOT, method_map, options_map):
        found.add((context, message if isinstance(message, str) else tuple(message)))
    return found


def catalogue(path: Path, lang: str | None = None) -> Catalog:
    with path.open("rb") as file:
        return read_po(file, locale=lang)


LOCALE = THEME / "locale"
CATALOGUES = sorted(path.parent.parent.name for path in LOCALE.glob("*/LC_MESSAGES/messages.po"))


def test_the_theme_speaks_every_official_language_of_the_eu() -> None:
    assert [lang for lang in EU_LANGUAGES if lang != "en"] == CATALOGUES


def test_the_template_catalogue_holds_every_message_of_the_code() -> None:
    template = {(m.context, m.id) for m in catalogue(LOCALE / "messages.pot") if m.id}
    in_code = messages_in_the_code()
    assert in_code - template == set(), "run pybabel extract (docs/translating.md)"
    assert template - in_code == set(), "run pybabel extract: the template holds messages the code no longer uses"


@pytest.mark.parametrize("lang", CATALOGUES)
def test_catalogue_translates_every_message_with_its_placeholders_and_plurals(lang: str) -> None:
    translated = catalogue(LOCALE / lang / "LC_MESSAGES" / "messages.po", lang)
    template = catalogue(LOCALE / "messages.pot")
    assert translated.plural_forms == get_plural(lang).plural_forms, "Babel's (CLDR's) plural rule"
    for message in template:
        if not message.id:
            continue
        found = translated.get(message.id, message.context)
        assert found is not None, f"{lang} lacks {message.context} {message.id!r}: run pybabel update"
        forms = found.string if isinstance(found.string, tuple) else (found.string,)
        assert len(forms) == (translated.num_plurals if message.pluralizable else 1), message.id
        assert all(form.strip() for form in forms), f"{lang} does not translate {message.id!r}"
        assert not found.fuzzy, f"{lang}: {message.id!r} is fuzzy, so the site shows it in English"
    assert list(translated.check()) == [], "every %(name)s placeholder of the English text, in every form"


def literal_values(model: type, field: str) -> list[str]:
    annotation = model.model_fields[field].annotation
    for candidate in (annotation, *typing.get_args(annotation)):
        if typing.get_origin(candidate) is typing.Literal:
            return list(typing.get_args(candidate))
    raise AssertionError(f"{model.__name__}.{field} is not a Literal")


def test_wording_names_every_code_the_content_model_allows() -> None:
    """The views name codes through `wording`, one function per family: each must know every code."""
    english = Translator("en", gettext.NullTranslations())
    families = {
        wording.section_title: list(models.SECTIONS),
        wording.kind_title: list(models.KINDS),
        wording.taxonomy_title: list(TAXONOMIES),
        wording.project_status: literal_values(models.Project, "status"),
        wording.partner_role: literal_values(models.Partnership, "role"),
        wording.platform_flag: ["good_practice", "success_story"],
        wording.result_kind: literal_values(models.Result, "kind"),
        wording.result_status: literal_values(models.Result, "status"),
        wording.reuse_way: literal_values(models.Transferability, "reuse"),
        wording.effort: literal_values(models.Transferability, "effort"),
        wording.evidence_kind: literal_values(models.Evidence, "kind"),
        wording.participants_label: list(models.Participants.model_fields),
        wording.readiness_criterion: [key for key, _ in READINESS_CRITERIA],
        wording.funding_statement: [*literal_values(models.Defaults, "funding_statement"), "legacy", "general"],
        wording.search_sort: ["", *SEARCH_SORTS],
        wording.map_precision: list(PRECISIONS),
        wording.statistics_title: list(STATISTICS),
        wording.statistics_group: list(STATISTICS_GROUPS),
        wording.statistics_column: list(STATISTICS.values()),
        wording.statistics_note: list(NOTED),
    }
    for name, codes in families.items():
        assert all(name(english, code).strip() for code in codes), name.__name__  # a KeyError for an unknown one
    for section in models.SECTIONS:
        assert wording.section_count(english, section, 2) != wording.section_count(english, section, 1)
    assert {wording.term_title(english, taxonomy, "X") for taxonomy in TAXONOMIES} != {"X"}


# --- the stylesheet ---------------------------------------------------------------------


def test_css_is_small_and_requests_nothing_from_other_hosts() -> None:
    stylesheets = list((THEME / "static").rglob("*.css"))
    assert 0 < sum(p.stat().st_size for p in stylesheets) < 30 * 1024
    css = "\n".join(p.read_text(encoding="utf-8") for p in stylesheets)
    assert not re.search(r"@import|@font-face|url\(\s*['\"]?(https?:)?//", css)
    assert "prefers-color-scheme: dark" in css and "@media print" in css


def test_templates_load_nothing_from_other_hosts() -> None:
    for template in (THEME / "templates").rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        assert not re.search(r"""<(script|link|img|iframe)\b[^>]*\b(src|href)=["']?(https?:)?//""", text), template


def test_docs_name_every_view_model_field() -> None:
    """docs/themes.md, or for the search page's views docs/search.md, lists every field."""
    text = "\n".join(
        path.read_text(encoding="utf-8")
        for path in (REPO_ROOT / "docs").glob("*.md")
        if path.name in ("themes.md", "search.md")
    )
    undocumented = {
        f"{cls.__name__}.{f.name}"
        for cls in vars(contract).values()
        if dataclasses.is_dataclass(cls) and cls.__module__ == contract.__name__
        for f in dataclasses.fields(cls)
        if f"`{f.name}`" not in text
    }
    assert not undocumented, sorted(undocumented)
