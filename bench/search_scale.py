"""Measure the search at scale: index build time, index size, and what the browser fetches.

    python bench/search_scale.py OUT_DIR [--projects 10000] [--queries 12] [--skip-build]

OUT_DIR/site is the synthetic catalogue of bench/generate.py (generated when missing). The
script builds it twice, with and without the search index (the difference is Pagefind's
share of the build), then times Pagefind alone on the built pages, measures the index on
disk, and drives headless Chromium over HTTP through the search page: the bytes the browser
fetches (from its network log) for the first query and for each further query, for a filter
and for opening a filter group, and the time from the last keystroke to the results shown.

The server compresses text files (HTML, CSS, JavaScript, JSON) with gzip when the browser
asks for it, as static hosts do; Pagefind's own index files are gzipped already. Numbers go
to stdout and OUT_DIR/search-scale.json.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any, Self

import psutil
import yaml

from generator.build import BuildOptions, build_site
from generator.cache import CACHE_DIR
from generator.search import BUNDLE

BENCH = Path(__file__).resolve().parent
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
KEY_DELAY_MS = 60
"""Between two keystrokes: a brisk typist, below the search page's pause before it searches."""
SETTLE_MS = 400
"""After the results show, wait this long for late requests (fragments, filter counts)."""
PATIENCE_MS = 180_000
"""How long to wait for one search: on a large index a very common word takes Pagefind seconds."""
TARGETS_KB = {"first_query": 300, "further_query": 100}
TARGET_LATENCY_MS = 300
TEXT_TYPES = {
    ".html": "text/html",
    ".css": "text/css",
    ".js": "text/javascript",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".xml": "application/xml",
}


# --- the catalogue and the builds ------------------------------------------------------------


def catalogue(out: Path, projects: int) -> Path:
    site = out / "site"
    if not (site / "showcase.yaml").is_file():
        subprocess.run([sys.executable, str(BENCH / "generate.py"), str(out), "--projects", str(projects)], check=True)
    return site


def cold_build(site: Path, output: Path, *, search: bool) -> tuple[float, int]:
    """(seconds, peak bytes of Pagefind's memory) for a build from nothing: no output, no build cache."""
    shutil.rmtree(output, ignore_errors=True)
    shutil.rmtree(site / CACHE_DIR, ignore_errors=True)
    with PeakMemory() as memory:
        summary = build_site(BuildOptions(site=site, out=output, search=search))
    if summary.report.errors:
        raise SystemExit(f"the build of {site} failed:\n{summary.report.sorted()}")
    return summary.seconds, memory.peak


class PeakMemory:
    """Samples the resident memory of the Pagefind processes this one starts, while it runs."""

    def __init__(self) -> None:
        self.peak = 0
        self._running = True
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._running = False
        self._thread.join()

    def _sample(self) -> None:
        me = psutil.Process()
        while self._running:
            total = 0
            for child in me.children(recursive=True):
                try:
                    if child.name().startswith("pagefind"):
                        total += child.memory_info().rss
                except psutil.Error:
                    pass
            self.peak = max(self.peak, total)
            time.sleep(0.25)


def index_size(output: Path) -> dict[str, Any]:
    bundle = output / BUNDLE
    files = [p for p in bundle.rglob("*") if p.is_file()]

    def total(selected: list[Path]) -> int:
        return sum(p.stat().st_size for p in selected)

    disk = subprocess.run(["du", "-sk", str(bundle)], capture_output=True, text=True, check=True)
    return {
        "files": len(files),
        "bytes": total(files),
        "disk_kb": int(disk.stdout.split()[0]),
        "index_bytes": total([p for p in files if p.suffix == ".pf_index"]),
        "fragment_bytes": total([p for p in files if p.suffix == ".pf_fragment"]),
        "filter_bytes": total([p for p in files if p.suffix == ".pf_filter"]),
        "meta_bytes": total([p for p in files if p.suffix == ".pf_meta"]),
        "runtime_bytes": total([p for p in files if p.parent == bundle and p.suffix != ".pf_meta"]),
    }


# --- serving like a static host ------------------------------------------------------------------


class StaticHost(http.server.SimpleHTTPRequestHandler):
    """Serves files as a static host would: gzip for text when asked, Pagefind's files as they are."""

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        gzip_ok = "gzip" in self.headers.get("Accept-Encoding", "")
        if path.suffix not in TEXT_TYPES or not gzip_ok or not path.is_file():
            return super().send_head()
        body = compressed(path)
        self.send_response(200)
        self.send_header("Content-Type", TEXT_TYPES[path.suffix])
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return _Body(body)

    def guess_type(self, path: str | os.PathLike[str]) -> str:
        suffix = Path(path).suffix
        if suffix.startswith(".pf_") or suffix == ".pagefind":
            return "application/octet-stream"
        return TEXT_TYPES.get(suffix) or super().guess_type(path)

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Body:
    def __init__(self, data: bytes):
        self.data = data

    def read(self, *args: Any) -> bytes:
        data, self.data = self.data, b""
        return data

    def close(self) -> None:
        pass


