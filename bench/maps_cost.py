"""What the maps and statistics cost in a cold build: their share of one profiled build.

    python bench/maps_cost.py /tmp/cat1k/site          # a site bench/generate.py wrote

Builds the site cold, in one process (so that the profiler sees every page) and without
its search index, into a temporary folder, and prints the seconds spent in each piece of the
maps and statistics: placing the organisations and counting the figures once in the graph,
then the maps and charts of the pages. The profiler slows Python calls down, these pieces
about as much as the rest, so read the share rather than the seconds. bench/README.md
records the figures, with end-to-end cold builds with and without the feature.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import shutil
import tempfile
import time
from pathlib import Path

from generator.build import BuildOptions, build_site

PIECES = {
    "graph: placing organisations (gazetteer, projection)": ("graph.py", "_locations"),
    "graph: counting the statistics": ("graph.py", "_statistics"),
    "views: project maps": ("figures.py", "partner_map"),
    "views: organisation maps": ("figures.py", "organisation_map"),
    "views: country maps": ("figures.py", "country_map"),
    "views: the catalogue's map": ("figures.py", "catalogue_map"),
    "views: the statistics pages": ("figures.py", "statistics_page"),
    "outputs: base maps": ("maps.py", "map_files"),
    "outputs: statistics.csv": ("exports.py", "statistics_rows"),
}
"""Each piece: the file and function whose cumulative time it is."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    args = parser.parse_args()
    cache = args.site / ".showcase-cache"
    with tempfile.TemporaryDirectory() as folder:
        shutil.rmtree(cache, ignore_errors=True)
        profiler = cProfile.Profile()
        started = time.perf_counter()
        profiler.enable()
        summary = build_site(BuildOptions(site=args.site, out=Path(folder) / "out", search=False, workers=1))
        profiler.disable()
        total = time.perf_counter() - started
        shutil.rmtree(cache, ignore_errors=True)
    functions = pstats.Stats(profiler).get_stats_profile().func_profiles
    print(f"{summary.pages} pages, {total:.1f} s profiled")
    spent = 0.0
    for name, (file, function) in PIECES.items():
        profile = functions.get(function)
        seconds = profile.cumtime if profile and profile.file_name.endswith(file) else 0.0
        spent += seconds
        print(f"  {name}: {seconds:.2f} s")
    print(f"maps and statistics: {spent:.2f} s, {100 * spent / total:.1f} % of the build")


if __name__ == "__main__":
    main()
