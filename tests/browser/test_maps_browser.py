"""Maps and the statistics page in headless Chromium, on the repository's demo site.

Checked against the content, read here on its own: a project page's map has a marker per
partner, each inside its organisation's country, the coordinator's apart, and the base map
really drawn from the site's own file; the statistics page shows the figures the content
adds up to, a bar per figure. Axe, the Nu checker and the no-other-host check cover these
pages with every other kind (test_theme_browser.py lists "statistics" among its kinds).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TypeVar

import pytest
import yaml
from pydantic import BaseModel

from generator.graph import project_status
from generator.maps.geography import basemap
from generator.models import Organisation, Project, Result

REPO_ROOT = Path(__file__).resolve().parents[2]
PROJECTS = ("digisenior", "allplay-clubs", "greenbuild-skills", "media-detectives")


@dataclass
class DemoContent:
    """The demo's entries in their original language, read here from their front matter."""

    projects: dict[str, Project]
    organisations: dict[str, Organisation]
    results: dict[str, Result]
    country_labels: dict[str, str]


M = TypeVar("M", bound=BaseModel)


def _originals(folder: str, model: type[M]) -> dict[str, M]:
    return {
        path.stem: model.model_validate(yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1]))
        for path in sorted((REPO_ROOT / "content" / folder).glob("*.md"))
        if "." not in path.stem  # translations are name.<lang>.md
    }


@pytest.fixture(scope="module")
def content() -> DemoContent:
    countries = yaml.safe_load((REPO_ROOT / "generator" / "vocabularies" / "countries.yaml").read_text())
    return DemoContent(
        _originals("projects", Project),
        _originals("organisations", Organisation),
        _originals("results", Result),
        {code: entry["label"] for code, entry in countries.items()},
    )


MARKERS_JS = """() => [...document.querySelectorAll('svg.map .map-marker')].map(m => {
    const box = m.getBBox();
    return {kind: m.classList.contains('map-coordinator') ? 'coordinator' : 'partner',
            title: m.querySelector('title').textContent,
            x: box.x + box.width / 2, y: box.y + box.height / 2};
})"""


@pytest.mark.parametrize("project_id", PROJECTS)
def test_a_project_map_has_a_marker_per_partner_in_its_country(browser_page, site_url, content, project_id):
    project = content.projects[project_id]
    organisations = content.organisations
    page = browser_page.page
    browser_page.goto(f"{site_url}/projects/{project_id}/", wait_until="networkidle")
    markers = page.evaluate(MARKERS_JS)
    assert len(markers) == len(project.partners)
    assert [m["kind"] for m in markers].count("coordinator") == 1
    layer = basemap().layers[page.eval_on_selector("svg.map use", "u => u.getAttribute('href')").split("/")[-1][:-9]]
    for partner in project.partners:
        organisation = organisations[partner.organisation]
        (marker,) = [m for m in markers if m["title"].startswith(organisation.name + " (")]
        assert marker["kind"] == ("coordinator" if partner.role == "coordinator" else "partner")
        x0, y0, x1, y1 = layer.boxes[organisation.country]
        assert x0 <= marker["x"] <= x1 and y0 <= marker["y"] <= y1, (organisation.name, organisation.country)
    # The outlines come from the site's own base map, which the browser fetched and drew.
    assert f"{site_url}/assets/maps/{layer.name}.svg" in browser_page.requests
    drawn = page.eval_on_selector("svg.map use.map-land", "u => u.getBBox().width")
    assert drawn > 1000  # kilometres of land: zero when the base map failed to load
    assert browser_page.failed_requests == []


def test_the_partners_table_names_every_marker_s_place(browser_page, site_url, content):
    browser_page.goto(f"{site_url}/projects/digisenior/", wait_until="networkidle")
    cells = browser_page.page.eval_on_selector_all(
        "table.partners tbody tr td:last-child", "cells => cells.map(c => c.textContent.trim())"
    )
    project = content.projects["digisenior"]
    assert len(cells) == len(project.partners)
    assert all(
        re.fullmatch(r".+: (its own coordinates|the centre of its town|the centre of its country)", c) for c in cells
    )


def _figures(page, table: str) -> list[tuple[str, str]]:
    return [
        tuple(row)
        for row in page.eval_on_selector_all(
            f"#{table} table tbody tr",
            "rows => rows.map(r => [r.querySelector('th'), r.querySelector('td')].map(c => c.textContent.trim()))",
        )
    ]


def test_the_statistics_page_shows_the_figures_of_the_content(browser_page, site_url, content):
    projects, organisations = content.projects, content.organisations
    results = list(content.results.values())
    labels = content.country_labels
    page = browser_page.page
    browser_page.goto(f"{site_url}/statistics/", wait_until="networkidle")

    by_year = Counter(str(p.call_year) for p in projects.values())
    assert _figures(page, "projects-by-year") == [(year, str(by_year[year])) for year in sorted(by_year)]
    by_country = Counter(
        c for p in projects.values() for c in {organisations[x.organisation].country for x in p.partners}
    )
    assert dict(_figures(page, "projects-by-country")) == {labels[c]: str(n) for c, n in by_country.items()}
    grants: dict[str, float] = defaultdict(float)
    for p in projects.values():
        coordinator = next(x.organisation for x in p.partners if x.role == "coordinator")
        if p.eu_grant is not None:
            grants[labels[organisations[coordinator].country]] += p.eu_grant
    shown = {label: float(re.sub(r"[^\d.]", "", amount)) for label, amount in _figures(page, "grant-by-country")}
    assert shown == pytest.approx(dict(grants))
    statuses = Counter(project_status(p, date.today()) for p in projects.values())
    assert {k.lower(): int(v) for k, v in _figures(page, "projects-by-status")} == dict(statuses)
    languages = Counter(code for r in results for code in set(r.languages))
    assert sum(int(v) for _, v in _figures(page, "results-by-language")) == sum(languages.values())
    by_org_country = Counter(o.country for o in organisations.values())
    assert dict(_figures(page, "organisations-by-country")) == {labels[c]: str(n) for c, n in by_org_country.items()}

    for chart in page.query_selector_all("section.chart"):
        rows = chart.query_selector_all("table tbody tr")
        assert len(chart.query_selector_all("svg[role=img] g.bar rect")) == len(rows)
        name = chart.eval_on_selector(
            "svg[role=img]", "s => document.getElementById(s.getAttribute('aria-labelledby')).textContent"
        )
        assert name == chart.eval_on_selector("h3", "h => h.textContent")


def test_the_charts_follow_the_colour_scheme(browser_page, site_url):
    page = browser_page.page
    fills = {}
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        browser_page.goto(f"{site_url}/statistics/", wait_until="networkidle")
        fills[scheme] = page.eval_on_selector(
            "svg.chart-svg",
            "s => [getComputedStyle(s.querySelector('g.bar rect')).fill,"
            " getComputedStyle(s.querySelector('text')).fill]",
        )
    assert fills["light"] != fills["dark"]
    background = {"light": "rgb(255, 255, 255)", "dark": "rgb(18, 22, 28)"}
    for scheme, (_, text) in fills.items():
        assert text != background[scheme]
