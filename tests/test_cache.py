"""The build cache can never break a build, nor make a wrong page.

A cache that is missing, from another version of showcase or another machine, truncated or
damaged anywhere means a build from nothing, with one line saying why; never a traceback,
never output other than a build from nothing makes. And every input a build records
resolves in the graph's registry, with the fingerprint the build stored for it.
"""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import CONFIG, ORGANISATIONS, PROJECT, RESULT, SiteFactory, write_files

from generator.build import BuildOptions, build_site, built_graph
from generator.cache import KEY_DIR_ENV, cache_path
from generator.graph import INPUTS

NOW = datetime(2026, 11, 27, 12, tzinfo=UTC)
CASES = int(os.environ.get("SHOWCASE_CACHE_CASES", "100"))


def _files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def _options(site: Path, out: Path) -> BuildOptions:
    return BuildOptions(site=site, out=out, now=NOW, search=False, workers=1)


def test_every_input_a_build_recorded_resolves_to_the_fingerprint_it_stored(
    make_site: SiteFactory, tmp_path: Path
) -> None:
    site = make_site({"content/news/launch.md": "---\ntitle: Launch\ndate: 2024-03-01\nproject: testing\n---\n"})
    options = _options(site, tmp_path / "out")
    build_site(options)
    with built_graph(options) as (graph, store):
        names = store.input_names("")
        assert len(names) > 50
        for name in names:
            assert name.partition(":")[0] in INPUTS, name
            stored = store.input(name)
            assert stored is not None, name
            assert graph.fingerprint(name) == stored[1], f"{name} was recorded with another value"


def test_a_cache_written_elsewhere_means_a_build_from_nothing(
    make_site: SiteFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site, out = make_site(), tmp_path / "out"
    monkeypatch.setenv(KEY_DIR_ENV, str(tmp_path / "this machine"))
    build_site(_options(site, out))
    monkeypatch.setenv(KEY_DIR_ENV, str(tmp_path / "another machine"))
    summary = build_site(_options(site, out))
    assert "written elsewhere" in summary.note
    assert summary.pages_rendered == summary.pages


def test_a_cache_of_another_version_means_a_build_from_nothing(make_site: SiteFactory, tmp_path: Path) -> None:
    site, out = make_site(), tmp_path / "out"
    build_site(_options(site, out))
    with sqlite3.connect(cache_path(site, out)) as connection:
        connection.execute("UPDATE meta SET value = x'00' WHERE key = 'fingerprint'")
    summary = build_site(_options(site, out))
    assert summary.note and summary.pages_rendered == summary.pages


def _small_site(root: Path) -> Path:
    write_files(
        root,
        {
            "showcase.yaml": CONFIG,
            **ORGANISATIONS,
            "content/projects/testing.md": PROJECT,
            "content/results/toolkit.md": RESULT,
        },
    )
    return root


EDITS = {
    "nothing": {},
    "a result's title": {"content/results/toolkit.md": RESULT.replace("A reusable toolkit", "A better toolkit")},
    "a new result": {
        "content/results/guide.md": RESULT.replace("A reusable toolkit", "A guide").replace(
            "languages: [en, de]", "languages: [en]"
        )
    },
}


def test_damaged_caches_never_break_a_build(tmp_path: Path) -> None:
    """Bytes flipped anywhere in the cache, or the cache cut short, in `CASES` cases: every next
    build succeeds and makes what a build from nothing makes."""
    rng = random.Random(7)
    site = _small_site(tmp_path / "site")
    out, pristine_out = tmp_path / "out", tmp_path / "pristine-out"
    build_site(_options(site, out))
    shutil.copytree(out, pristine_out)
    cache = cache_path(site, out)
    pristine_cache = cache.read_bytes()
    sources = {rel: (site / rel).read_text() for rel in ("content/results/toolkit.md",)}
    expected = {}
    for name, files in EDITS.items():
        write_files(site, files)
        cold = tmp_path / f"cold-{len(expected)}"
        build_site(_options(site, cold))
        cache_path(site, cold).unlink()
        expected[name] = _files(cold)
        for rel in files:
            (site / rel).unlink()
        write_files(site, sources)
    started = time.monotonic()
    outcomes = {"from nothing": 0, "incremental": 0}
    for case in range(CASES):
        edit = list(EDITS)[case % len(EDITS)]
        shutil.rmtree(out)
        shutil.copytree(pristine_out, out)
        damaged = bytearray(pristine_cache)
        if case % 10 == 0:
            del damaged[rng.randrange(len(damaged)) :]
        else:
            for _ in range(rng.randint(1, 3)):
                damaged[rng.randrange(len(damaged))] ^= 1 << rng.randrange(8)
        cache.write_bytes(bytes(damaged))
        for suffix in ("-wal", "-shm"):
            Path(f"{cache}{suffix}").unlink(missing_ok=True)
        for rel in [*EDITS["a new result"], *sources]:
            (site / rel).unlink(missing_ok=True)
        write_files(site, {**sources, **EDITS[edit]})
        summary = build_site(_options(site, out))
        outcomes["from nothing" if summary.note else "incremental"] += 1
        assert _files(out) == expected[edit], f"case {case} ({edit}): the output differs from a build from nothing"
    assert outcomes["from nothing"] > 0 and outcomes["incremental"] > 0, outcomes
    print(f"{CASES} damaged caches in {time.monotonic() - started:.0f} s: {outcomes}")
