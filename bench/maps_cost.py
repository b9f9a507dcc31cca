"""What the maps and statistics cost a cold build: each piece of them, timed on its own.

    python bench/maps_cost.py /tmp/cat10k/site          # a site bench/generate.py wrote

Validates the site into a cache of its own (as a build into a temporary output folder would,
removed at the end), reads its graph from that cache, and times the two pieces the maps and
statistics add to the graph (placing every organisation, the gazetteer's loading included,
and counting the statistics), then makes every map and chart the site's pages show, in one
process, the way rendering does: a project page's partners, an organisation's place, a
country's organisations, the catalogue's choropleth, the statistics page in each language.
No page is written. The sum is what the feature adds to a cold build's work; bench/README.md
sets it against end-to-end cold builds with and without the feature.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from generator.build import Builder, BuildOptions, built_graph
from generator.cache import cache_path
from generator.errors import Report
from generator.graph import SiteGraph
from generator.maps import geography, svg
from generator.markup import MarkdownRenderer
from generator.themes import load_theme
from generator.views import figures
from generator.views.builder import ViewBuilder

Timings = dict[str, float]


def _timed(timings: Timings, name: str, piece: Callable[[], object]) -> None:
    started = time.perf_counter()
    piece()
    timings[name] = timings.get(name, 0.0) + time.perf_counter() - started


def measure(site: Path, graph: SiteGraph) -> Timings:
    timings: Timings = {}
    geography.gazetteer.cache_clear()
    organisations = graph.ids("organisation")
    _timed(timings, "graph: placing organisations", lambda: [graph.location(id_) for id_ in organisations])
    _timed(timings, "graph: counting the statistics", graph.statistics)

    report = Report()
    theme = load_theme(graph.config.theme, site, report)
    assert theme is not None, report.sorted()[:5]
    translators = theme.translators(graph.languages, report, None)
    svg.marker_map.cache_clear()
    svg.choropleth.cache_clear()
    countries = [term.code for term in graph.taxonomy("countries") if graph.organisations_in(term.code)]
    pieces: dict[str, Callable[[ViewBuilder], object]] = {
        "views: project maps": lambda views: [figures.partner_map(views, id_) for id_ in graph.ids("project")],
        "views: organisation maps": lambda views: [figures.organisation_map(views, id_) for id_ in organisations],
        "views: country maps": lambda views: [figures.country_map(views, code) for code in countries],
        "views: the catalogue's map": figures.catalogue_map,
        "views: the statistics page": figures.statistics_page,
    }
    markdown = MarkdownRenderer()
    for lang in graph.languages:
        views = ViewBuilder(graph, markdown, lang, translators[lang])
        for name, piece in pieces.items():
            _timed(timings, name, partial(piece, views))
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as out:
        options = BuildOptions(args.site, Path(out) / "public", search=False, workers=1)
        cache = cache_path(options.site, options.out)
        try:
            started = time.perf_counter()
            builder = Builder(options)
            try:
                report = builder.validate()
            finally:
                builder.close()
            assert not report.errors, [problem.format() for problem in report.sorted()[:5]]
            with built_graph(options) as (graph, _):
                print(f"read and validated in {time.perf_counter() - started:.1f} s")
                timings = measure(args.site, graph)
        finally:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{cache}{suffix}").unlink(missing_ok=True)
    for name, seconds in timings.items():
        print(f"  {name}: {seconds:.2f} s")
    print(f"maps and statistics in all: {sum(timings.values()):.2f} s")


if __name__ == "__main__":
    main()
