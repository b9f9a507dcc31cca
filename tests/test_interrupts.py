"""Builds among other processes: a second build of the same output, signals, kills.

The builds here run as real processes (`showcase build`, or a fork of this process), because
what is tested is what a process leaves behind when it is stopped from outside.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO_ROOT, copy_demo_site

from generator.build import BuildOptions, build_site
from generator.cache import cache_path
from generator.processes import build_lock

TIMEOUT = 120
"""Seconds any one process here may take: a hang fails the test instead of blocking the suite."""


def showcase(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "generator", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT), "CI": "1"},
    )


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def wait_for(condition, what: str, seconds: float = TIMEOUT) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.005)


@pytest.fixture
def demo(tmp_path: Path) -> tuple[Path, Path]:
    """The demo site, built once into `out`."""
    site, out = copy_demo_site(tmp_path / "site"), tmp_path / "out"
    build_site(BuildOptions(site=site, out=out, workers=1))
    return site, out


def retitle(site: Path) -> None:
    """An edit that remakes every page: the site's title is on all of them."""
    config = site / "showcase.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("title:", "title: Renamed", 1), encoding="utf-8")


# -- One build of an output folder at a time ---------------------------------------------------------


def test_a_second_build_of_the_same_output_waits_for_the_first_or_gives_up(demo: tuple[Path, Path]) -> None:
    site, out = demo
    retitle(site)
    before = snapshot(out)
    with build_lock(cache_path(site, out).with_suffix(".lock"), 0):
        refused = showcase("build", "--site", str(site), "--out", str(out), "--wait", "0")
        _, stderr = refused.communicate(timeout=TIMEOUT)
        assert refused.returncode == 1
        assert stderr.startswith(f"error: another build of the same output folder is running (process {os.getpid()}, ")
        assert "gave up after waiting 0 s" in stderr and "Traceback" not in stderr
        assert snapshot(out) == before

        waiting = showcase("build", "--site", str(site), "--out", str(out), "--wait", "60")
        assert waiting.stderr is not None
        line = waiting.stderr.readline()
        assert line.startswith("another build of the same output folder is running (process ")
        assert "waiting for it (up to 60 s; --wait sets how long)" in line
        assert waiting.poll() is None and snapshot(out) == before
    stdout, _ = waiting.communicate(timeout=TIMEOUT)
    assert waiting.returncode == 0 and stdout.startswith("Built ")
    assert snapshot(out) != before


def test_builds_of_one_site_started_together_all_succeed(demo: tuple[Path, Path], tmp_path: Path) -> None:
    site, out = demo
    retitle(site)
    builds = [showcase("build", "--site", str(site), "--out", str(out)) for _ in range(4)]
    results = [(build.wait(timeout=TIMEOUT), build.stderr.read()) for build in builds if build.stderr]
    assert [code for code, _ in results] == [0, 0, 0, 0], results
    build_site(BuildOptions(site=site, out=tmp_path / "clean", workers=1))
    assert snapshot(out) == snapshot(tmp_path / "clean")


# -- Signals -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_signal_stops_the_build_and_leaves_the_previous_output(
    demo: tuple[Path, Path], tmp_path: Path, signum: int, code: int
) -> None:
    site, out = demo
    before = snapshot(out)
    retitle(site)
    build = showcase("build", "--site", str(site), "--out", str(out))
    staging = tmp_path / ".out.building"
    wait_for(lambda: staging.is_dir() and any(staging.rglob("*.html")), "the build to stage pages")
    build.send_signal(signum)
    stdout, stderr = build.communicate(timeout=TIMEOUT)
    assert (build.returncode, stdout, stderr) == (code, "", "build interrupted\n")
    assert not staging.exists()
    assert snapshot(out) == before
    # The cache is as the last complete build left it: the next build makes the retitled site.
    build_site(BuildOptions(site=site, out=out, workers=1))
    build_site(BuildOptions(site=site, out=tmp_path / "clean", workers=1))
    assert snapshot(out) == snapshot(tmp_path / "clean")


# -- Kills ---------------------------------------------------------------------------------------------


def children(pid: int) -> set[int]:
    """The processes whose parent is `pid`."""
    found = set()
    for status in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = status.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.add(int(status.parent.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_rendering_processes_end_with_a_killed_build(
    demo: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site, out = demo
    retitle(site)
    # The demo is too small to fork otherwise.
    monkeypatch.setattr("generator.build.FORK_AT", 2)
    monkeypatch.setattr("generator.build.BATCH", 10)
    pid = os.fork()
    if pid == 0:  # the build, with two rendering processes besides itself
        try:
            build_site(BuildOptions(site=site, out=out, workers=3))
        finally:
            os._exit(0)
    try:
        wait_for(lambda: len(children(pid)) == 2, "the rendering processes", 60)
        workers = children(pid)
        os.kill(pid, signal.SIGKILL)
    finally:
        os.waitpid(pid, 0)
    wait_for(lambda: not any(alive(worker) for worker in workers), "the rendering processes to end", 10)