@functools.lru_cache(maxsize=256)
def compressed(path: Path) -> bytes:
    return gzip.compress(path.read_bytes(), compresslevel=6)


def serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(StaticHost, directory=str(folder)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host, port = server.server_address[:2]
    return server, f"http://{host}:{port}"


# --- the browser ---------------------------------------------------------------------------------


class NetworkLog:
    """Bytes received per request (headers and body as sent), from the page and its worker."""

    def __init__(self, context: Any):
        self.entries: list[tuple[str, int]] = []
        context.on("requestfinished", self._finished)

    def _finished(self, request: Any) -> None:
        sizes = request.sizes()
        body = sizes["responseBodySize"]
        if not body:  # Chromium reports no body size for a worker's own script: take the header's
            response = request.response()
            body = int(response.header_value("content-length") or 0) if response else 0
        self.entries.append((request.url, body + sizes["responseHeadersSize"]))

    def mark(self) -> int:
        return len(self.entries)

    def since(self, mark: int) -> dict[str, Any]:
        entries = self.entries[mark:]
        groups: dict[str, int] = {}
        for url, size in entries:
            groups[_group(url)] = groups.get(_group(url), 0) + size
        return {"bytes": sum(size for _, size in entries), "requests": len(entries), "by_kind": groups}


def _group(url: str) -> str:
    name = url.rsplit("/", 1)[-1]
    for suffix, group in (
        (".pf_meta", "metadata"),
        (".pf_index", "word index"),
        (".pf_fragment", "fragments"),
        (".pf_filter", "filter index"),
        (".pagefind", "wasm"),
    ):
        if name.endswith(suffix):
            return group
    return "pagefind runtime" if "/pagefind/" in url else "page"


PROBE = """() => {
  const list = document.querySelector('[data-search-results]');
  const input = document.getElementById('search-query');
  window.__probe = { typed: 0, shown: 0 };
  input.addEventListener('input', () => { window.__probe.typed = performance.now(); window.__probe.shown = 0; },
                         { capture: true });
  new MutationObserver((records) => {
    if (!window.__probe.shown && window.__probe.typed && records.some((r) => r.addedNodes.length))
      window.__probe.shown = performance.now();
  }).observe(list, { childList: true });
}"""


def settled(page: Any) -> None:
    page.wait_for_function(
        "() => window.__probe.shown > 0 || /^No /.test(document.getElementById('search-status').textContent)"
    )
    page.wait_for_function("() => !document.querySelector('[data-search-results][aria-busy]')")
    page.wait_for_timeout(SETTLE_MS)


def type_query(page: Any, text: str) -> dict[str, Any]:
    """Type into the search box like a person: milliseconds from the last key to the results, and their number."""
    box = page.locator("#search-query")
    box.fill("")
    page.wait_for_function("() => !document.querySelector('[data-search-results][aria-busy]')")
    page.evaluate("() => { window.__probe.typed = 0; window.__probe.shown = 0; }")
    box.press_sequentially(text, delay=KEY_DELAY_MS)
    settled(page)
    probe = page.evaluate("() => window.__probe")
    count = re.match(r"[\d,.]+", page.inner_text("#search-status"))
    return {
        "query": text,
        "latency_ms": round(probe["shown"] - probe["typed"]) if probe["shown"] else None,
        "results": int(re.sub(r"\D", "", count.group())) if count else 0,
    }


def query_words(site: Path, count: int, seed: int = 7) -> list[str]:
    """Words visitors would type: distinct words of result titles, picked with a fixed seed."""
    titles = []
    for path in sorted((site / "content" / "results").glob("*.md"))[:2000]:
        front = path.read_text(encoding="utf-8").split("---\n", 2)[1]
        titles.append(str(yaml.safe_load(front).get("title", "")))
    words = sorted({w for t in titles for w in re.findall(r"[a-z]{6,}", t.lower())})
    return random.Random(seed).sample(words, count)


def browse(base: str, words: list[str]) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context()
        log = NetworkLog(context)
        page = context.new_page()
        page.set_default_timeout(PATIENCE_MS)
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))

        start = log.mark()
        page.goto(f"{base}/search/")
        page.wait_for_selector("#search:not([hidden])")
        page.evaluate(PROBE)
        page_load = log.since(start)
        first_query = type_query(page, words[0])
        first = log.since(start)

        further = []
        for word in words[1:]:
            mark = log.mark()
            query = type_query(page, word)
            further.append({**query, **log.since(mark)})

        mark = log.mark()
        page.click("[data-facet=kind] summary")
        page.check("[data-facet=kind] input[value=result]")
        page.wait_for_function("() => new URLSearchParams(location.search).get('kind') === 'result'")
        settled(page)
        kind_filter = log.since(mark)

        mark = log.mark()
        page.click("[data-facet=country] summary")
        page.wait_for_function("() => document.querySelector('[data-facet=country] [data-count]').textContent !== ''")
        page.wait_for_timeout(SETTLE_MS)
        country_counts = log.since(mark)

        mark = log.mark()
        filtered_query = type_query(page, words[1])
        filtered_bytes = log.since(mark)
        browser.close()
    return {
        "page_load": page_load,
        "first_query": {**first_query, **first},
        "further_queries": further,
        "kind_filter": kind_filter,
        "open_country_filter": country_counts,
        "query_with_filter": {**filtered_query, **filtered_bytes},
        "console_errors": errors,
    }


