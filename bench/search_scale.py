"""Measure the search at scale: the figures of issue 14, from one command.

    python bench/search_scale.py OUT_DIR [--projects 10000] [--runs 3] [--skip-build]
    python bench/search_scale.py OUT_DIR --index-only [--scale 10 --page-from BUILT_SITE]

OUT_DIR/site is the synthetic catalogue of bench/generate.py (generated when missing).

- **Indexing** (every size): the entries' records are written from the content files
  (title, summary, topics, keywords, target groups, audience, Markdown body as text, filters
  and sorts from the front matter; the build makes them from its views instead, which needs
  the whole site built), then a separate process indexes them with `generator.search` exactly
  as a full build does, under /usr/bin/time -v: its wall time and peak memory (RSS), a median
  of `--runs` runs. So a larger catalogue is measured without building its pages: `--scale 10`
  indexes the records ten times over, each further copy with its capitalised words (names,
  acronyms, places) made its own, and `--page-from` a built site measures its search page on
  that index in Chromium, as below (the sampled entries' pages need not exist: only their
  place among the results counts).
- **The search page** (unless --index-only): the catalogue is built with the generator
  (OUT_DIR/output; --skip-build keeps an existing one), served over HTTP as a static host
  would (gzip for HTML, CSS, JavaScript and JSON; the index files are gzipped already) and
  driven in headless Chromium: the bytes of every request (the browser's network log) for the
  page load and first query, then for each query of bench/search_queries.txt, typed like a
  person (a key every 60 ms), and the time from the last key to the first result shown; last,
  200 entries drawn with a fixed seed, each searched for by the word of its title, summary,
  topics or first 300 body words that the fewest entries hold: is it among the first ten
  results?

Figures go to stdout and OUT_DIR/search-scale.json.
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
from pathlib import Path
from typing import Any

import yaml

from generator.build import BuildOptions, build_site
from generator.cache import CACHE_DIR
from generator.search import FOLDER, SearchRecord, SearchUpdate, encoding
from generator.search.records import BODY_WORDS
from generator.search.text import stemmer, words
from generator.writer import OutputWriter

BENCH = Path(__file__).resolve().parent
QUERIES = BENCH / "search_queries.txt"
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
"""After the results show, wait this long for late requests (tails, documents, filter counts)."""
PATIENCE_MS = 60_000
SAMPLED_ENTRIES = 200
TARGETS = {
    "index_peak_mb": 1024,
    "first_query_kb": 300,
    "further_median_kb": 60,
    "further_max_kb": 300,
    "latency_median_ms": 200,
    "latency_max_ms": 1000,
    "top10_share": 0.95,
    "top10_share_of_singular": 0.95,
}
TEXT_TYPES = {
    ".html": "text/html",
    ".css": "text/css",
    ".js": "text/javascript",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".xml": "application/xml",
}
SECTIONS = {
    "projects": "project",
    "results": "result",
    "organisations": "organisation",
    "events": "event",
    "news": "news",
}
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


# --- indexing -------------------------------------------------------------------------------------


def content_records(site: Path) -> Any:
    """A record per entry from its content file: what the index takes, without the site's views."""
    for section, kind in SECTIONS.items():
        for path in sorted((site / "content" / section).glob("*.md")):
            _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
            data = yaml.load(front, Loader=_LOADER) or {}
            title = str(data.get("title") or data.get("name") or path.stem)
            text = re.sub(r"[#*_`>\[\]]|\]\([^)]*\)|\([^)]*\)", " ", body)
            fields = {
                "title": f"{title} {data.get('acronym') or ''}",
                "summary": str(data.get("summary") or ""),
                "topics": "; ".join(data.get("topics") or []),
                "keywords": "; ".join([*(data.get("keywords") or []), str(data.get("code") or "")]),
                "target_groups": "; ".join(data.get("target_groups") or []),
                "audience": "; ".join(data.get("audience") or []),
                "body": " ".join(text.split()),
            }
            filters = {"kind": [kind]}
            for name, key in (
                ("action", "action"),
                ("year", "call_year"),
                ("category", "category"),
                ("licence", "licence"),
            ):
                if data.get(key):
                    filters[name] = [str(data[key])]
            if data.get("country"):
                filters["country"] = [str(data["country"])]
            if data.get("languages"):
                filters["language"] = [str(code) for code in data["languages"]]
            when = data.get("published") or data.get("date") or data.get("start")
            sorts = {"title": title.casefold()}
            if when:
                sorts["date"] = str(when)[:10]
            yield SearchRecord(
                url=f"/{section}/{path.stem}/",
                lang="en",
                kind=kind,
                title=title,
                fields={name: value for name, value in fields.items() if value.strip()},
                excerpt=fields["summary"] or fields["body"],
                filters=filters,
                sorts=sorts,
                meta={"year": str(data["call_year"])} if data.get("call_year") else {},
            )


