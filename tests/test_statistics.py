"""The statistics page: figures counted once in the graph, charts, tables and the CSV export."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime
from pathlib import Path

import lxml.html
import pytest
from conftest import CONFIG, PROJECT, RESULT, SiteFactory

from generator import charts
from generator.build import BuildOptions, build_site, built_graph
from generator.graph import STATISTICS, Figures

NOW = datetime(2026, 11, 27, 12, tzinfo=UTC)

SECOND = (
    PROJECT.replace("2023-1-DE03-KA220-SCH-000111222", "2022-1-DE03-KA220-SCH-000333444")
    .replace("acronym: TEST", "acronym: TWO\neu_grant: 120000.50\nend: 2025-01-31")
    .replace("title: Testing together", "title: Second project")
    .replace("call_year: 2023", "call_year: 2022")
    .replace("{organisation: alpha, role: coordinator}", "{organisation: alpha}")
    .replace("  - {organisation: beta}\n", "  - {organisation: beta, role: coordinator}\n")
    .replace("  - {organisation: gamma}\n", "")
)
FILES = {
    "content/projects/testing.md": PROJECT.replace("acronym: TEST", "acronym: TEST\neu_grant: 250000"),
    "content/projects/second.md": SECOND,
    "content/results/guide.md": RESULT.replace("project: testing", "project: second")
    .replace("A reusable toolkit", "A second guide")
    .replace("languages: [en, de]", "languages: [pl]")
    .replace("licence: CC-BY-4.0", "licence: CC-BY-SA-4.0"),
}


@pytest.fixture
def site(make_site: SiteFactory) -> Path:
    return make_site(FILES)


def _options(site: Path, out: Path) -> BuildOptions:
    return BuildOptions(site=site, out=out, now=NOW, search=False, workers=1)


def _build(site: Path, out: Path) -> None:
    build_site(_options(site, out))


def figures_of(site: Path, out: Path) -> dict[str, Figures]:
    """The statistics as the graph of the site's last build into `out` counts them."""
    with built_graph(_options(site, out)) as (graph, _):
        return graph.statistics()


def test_the_graph_counts_each_table_as_documented(site: Path, tmp_path: Path) -> None:
    _build(site, tmp_path / "out")
    figures = figures_of(site, tmp_path / "out")
    assert list(figures) == list(STATISTICS)
    assert figures["projects_by_year"] == (("2022", 1), ("2023", 1))  # years in order
    # Both projects have partners in DE and PL; only the first in GR.
    assert figures["projects_by_country"] == (("DE", 2), ("PL", 2), ("GR", 1))
    assert figures["projects_by_field"] == (("SCH", 2),)
    assert figures["projects_by_action"] == (("KA220-SCH", 2),)
    assert figures["projects_by_status"] == (("ongoing", 1), ("finalised", 1))
    # A grant counts in its coordinator's country.
    assert figures["grant_by_country"] == (("DE", 250000.0), ("PL", 120000.5))
    assert figures["grant_by_year"] == (("2022", 120000.5), ("2023", 250000.0))
    assert figures["results_by_category"] == (("handbook-guide", 2),)
    assert figures["results_by_licence"] == (("CC-BY-4.0", 1), ("CC-BY-SA-4.0", 1))
    assert figures["results_by_language"] == (("de", 1), ("en", 1), ("pl", 1))
    assert sum(count for _, count in figures["results_by_readiness"]) == 2
    assert figures["organisations_by_country"] == (("DE", 1), ("GR", 1), ("PL", 1))


def test_only_the_statistics_and_home_pages_and_the_exports_read_the_statistics(site: Path, tmp_path: Path) -> None:
    _build(site, tmp_path / "out")
    with built_graph(_options(site, tmp_path / "out")) as (_, store):
        stored = store.input("statistics")
        assert stored is not None
        readers = {store.product_by_number(number).name for number in stored[2]}
    assert readers == {"/", "/statistics/", "join:exports"}


# --- charts --------------------------------------------------------------------------------


def _count(value: float) -> str:
    return f"{value:,.0f}"


