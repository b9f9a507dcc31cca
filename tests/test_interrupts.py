"""Builds among other processes: a second build of the same output, signals, kills.

The builds here run as real processes (`showcase build`, or a fork of this process), because
what is tested is what a process leaves behind when it is stopped from outside.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from random import Random

import pytest
from conftest import REPO_ROOT, copy_demo_site

from generator import build as build_module
from generator import writer as writer_module
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


# -- 50 kills at random moments, inside the publish step too ----------------------------------------

KILLS = int(os.environ.get("SHOWCASE_KILLS", "50"))
NOW = datetime(2026, 11, 27, 12, tzinfo=UTC)
MOVE_DELAY = 0.002
"""Seconds each move of the killed builds' publish step sleeps, so that enough kills land in it."""


def group_alive(group: int) -> list[int]:
    """The live processes of process group `group`."""
    found = []
    for status in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = status.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group and fields[0] != "Z":
            found.append(int(status.parent.name))
    return found


def killed_build(site: Path, out: Path, kill_at: tuple[str, float] | None) -> str:
    """Build in a forked process with two rendering processes and kill it with SIGKILL
    (`kill_at`: ("start", seconds) after it starts, or ("publish", seconds) after its publish
    step begins; None: never). Returns where the kill landed: "before publish", "in publish",
    "after publish", or "finished" when the build ended first."""
    marks, marking = os.pipe()
    pid = os.fork()
    if pid == 0:  # the build, in a process group of its own with its rendering processes
        try:
            os.setpgid(0, 0)
            os.close(marks)
            build_module.FORK_AT, build_module.BATCH = 2, 5
            publish, replace = writer_module.OutputWriter.publish, writer_module.os.replace

            def marked_publish(self: writer_module.OutputWriter, removed: list[str]) -> None:
                os.write(marking, b"P")
                publish(self, removed)
                os.write(marking, b"D")

            def slow_replace(source: str, target: str) -> None:
                time.sleep(MOVE_DELAY)
                replace(source, target)

            writer_module.OutputWriter.publish = marked_publish  # type: ignore[method-assign]
            writer_module.os.replace = slow_replace  # type: ignore[assignment]
            build_site(BuildOptions(site=site, out=out, workers=3, now=NOW, search=False))
        finally:
            os._exit(0)
    os.close(marking)
    said = b""
    try:
        if kill_at is not None:
            moment, delay = kill_at
            if moment == "publish":
                said = os.read(marks, 1)  # blocks until the publish step begins (or the build ends)
            time.sleep(delay)
            os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
    finally:
        os.set_blocking(marks, False)
        try:
            said += os.read(marks, 10)
        except BlockingIOError:
            pass
        os.close(marks)
    wait_for(lambda: not group_alive(pid), "the killed build's processes to end", 10)
    if os.WIFEXITED(status):
        return "finished"
    return "after publish" if b"D" in said else "in publish" if b"P" in said else "before publish"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_build_killed_at_any_moment_leaves_a_complete_output_that_the_next_build_repairs(
    make_site, tmp_path: Path
) -> None:
    """Without the search index, whose overlay makes an incremental build's index differ from a
    clean build's by design (docs/search.md).

    'Complete': every file of the output is byte for byte the previous build's or the new
    one's, none is missing that both have; whatever is left over, the next build makes the
    output byte-equal to a clean build of the new content."""
    site, out = make_site(), tmp_path / "out"
    build_site(BuildOptions(site=site, out=out, workers=1, now=NOW, search=False))
    old = snapshot(out)
    # The edit: the pages that show the project change, a result goes, an organisation comes.
    project = site / "content/projects/testing.md"
    project.write_text(project.read_text().replace("Testing together", "Testing apart"))
    (site / "content/results/toolkit.md").unlink()
    (site / "content/organisations/delta.md").write_text("---\nname: Delta\ntype: ngo\ncountry: IT\n---\n")
    shutil.copytree(site, tmp_path / "clean-site")
    build_site(BuildOptions(site=tmp_path / "clean-site", out=tmp_path / "clean", workers=1, now=NOW, search=False))
    new = snapshot(tmp_path / "clean")
    start_site, start_out = tmp_path / "site-start", tmp_path / "out-start"
    shutil.copytree(site, start_site)
    shutil.copytree(out, start_out)

    def restore() -> None:
        for live, saved in ((site, start_site), (out, start_out)):
            shutil.rmtree(live)
            shutil.copytree(saved, live)  # with the mtimes the cache recorded

    started = time.monotonic()
    assert killed_build(site, out, None) == "finished" and snapshot(out) == new
    whole = time.monotonic() - started
    publish = len(new) * MOVE_DELAY  # at least: most files change
    random = Random(19)
    landed: Counter[str] = Counter()
    started = time.monotonic()
    for kill in range(KILLS):
        restore()
        # Half the kills at any moment of the build, half in its publish step.
        kill_at = ("start", random.uniform(0, whole)) if kill % 2 else ("publish", random.uniform(0, publish))
        where = killed_build(site, out, kill_at)
        landed[where] += 1
        left = snapshot(out)
        assert all(data in (old.get(path), new.get(path)) for path, data in left.items()), where
        assert old.keys() & new.keys() <= left.keys(), where
        repair = build_site(BuildOptions(site=site, out=out, workers=1, now=NOW, search=False))
        assert snapshot(out) == new, (kill, kill_at, where, repair.note, repair.files_removed, repair.files_changed)
        assert not (tmp_path / ".out.building").exists()
    seconds = time.monotonic() - started
    print(f"\n{KILLS} kills in {seconds:.1f} s (a whole build {whole:.2f} s): {dict(landed)}")
    assert landed["in publish"] >= KILLS // 5, landed