def write_records(site: Path, path: Path, scale: int = 1) -> int:
    """Write the catalogue's records, `scale` times over: each further copy under other URLs, with
    its capitalised words (names, acronyms, places) made its own, as a larger catalogue would
    bring new ones while its common words stay."""
    count = 0
    with path.open("w", encoding="utf-8") as out:
        for record in content_records(site):
            for copy in range(scale):
                data = record.to_json()
                if copy:
                    rename = functools.partial(re.sub, r"\b([A-Z]\w+)", rf"\g<1>{copy}")
                    data["url"] = f"{record.url.rstrip('/')}-{copy}/"
                    data["title"] = rename(record.title)
                    data["fields"] = {name: rename(text) for name, text in record.fields.items()}
                    data["excerpt"] = rename(record.excerpt)
                out.write(json.dumps(data, ensure_ascii=False) + "\n")
                count += 1
    return count


def index_records(records: Path, out: Path) -> None:
    """Index a file of records as a full build does (the process that /usr/bin/time measures)."""
    shutil.rmtree(out, ignore_errors=True)
    with records.open(encoding="utf-8") as lines:
        pages = [(json.loads(line)["url"], "en") for line in lines]
    writer = OutputWriter(out)
    writer.begin()
    update = SearchUpdate(None, writer, pages, full=True)
    with records.open(encoding="utf-8") as lines:
        for line in lines:
            update.add(SearchRecord.from_json(json.loads(line)))
    update.finish()
    writer.publish()


def _time_field(text: str, name: str) -> str:
    """A field of /usr/bin/time -v's report."""
    found = re.search(rf"{re.escape(name)}.*?: (\S+)\n", text)
    if found is None:
        raise SystemExit(f"/usr/bin/time printed no '{name}':\n{text}")
    return found.group(1)


def measure_indexing(records: Path, out: Path, runs: int) -> dict[str, Any]:
    seconds, cpu, peaks = [], [], []
    for _ in range(runs):
        stats = out.parent / "index.time"
        subprocess.run(
            ["/usr/bin/time", "-v", "-o", str(stats), sys.executable, __file__, "index", str(records), str(out)],
            check=True,
            env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
        )
        text = stats.read_text()
        total = 0.0
        for part in _time_field(text, "Elapsed (wall clock) time").split(":"):
            total = total * 60 + float(part)
        seconds.append(total)
        cpu.append(float(_time_field(text, "User time (seconds)")) + float(_time_field(text, "System time (seconds)")))
        peaks.append(int(_time_field(text, "Maximum resident set size (kbytes)")) / 1024)
    files = [p for p in (out / FOLDER).rglob("*") if p.is_file()]
    return {
        "seconds": round(statistics.median(seconds), 1),
        "seconds_runs": [round(s, 1) for s in seconds],
        "cpu_seconds": round(statistics.median(cpu), 1),
        "cpu_seconds_runs": [round(s, 1) for s in cpu],
        "peak_mb": round(statistics.median(peaks)),
        "peak_mb_runs": [round(p) for p in peaks],
        "files": len(files),
        "mb": round(sum(p.stat().st_size for p in files) / 2**20, 1),
        "load_average": os.getloadavg()[0],
    }


# --- serving like a static host ---------------------------------------------------------------------


class StaticHost(http.server.SimpleHTTPRequestHandler):
    """Serves files as a static host would: gzip for text when asked, other files as they are."""

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix not in TEXT_TYPES or "gzip" not in self.headers.get("Accept-Encoding", "") or not path.is_file():
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
        return TEXT_TYPES.get(suffix) or ("application/octet-stream" if suffix == ".bin" else super().guess_type(path))

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


# --- the browser -------------------------------------------------------------------------------------


class NetworkLog:
    """Bytes received per request (headers and body as sent)."""

    def __init__(self, context: Any):
        self.entries: list[tuple[str, int]] = []
        context.on("requestfinished", self._finished)

    def _finished(self, request: Any) -> None:
        sizes = request.sizes()
        self.entries.append((request.url, sizes["responseBodySize"] + sizes["responseHeadersSize"]))

    def mark(self) -> int:
        return len(self.entries)

    def since(self, mark: int) -> dict[str, Any]:
        entries = self.entries[mark:]
        groups: dict[str, int] = {}
        for url, size in entries:
            group = re.sub(r"^.*/search/\w+/[\w-]+/(\w)/.*$", r"\1", url) if "/search/" in url else "page"
            group = {"s": "shards", "t": "tails", "d": "documents", "f": "filters", "o": "sorts"}.get(group, group)
            if url.endswith("index.json"):
                group = "manifest"
            groups[group] = groups.get(group, 0) + size
        return {"bytes": sum(size for _, size in entries), "requests": len(entries), "by_kind": groups}


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
    page.wait_for_function("() => /^(\\d+ results?|No )/.test(document.getElementById('search-status').textContent)")
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
    count = re.match(r"\d+", page.inner_text("#search-status"))
    return {
        "query": text,
        "latency_ms": round(probe["shown"] - probe["typed"]) if probe["shown"] else None,
        "results": int(count.group()) if count else 0,
    }


