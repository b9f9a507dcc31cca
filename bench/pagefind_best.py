"""What Pagefind can do at best on a catalogue: the measurement that decided against it (issue 14).

    pip install 'pagefind[bin]==1.5.2'     # not a dependency of the generator any more
    python bench/pagefind_best.py SITE_DIR [--out DIR]

Pagefind is given the least it could be given: one custom record per entry (no HTML to
parse) holding the title, summary, topics, keywords and target groups plus the first 300
words of the Markdown body, with the kind as a filter and no sort keys, and one index per
kind of entry, built one after another so that the peak memory is that of the largest piece.
For each piece the script records Pagefind's peak resident memory (sampled every 0.1 s), the
wall time, and the bytes a first query has to fetch at least: Pagefind's JavaScript and
WebAssembly, its metadata file (one entry per page, loaded whole before the first search),
the median word chunk and ten stored texts. Figures go to stdout and to OUT/pagefind-best.json.
"""

from __future__ import annotations

import argparse
import base64
import json
import re
import statistics
import subprocess
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import psutil
import yaml

KINDS = ("projects", "results", "organisations", "events", "news")
BODY_WORDS = 300


def records(site: Path, section: str) -> list[dict[str, Any]]:
    found = []
    for path in sorted((site / "content" / section).glob("*.md")):
        _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
        data = yaml.load(front, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        words = re.findall(r"[^\W_]+", re.sub(r"\]\([^)]*\)", "]", body))[:BODY_WORDS]
        fields = [data.get("title") or data.get("name") or path.stem, data.get("summary") or ""]
        for key in ("topics", "keywords", "target_groups", "audience"):
            fields += [str(value) for value in data.get(key) or []]
        found.append(
            {
                "url": f"/{section}/{path.stem}/",
                "content": "\n".join([*fields, " ".join(words)]),
                "language": "en",
                "meta": {"title": str(fields[0])},
                "filters": {"kind": [section]},
            }
        )
    return found


class Service:
    """Pagefind's service protocol: base64 JSON messages separated by commas, answered in order."""

    def __init__(self, binary: str):
        self.process = subprocess.Popen([binary, "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.sent = 0

    def send(self, payload: dict[str, Any]) -> None:
        self.sent += 1
        message = json.dumps({"message_id": self.sent, "payload": payload}).encode()
        assert self.process.stdin is not None
        self.process.stdin.write(base64.b64encode(message) + b",")

    def wait_for(self, message_id: int) -> dict[str, Any]:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.flush()
        buffer = b""
        while True:
            chunk = self.process.stdout.read1(1 << 16)  # type: ignore[attr-defined]
            if not chunk:
                raise SystemExit("Pagefind stopped")
            *messages, buffer = (buffer + chunk).split(b",")
            for message in messages:
                answer = json.loads(base64.b64decode(message))
                if answer.get("message_id") == message_id:
                    return answer["payload"]


def index_piece(binary: str, items: list[dict[str, Any]], folder: Path) -> dict[str, Any]:
    started = time.perf_counter()
    service = Service(binary)
    peak = 0
    running = True

    def sample() -> None:
        nonlocal peak
        process = psutil.Process(service.process.pid)
        while running:
            try:
                peak = max(peak, process.memory_info().rss)
            except psutil.Error:
                return
            time.sleep(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    service.send({"type": "NewIndex", "config": {"keep_index_url": False}})
    index_id = service.wait_for(service.sent)["index_id"]
    for item in items:
        service.send({"type": "AddRecord", "index_id": index_id, **item})
    service.send({"type": "WriteFiles", "index_id": index_id, "output_path": str(folder)})
    service.wait_for(service.sent)
    running = False
    sampler.join()
    assert service.process.stdin is not None
    service.process.stdin.close()
    service.process.wait()
    files = [p for p in folder.rglob("*") if p.is_file()]
    chunks = [p.stat().st_size for p in files if p.suffix == ".pf_index"]
    fragments = [p.stat().st_size for p in files if p.suffix == ".pf_fragment"]
    meta = sum(p.stat().st_size for p in files if p.suffix == ".pf_meta")
    runtime_files = ("pagefind.js", "pagefind-worker.js", "wasm.unknown.pagefind")
    runtime = sum(p.stat().st_size for p in files if p.name in runtime_files)
    first_query = runtime + meta + statistics.median(chunks) + 10 * statistics.median(fragments)
    return {
        "pages": len(items),
        "seconds": round(time.perf_counter() - started, 1),
        "peak_mb": round(peak / 2**20),
        "metadata_kb": round(meta / 1024),
        "runtime_kb": round(runtime / 1024),
        "median_chunk_kb": round(statistics.median(chunks) / 1024, 1),
        "first_query_kb": round(first_query / 1024),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    from pagefind.service import get_executable  # type: ignore[import-not-found]

    binary = str(get_executable())
    results = {}
    for section in KINDS:
        items = records(args.site, section)
        with tempfile.TemporaryDirectory() as folder:
            results[section] = index_piece(binary, items, Path(folder))
        print(section, results[section], flush=True)
    total = sum(r["seconds"] for r in results.values())
    print(f"all pieces one after another: {total:.0f} s; largest peak {max(r['peak_mb'] for r in results.values())} MB")
    out = args.out or args.site.parent
    (out / "pagefind-best.json").write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
