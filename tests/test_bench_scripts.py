"""The bench scripts that read the generator's internals still run against it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import copy_demo_site

REPO_ROOT = Path(__file__).resolve().parent.parent


def test_maps_cost_times_every_piece_on_the_demo_site_and_leaves_no_cache(tmp_path: Path) -> None:
    site = copy_demo_site(tmp_path / "site")
    done = subprocess.run(
        [sys.executable, str(REPO_ROOT / "bench" / "maps_cost.py"), str(site)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    for piece in (
        "read and validated in",
        "graph: placing organisations:",
        "graph: counting the statistics:",
        "views: project maps:",
        "views: organisation maps:",
        "views: country maps:",
        "views: the catalogue's map:",
        "views: the statistics page:",
        "maps and statistics in all:",
    ):
        assert piece in done.stdout, done.stdout
    assert not list(site.glob(".showcase-cache/*.sqlite*"))
