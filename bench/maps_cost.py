"""What the maps and statistics cost a cold build: each piece of them, timed on its own.

    python bench/maps_cost.py /tmp/cat10k/site          # a site bench/generate.py wrote

Reads and validates the site, builds its graph with the two pieces the maps and statistics
add to it timed (placing every organisation, the gazetteer's loading included, and counting
the statistics), then makes every map and chart the site's pages show, in one process, the
way rendering does: a project page's partners, an organisation's place, a country's
organisations, the catalogue's choropleth, the statistics page in each language. Nothing is
written. The sum is what the feature adds to a cold build's work; bench/README.md sets it
against end-to-end cold builds with and without the feature.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from datetime import date
from functools import wraps
from pathlib import Path
from typing import Any

from generator import graph as graph_module
from generator.build import load_content
from generator.errors import Report
from generator.maps import geography, svg
from generator.models import Organisation, Project
from generator.themes import load_theme
from generator.views import figures
from generator.views.builder import ViewBuilder

Timings = dict[str, float]


def _timed(timings: Timings, name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(function)
    def run(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            timings[name] = timings.get(name, 0.0) + time.perf_counter() - started

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    args = parser.parse_args()
    timings: Timings = {}
    report = Report()
    started = time.perf_counter()
    content = load_content(args.site, report, drafts=False)
    assert content is not None and not report.errors, report.sorted()[:5]
    print(f"read and validated in {time.perf_counter() - started:.1f} s")

    geography.gazetteer.cache_clear()
    graph_module._locations = _timed(timings, "graph: placing organisations", graph_module._locations)
    graph_module._statistics = _timed(timings, "graph: counting the statistics", graph_module._statistics)
    started = time.perf_counter()
    graph = graph_module.build_graph(content, date.today())
    print(f"graph built in {time.perf_counter() - started:.1f} s, of which:")

    theme = load_theme(content.config.theme, args.site, report)
    assert theme is not None
    svg.marker_map.cache_clear()
    svg.choropleth.cache_clear()
    countries = [term.code for term in graph.taxonomy("countries") if term.members.get("organisation")]
    pieces: dict[str, Callable[[ViewBuilder], object]] = {
        "views: project maps": lambda views: [figures.partner_map(views, i) for i in graph.entries(Project)],
        "views: organisation maps": lambda views: [
            figures.organisation_map(views, i) for i in graph.entries(Organisation)
        ],
        "views: country maps": lambda views: [figures.country_map(views, code) for code in countries],
        "views: the catalogue's map": figures.catalogue_map,
        "views: the statistics page": figures.statistics_page,
    }
    translators = theme.translators(graph.languages, report, None)
    for lang in graph.languages:
        views = ViewBuilder(graph, str, lang, translators[lang])
        for name, piece in pieces.items():
            _timed(timings, name, piece)(views)
    for name, seconds in timings.items():
        print(f"  {name}: {seconds:.2f} s")
    print(f"maps and statistics in all: {sum(timings.values()):.2f} s")


if __name__ == "__main__":
    main()