# --- the report ----------------------------------------------------------------------------------


def kb(value: float) -> str:
    return f"{value / 1024:,.0f} KB"


def report(results: dict[str, Any]) -> None:
    build, size, web = results.get("build"), results["index"], results["browser"]
    print(f"pages indexed: {results['pages_indexed']:,}")
    if build:
        print(
            f"build with search {build['with_search_s']:.0f} s on {build['cpus']} CPUs; "
            f"Pagefind's peak memory {build['pagefind_peak_mb']:,} MB"
        )
        if "without_search_s" in build:
            print(
                f"build without search {build['without_search_s']:.0f} s: the search adds "
                f"{build['with_search_s'] - build['without_search_s']:.0f} s to a cold build"
            )
    print(
        f"index on disk: {size['files']:,} files, {size['bytes'] / 2**20:,.1f} MB "
        f"({size['disk_kb'] / 1024:,.1f} MB of disk blocks): word index {size['index_bytes'] / 2**20:,.1f} MB, "
        f"fragments {size['fragment_bytes'] / 2**20:,.1f} MB, filters {kb(size['filter_bytes'])}, "
        f"metadata {kb(size['meta_bytes'])}, runtime {kb(size['runtime_bytes'])}"
    )
    first = web["first_query"]
    print(f"search page load: {kb(web['page_load']['bytes'])} {web['page_load']['by_kind']}")
    print(
        f"first query '{first['query']}' ({first['results']:,} results), page load included: {kb(first['bytes'])} "
        f"in {first['requests']} requests (target {TARGETS_KB['first_query']} KB); "
        f"results {first['latency_ms']} ms after the last key"
    )
    print(f"   {first['by_kind']}")
    sizes = [q["bytes"] for q in web["further_queries"]]
    latencies = [q["latency_ms"] for q in web["further_queries"]]
    print(
        f"further queries: median {kb(statistics.median(sizes))}, max {kb(max(sizes))} "
        f"(target {TARGETS_KB['further_query']} KB); results median {statistics.median(latencies):.0f} ms, "
        f"max {max(latencies):,} ms after the last key (target {TARGET_LATENCY_MS} ms)"
    )
    for q in web["further_queries"]:
        print(
            f"   {q['query']:<14} {q['results']:>7,} results {kb(q['bytes']):>8} {q['requests']:>3} requests "
            f"{q['latency_ms']:>7,} ms   {q['by_kind']}"
        )
    filtered = web["query_with_filter"]
    print(
        f"opening the type filter and choosing Results: {kb(web['kind_filter']['bytes'])}; opening the country "
        f"filter: {kb(web['open_country_filter']['bytes'])}; '{filtered['query']}' again with both: "
        f"{kb(filtered['bytes'])}, {filtered['latency_ms']:,} ms"
    )
    print(f"console errors: {len(web['console_errors'])}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--projects", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=12)
    parser.add_argument("--skip-build", action="store_true", help="measure the existing build in OUT_DIR/output")
    args = parser.parse_args()
    site = catalogue(args.out, args.projects)
    output = args.out / "output"
    results: dict[str, Any] = {"projects": args.projects}
    saved = args.out / "search-scale.json"
    if args.skip_build and saved.is_file():
        results["build"] = json.loads(saved.read_text()).get("build")
    if not args.skip_build:
        seconds, memory = cold_build(site, output, search=True)
        results["build"] = {
            "with_search_s": round(seconds, 1),
            "pagefind_peak_mb": round(memory / 2**20),
            "cpus": os.cpu_count(),
        }
        saved.write_text(json.dumps(results, indent=1))
    results["index"] = index_size(output)
    entry = json.loads((output / BUNDLE / "pagefind-entry.json").read_text())
    results["pages_indexed"] = sum(language["page_count"] for language in entry["languages"].values())
    server, base = serve(output)
    try:
        results["browser"] = browse(base, query_words(site, args.queries))
    finally:
        server.shutdown()
    saved.write_text(json.dumps(results, indent=1))
    if not args.skip_build:
        # Last, so that the browser figures do not wait for it; the difference is Pagefind's share.
        results["build"]["without_search_s"] = round(cold_build(site, args.out / "without-search", search=False)[0], 1)
        shutil.rmtree(args.out / "without-search")
    saved.write_text(json.dumps(results, indent=1))
    report(results)


if __name__ == "__main__":
    main()
