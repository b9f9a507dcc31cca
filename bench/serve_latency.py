"""Measure `showcase serve`: the time from saving a content file to the reloaded page.

Copies a site to a temporary folder, starts `showcase serve` on it, opens one entry's page in
headless Chromium, then repeatedly appends a line to the entry's Markdown file and waits for
the page to show it. The latency of one edit is from the moment the file is written and
closed to the reloaded document's DOMContentLoaded, both on this machine's clock.

    python bench/serve_latency.py --site . --edits 9
    python bench/generate.py --projects 1000 /tmp/big && python bench/serve_latency.py --site /tmp/big/site
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO_ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SITE_PARTS = ("showcase.yaml", "content", "data", "static", "templates", "themes", "vocabularies")


def copy_site(site: Path, into: Path) -> Path:
    copy = into / "site"
    copy.mkdir()
    for name in SITE_PARTS:
        source = site / name
        if source.is_dir():
            shutil.copytree(source, copy / name)
        elif source.is_file():
            shutil.copy2(source, copy / name)
    return copy


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, required=True)
    parser.add_argument("--edits", type=int, default=9)
    parser.add_argument("--no-search", action="store_true", help="serve with --no-search")
    parser.add_argument("--median-to", type=Path, help="also write the median latency (seconds) to this file")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as temporary:
        site = copy_site(args.site.resolve(), Path(temporary))
        entry = min((site / "content" / "results").glob("*.md"))
        url_path = f"/results/{entry.stem}/"
        port = free_port()
        log = Path(temporary) / "serve.log"
        command = [sys.executable, "-m", "generator", "serve", "--site", str(site), "--port", str(port)]
        if args.no_search:
            command.append("--no-search")
        started = time.perf_counter()
        with log.open("w") as sink:
            server = subprocess.Popen(
                command,
                cwd=REPO_ROOT,
                stdout=sink,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                env={**os.environ, "PYTHONUNBUFFERED": "1"},
            )
        try:
            while True:
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=600).close()
                    break
                except OSError:
                    if server.poll() is not None:
                        sys.exit(f"serve stopped:\n{log.read_text()}")
                    time.sleep(0.2)
            print(f"first build and start: {time.perf_counter() - started:.1f} s")
            latencies = measure(f"http://127.0.0.1:{port}{url_path}", entry, args.edits)
        finally:
            server.send_signal(signal.SIGINT)
            server.wait(timeout=30)
        builds = [1000 * float(s) for s in re.findall(r"^Built in ([\d.]+) s \(content", log.read_text(), re.MULTILINE)]
    print(f"page {url_path}, {len(latencies)} edits, search {'off' if args.no_search else 'on'}")
    print(
        f"save to reloaded page (ms): median {statistics.median(latencies):.0f}, "
        f"min {min(latencies):.0f}, max {max(latencies):.0f}"
    )
    if args.median_to:
        args.median_to.write_text(f"{statistics.median(latencies) / 1000:.4f}\n")
    if len(builds) == len(latencies):  # one build per save, as the server reported it
        overheads = [latency - build for latency, build in zip(latencies, builds, strict=True)]
        print(
            f"of which build_site (ms): median {statistics.median(builds):.0f}; the rest (seeing the save, "
            f"letting it settle, reloading the page): median {statistics.median(overheads):.0f}"
        )


def measure(url: str, entry: Path, edits: int) -> list[float]:
    latencies = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(url)
        for number in range(1, edits + 1):
            page.wait_for_function("() => window.LiveReload?.connector?.protocol >= 7")
            page.wait_for_timeout(500)  # lets the previous save's events settle
            marker = f"Latency probe {number}"
            with entry.open("a", encoding="utf-8") as file:
                file.write(f"\n{marker}\n")
            saved = time.time() * 1000
            page.wait_for_function(f"() => document.body.innerText.includes({marker!r})", timeout=600_000)
            loaded = page.evaluate(
                "performance.timeOrigin + performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd"
            )
            latencies.append(loaded - saved)
            print(f"  edit {number}: {loaded - saved:.0f} ms")
        browser.close()
    return latencies


if __name__ == "__main__":
    main()