def sampled_entries(site: Path, output: Path, total: int, count: int, seed: int = 7) -> list[tuple[str, str, int]]:
    """(word, URL, entries holding the word) of entries drawn with a fixed seed, each with the word
    of its title, summary, topics or first 300 body words that the fewest entries hold (as the built
    index counts them; of equally rare words, one of the title)."""
    manifest = json.loads((output / FOLDER / "en" / "index.json").read_text())
    info = manifest["layers"][0]
    folder = output / FOLDER / "en" / info["path"]
    frequency: dict[str, int] = {}
    for shard in range(len(info["shards"])):
        for key, _, tails, head in encoding.decode_shard((folder / "s" / f"{shard}.bin").read_bytes()):
            if head:
                frequency[key] = len(head) + tails * encoding.TAIL
    picked = set(random.Random(seed).sample(range(total), count))
    stem = stemmer("en")
    found = []
    for number, record in enumerate(content_records(site)):
        if number in picked:
            fields = record.fields
            candidates = [*words(fields.get("title", "")), *words(fields.get("summary", ""))]
            candidates += [*words(fields.get("topics", "")), *words(fields.get("body", ""))[:BODY_WORDS]]
            title = set(words(fields.get("title", "")))
            known = [word for word in candidates if stem(word) in frequency]
            word = min(known, key=lambda word: (frequency[stem(word)], word not in title, word))
            found.append((word, record.url, frequency[stem(word)]))
    return found


