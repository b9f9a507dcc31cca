"""Time and peak memory of ``showcase import eprp`` on a large export.

    python bench/import_scale.py WORK_DIR [--rows 50000] [--organisations 12000] [--seed 1] [--build]

Writes WORK_DIR/export.csv, a project list in the platform's layout (622 columns, UTF-8
with BOM, CRLF) made by varying the 9 real rows in tests/fixtures/eprp/: every row gets a
distinct project code of its template's form, and its coordinator and partners are drawn
from a pool of organisations (each a real organisation with a numbered name), so that the
import has to de-duplicate as it would on a real file. Then it runs, each as a fresh
process whose peak resident memory the kernel reports:

1. the first import into WORK_DIR/site;
2. a re-import of the same file (everything unchanged);
3. an import of a newer export in which 10% of the projects changed status and grant;
4. with --build, ``showcase build`` of the imported catalogue.

The same seed always gives the same file.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

SAMPLE = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "eprp" / "projects-overview-2018-sample.csv"
SLOT_WIDTH = 6
COORDINATOR = 16
"""The coordinator's first column; partner slot N starts at COORDINATOR + 6 * N."""


def read_sample() -> tuple[list[str], list[list[str]]]:
    with SAMPLE.open(encoding="utf-8-sig", newline="") as file:
        header, *rows = list(csv.reader(file))
    return header, rows


def organisation_pool(rows: list[list[str]], size: int, rng: random.Random) -> list[list[str]]:
    """`size` organisations, each a real one with a number in its name and on its website."""
    real = [
        row[start : start + SLOT_WIDTH]
        for row in rows
        for start in range(COORDINATOR, len(row), SLOT_WIDTH)
        if row[start]
    ]
    pool = []
    for number in range(size):
        name, type_, address, region, country, website = rng.choice(real)
        site = re.sub(r"^(https?://)?(www\.)?", "", website).rstrip("/")
        pool.append([f"{name} {number}", type_, address, region, country, f"www.{number}.{site}" if site else ""])
    return pool


def unique_code(code: str, serial: int) -> str:
    """The template's code with its serial number replaced: same form, year and action."""
    if code[:6].isdigit() and "-EPP-" in code:
        return f"{serial % 1_000_000:06d}{code[6:]}"
    return re.sub(r"\d+$", lambda m: f"{serial:0{len(m[0])}d}", code)


def write_export(path: Path, rows: int, organisations: int, seed: int, *, changed_share: float = 0.0) -> None:
    rng = random.Random(seed)
    header, templates = read_sample()
    pool = organisation_pool(templates, organisations, rng)
    status, grant = header.index("Project Status"), next(i for i, h in enumerate(header) if h.startswith("EU Grant"))
    changes = random.Random(seed + 1)
    with path.open("w", encoding="utf-8-sig", newline="") as file:
        writer = csv.writer(file, lineterminator="\r\n")
        writer.writerow(header)
        for serial in range(1, rows + 1):
            row = list(rng.choice(templates))
            row[4] = unique_code(row[4], serial)
            row[5] = f"{row[5].strip()} {serial}"
            partners = rng.choice([0, 1, 2, 3, 4, 5, 7, 9])
            slots = rng.sample(pool, partners + 1)
            cells = [cell for slot in slots for cell in slot]
            row[COORDINATOR : COORDINATOR + len(cells)] = cells
            row[COORDINATOR + len(cells) :] = [""] * (len(header) - COORDINATOR - len(cells))
            row[15] = ",".join(dict.fromkeys(slot[4] for slot in slots))
            if changes.random() < changed_share:
                row[status] = "finalized"
                row[grant] = f"{float(row[grant]) + 1000:.2f}"
            writer.writerow(row)


def measure(label: str, command: list[str]) -> dict[str, object]:
    """Run `command` as a child process: wall time and its own peak resident memory."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output = process.stdout.read() if process.stdout else ""
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    summary = [line for line in output.splitlines() if line.startswith(("Projects:", "Organisations:", "Built "))]
    return {
        "step": label,
        "seconds": round(seconds, 1),
        "peak_mib": round(usage.ru_maxrss / 1024),
        "exit": os.waitstatus_to_exitcode(status),
        "summary": summary,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("work", type=Path)
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--organisations", type=int, default=12_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--build", action="store_true", help="also build the imported catalogue")
    args = parser.parse_args()

    args.work.mkdir(parents=True, exist_ok=True)
    export, newer, site = args.work / "export.csv", args.work / "newer.csv", args.work / "site"
    shutil.rmtree(site, ignore_errors=True)
    started = time.perf_counter()
    write_export(export, args.rows, args.organisations, args.seed)
    write_export(newer, args.rows, args.organisations, args.seed, changed_share=0.1)
    print(
        f"Generated {args.rows} rows ({export.stat().st_size / 2**20:.0f} MiB) in "
        f"{time.perf_counter() - started:.0f} s",
        flush=True,
    )

    showcase = [sys.executable, "-m", "generator"]
    steps = [
        ("first import", [*showcase, "import", "eprp", str(export), "--site", str(site)]),
        ("re-import, unchanged", [*showcase, "import", "eprp", str(export), "--site", str(site)]),
        ("re-import, 10% changed", [*showcase, "import", "eprp", str(newer), "--site", str(site)]),
    ]
    if args.build:
        steps.append(("build", [*showcase, "build", "--site", str(site), "--out", str(args.work / "output")]))
    for label, command in steps:
        result = measure(label, command)
        print(
            f"{result['step']:24} {result['seconds']:8.1f} s {result['peak_mib']:6} MiB peak  exit "
            f"{result['exit']}  {' | '.join(result['summary'])}",
            flush=True,
        )  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