def test_a_chart_has_a_bar_per_row_a_name_and_nothing_but_svg() -> None:
    rows = (("Germany", 12.0), ("Poland", 7.0), ("Greece", 1.0))
    drawn = charts.bar_chart(rows, "c-title", "Projects by country", _count)
    doc = lxml.html.fragment_fromstring(drawn)
    assert doc.get("role") == "img" and doc.get("aria-labelledby") == "c-title"
    assert doc.xpath("./title")[0].text == "Projects by country"
    assert len(doc.xpath(".//g[@class='bar']/rect")) == 3
    # The first row on top: the largest bar has the smallest y.
    bars = doc.xpath(".//g[@class='bar']/rect")
    assert min(bars, key=lambda r: float(r.get("y"))) is max(bars, key=lambda r: float(r.get("width")))
    assert [t.text for t in doc.xpath(".//text[contains(@class, 'value')]")] == ["1", "7", "12"]
    ticks = [t.text for t in doc.xpath(".//g[contains(@class, 'axis x')]//text")]
    assert ticks == ["0", "5", "10", "15"]
    for unwanted in ("<script", "<style", "<!--", "<desc", "xmlns", "pygal.js", "tooltip"):
        assert unwanted not in drawn


def test_a_chart_is_the_same_bytes_in_every_build() -> None:
    rows = (("2021", 3.0), ("2022", 5.0))
    first = charts.bar_chart(rows, "y", "By year", _count, False)
    charts.bar_chart.cache_clear()
    assert charts.bar_chart(rows, "y", "By year", _count, False) == first


def test_a_long_chart_keeps_to_its_size_budget_and_shows_its_largest_rows() -> None:
    rows = tuple((f"A country with a rather long name number {i}", float(1000 - i)) for i in range(100))
    drawn = charts.bar_chart(rows, "long", "Long", _count)
    assert len(drawn.encode()) < charts.SIZE_BUDGET
    doc = lxml.html.fragment_fromstring(drawn)
    assert len(doc.xpath(".//g[@class='bar']/rect")) == charts.MAX_BARS
    assert all(len(t.text) <= charts.LABEL_LENGTH for t in doc.xpath(".//g[contains(@class, 'axis y')]//text"))


def test_no_rows_no_chart() -> None:
    assert charts.bar_chart((), "x", "Nothing", _count) == ""


# --- the page and the export -------------------------------------------------------------------


def _tables(doc: lxml.html.HtmlElement) -> dict[str, list[tuple[str, str]]]:
    return {
        section.get("id"): [
            (row.xpath("string(./th)").strip(), row.xpath("string(./td)").strip())
            for row in section.xpath(".//table/tbody/tr")
        ]
        for section in doc.xpath("//section[@class='chart']")
    }


def test_the_page_shows_each_table_with_its_chart_in_every_language(make_site: SiteFactory, tmp_path: Path) -> None:
    site = make_site({**FILES, "showcase.yaml": CONFIG.replace("languages: [en]", "languages: [en, de]")})
    out = tmp_path / "out"
    _build(site, out)
    doc = lxml.html.fromstring((out / "statistics/index.html").read_bytes())
    tables = _tables(doc)
    assert list(tables) == [name.replace("_", "-") for name in STATISTICS]
    assert tables["projects-by-country"] == [("Germany", "2"), ("Poland", "2"), ("Greece", "1")]
    assert tables["grant-by-country"] == [("Germany", "€250,000"), ("Poland", "€120,000.50")]
    assert tables["projects-by-status"] == [("Ongoing", "1"), ("Finalised", "1")]
    for section in doc.xpath("//section[@class='chart']"):
        assert len(section.xpath(".//svg[@role='img']")) == 1
        assert len(section.xpath(".//g[@class='bar']/rect")) == len(section.xpath(".//table/tbody/tr"))
    totals = doc.xpath("//section[@id='grant-by-year']//tfoot/tr/td/text()")
    assert totals == ["€370,000.50"]
    assert not doc.xpath("//section[@id='projects-by-country']//tfoot")  # a project counts in several countries
    german = lxml.html.fromstring((out / "de/statistics/index.html").read_bytes())
    assert german.xpath("string(//h1)") == "Statistik"
    # Amounts in the German way; country names in German (CLDR's), as on every page.
    assert _tables(german)["grant-by-country"] == [("Deutschland", "250.000\xa0€"), ("Polen", "120.000,50\xa0€")]
    assert _tables(german)["projects-by-status"] == [("Laufend", "1"), ("Abgeschlossen", "1")]
    assert doc.xpath("//footer//a[@href='/statistics/']")


def test_the_export_has_every_figure_of_the_page(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _build(site, out)
    text = (out / "exports/statistics.csv").read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["Table", "Code", "Label", "Value"]
    assert ["grant_by_country", "PL", "Poland", "120000.50"] in rows
    assert ["projects_by_country", "GR", "Greece", "1"] in rows
    assert ["projects_by_status", "finalised", "finalised", "1"] in rows
    figures = figures_of(site, out)
    assert len(rows) - 1 == sum(len(table) for table in figures.values())
    assert re.search(
        r'"dcat:downloadURL": \{\s*"@id": "[^"]*/exports/statistics.csv"', (out / "exports/dcat.jsonld").read_text()
    )