def browse(base: str, queries: list[str], samples: list[tuple[str, str, int]]) -> dict[str, Any]:
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
        first_query = type_query(page, queries[0])
        first = log.since(start)
        further = []
        for text in queries[1:]:
            mark = log.mark()
            query = type_query(page, text)
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
        page.select_option("#search-sort", "title")
        page.wait_for_timeout(SETTLE_MS)
        page.wait_for_function("() => !document.querySelector('[data-search-results][aria-busy]')")
        title_sort = log.since(mark)

        top10 = 0
        missed = []
        page.goto(f"{base}/search/")
        page.wait_for_selector("#search:not([hidden])")
        for word, url, holders in samples:
            page.fill("#search-query", f"{word} ")
            page.press("#search-query", "Enter")
            page.wait_for_function(
                "(word) => new URLSearchParams(location.search).get('q') === word"
                " && /^(\\d+ results?|No )/.test(document.getElementById('search-status').textContent)"
                " && !document.querySelector('[data-search-results][aria-busy]')",
                arg=word,
            )
            links = page.locator(".search-result h3 a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
            if url in links[:10]:
                top10 += 1
            else:
                missed.append((word, url, holders))
        browser.close()
    return {
        "page_load": page_load,
        "first_query": {**first_query, **first},
        "further_queries": further,
        "kind_filter": kind_filter,
        "open_country_filter": country_counts,
        "title_sort": title_sort,
        "top10": {
            "found": top10,
            "sampled": len(samples),
            "singular": sum(holders <= 10 for _, _, holders in samples),
            "missed": missed,
        },
        "console_errors": errors,
    }


# --- the report ---------------------------------------------------------------------------------------


def kb(value: float) -> float:
    return round(value / 1024, 1)


def summary(results: dict[str, Any]) -> dict[str, Any]:
    figures: dict[str, Any] = {
        "index_peak_mb": results["indexing"]["peak_mb"],
        "index_s": results["indexing"]["seconds"],
        "index_cpu_s": results["indexing"]["cpu_seconds"],
    }
    web = results.get("browser")
    if web:
        further = web["further_queries"]
        latencies = [q["latency_ms"] for q in [web["first_query"], *further] if q["latency_ms"] is not None]
        figures |= {
            "first_query_kb": kb(web["first_query"]["bytes"]),
            "further_median_kb": kb(statistics.median(q["bytes"] for q in further)),
            "further_max_kb": kb(max(q["bytes"] for q in further)),
            "latency_median_ms": statistics.median(latencies),
            "latency_max_ms": max(latencies),
        }
        top10 = web["top10"]
        if top10["sampled"]:
            figures["top10_share"] = top10["found"] / top10["sampled"]
            # Entries whose rarest word more than ten others share cannot all be in a top ten.
            missed_singular = sum(holders <= 10 for _, _, holders in top10["missed"])
            figures["top10_share_of_singular"] = 1 - missed_singular / max(1, top10["singular"])
    return figures


def report(results: dict[str, Any]) -> None:
    indexing = results["indexing"]
    print(
        f"{results['documents']:,} entries; indexing {indexing['seconds']} s (runs {indexing['seconds_runs']}; "
        f"CPU {indexing['cpu_seconds']} s), "
        f"peak {indexing['peak_mb']:,} MB (runs {indexing['peak_mb_runs']}); index {indexing['mb']} MB in "
        f"{indexing['files']:,} files"
    )
    if "build" in results:
        print(f"cold build with search: {results['build']['seconds']:.0f} s")
    web = results.get("browser")
    if web:
        print(f"page load {kb(web['page_load']['bytes'])} KB {web['page_load']['by_kind']}")
        first = web["first_query"]
        print(f"first query '{first['query']}' ({first['results']}): {kb(first['bytes'])} KB, {first['latency_ms']} ms")
        for q in web["further_queries"]:
            print(
                f"   {q['query']:<22} {q['results']:>7} results {kb(q['bytes']):>7} KB {q['requests']:>3} req "
                f"{q['latency_ms']!s:>6} ms  {q['by_kind']}"
            )
        country = kb(web["open_country_filter"]["bytes"])
        print(f"kind filter {kb(web['kind_filter']['bytes'])} KB; country counts {country} KB; ", end="")
        print(f"title sort {kb(web['title_sort']['bytes'])} KB")
        top10 = web["top10"]
        print(f"top 10: {top10['found']} of {top10['sampled']}; console errors: {len(web['console_errors'])}")
    for name, value in summary(results).items():
        target = TARGETS.get(name)
        verdict = ""
        if target is not None:
            verdict = "met" if (value >= target if name.startswith("top10") else value <= target) else "MISSED"
        print(f"{name:20} {value!s:>10}  target {target}  {verdict}")


def main() -> None:
    if sys.argv[1:2] == ["index"]:
        index_records(Path(sys.argv[2]), Path(sys.argv[3]))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--projects", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3, help="indexing runs (the median is reported)")
    parser.add_argument("--skip-build", action="store_true", help="measure the existing OUT_DIR/output")
    parser.add_argument("--index-only", action="store_true", help="measure indexing only (no build of the site)")
    parser.add_argument(
        "--scale", type=int, default=1, help="index the catalogue's records this many times over (with --index-only)"
    )
    parser.add_argument(
        "--page-from",
        type=Path,
        help="with --index-only: a built site whose search page and assets search the index just built, in Chromium",
    )
    args = parser.parse_args()
    site = args.out / "site"
    if not (site / "showcase.yaml").is_file():
        subprocess.run(
            [sys.executable, str(BENCH / "generate.py"), str(args.out), "--projects", str(args.projects)], check=True
        )
    results: dict[str, Any] = {"projects": args.projects * (args.scale if args.index_only else 1)}
    records = args.out / "records.jsonl"
    results["documents"] = write_records(site, records, args.scale if args.index_only else 1)
    results["indexing"] = measure_indexing(records, args.out / "index-only", args.runs)
    records.unlink()
    if args.index_only and args.page_from:
        # The built site's search page and assets, searching the index just built: its first query.
        scaled = args.out / "index-only"
        shutil.copytree(args.page_from / "assets", scaled / "assets")
        shutil.copy(args.page_from / "search" / "index.html", scaled / "search" / "index.html")
        lines = QUERIES.read_text().splitlines()
        queries = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
        # Entries are sampled from the catalogue's own records: not from scaled copies.
        samples = sampled_entries(site, scaled, results["documents"], SAMPLED_ENTRIES) if args.scale == 1 else []
        server, base = serve(scaled)
        try:
            results["browser"] = browse(base, queries, samples)
        finally:
            server.shutdown()
    shutil.rmtree(args.out / "index-only")
    if not args.index_only:
        output = args.out / "output"
        if not args.skip_build:
            shutil.rmtree(output, ignore_errors=True)
            shutil.rmtree(site / CACHE_DIR, ignore_errors=True)
            built = build_site(BuildOptions(site=site, out=output))
            results["build"] = {"seconds": round(built.seconds, 1)}
        queries = [
            line.strip() for line in QUERIES.read_text().splitlines() if line.strip() and not line.startswith("#")
        ]
        server, base = serve(output)
        try:
            samples = sampled_entries(site, output, results["documents"], SAMPLED_ENTRIES)
            results["browser"] = browse(base, queries, samples)
        finally:
            server.shutdown()
    results["summary"] = summary(results)
    (args.out / "search-scale.json").write_text(json.dumps(results, indent=1))
    report(results)


if __name__ == "__main__":
    main()
