"""The build cache that makes rebuilds incremental, kept in the site's ``.showcase-cache/``.

What a build remembers for the next one:
- each content file's parse, keyed by its size and mtime, so unchanged files are not read again;
- a fingerprint of every input (files, theme, vocabularies, options, the date, this code), so a
  build with nothing changed stops right after reading;
- a fingerprint of what every product depends on (configuration, vocabularies, UI strings, this
  code, options): when it changes, everything is built again; and one of the templates, which
  only the pages depend on;
- for each product of the build (a page, a file beside a page, a site-wide output), the facts
  of the site graph it read and the files it wrote (`Record`), and each fact's fingerprint: a
  product is made again only when one of its facts changed. The graph records the reads
  itself, so no list of dependencies is kept by hand;
- the digest of every file written, and what the search index holds of each page.

The cache is only a speed-up: a missing, old or unreadable cache means a full build.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from . import __version__
from .errors import Problem
from .graph import Fact, SiteGraph
from .sources import SourceFile

CACHE_DIR = ".showcase-cache"
FORMAT = 2


def code_fingerprint() -> str:
    """Changes whenever this package's code or shipped data changes (also during development)."""
    digest = hashlib.blake2b(f"{__version__}:{sys.version}:{FORMAT}".encode(), digest_size=16)
    package = Path(__file__).parent
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".yaml", ".json"):
            stat = path.stat()
            digest.update(f"{path.relative_to(package)}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()


def fact_fingerprint(graph: SiteGraph, fact: Fact) -> str:
    return hashlib.blake2b(repr(graph.fact(fact)).encode(), digest_size=12).hexdigest()


class Record(NamedTuple):
    """What one product of a build read and wrote.

    A tuple, and its facts packed into bytes: a catalogue's cache holds 200,000 records, which
    load ten times faster so than as objects with sets."""

    node: str
    """Fingerprint of the page node the product belongs to (its URL, items, page number); empty
    for a site-wide output."""
    reads: bytes
    """The numbers, in the cache's fact table, of the facts it read (unsigned 32-bit integers)."""
    files: tuple[str, ...]
    """Output paths of the files it wrote."""

    def read_any(self, facts: set[int]) -> bool:
        return bool(facts) and not facts.isdisjoint(memoryview(self.reads).cast("I"))


class FactTable:
    """Numbers the facts that products read, so that each record stores small integers.

    It starts with the last build's facts, which keep their numbers: new ones are appended."""

    def __init__(self, facts: list[Fact]) -> None:
        self.facts: list[Fact] = list(facts)
        self._numbers: dict[Fact, int] = {fact: number for number, fact in enumerate(self.facts)}

    def numbers(self, facts: Iterable[Fact]) -> bytes:
        """The facts' numbers, packed as a `Record` keeps them."""
        found = array("I")
        for fact in facts:
            number = self._numbers.get(fact)
            if number is None:
                number = self._numbers[fact] = len(self.facts)
                self.facts.append(fact)
            found.append(number)
        return found.tobytes()


@dataclass
class BuildCache:
    """What one build of a site into one output folder leaves for the next."""

    inputs: str = ""
    """Fingerprint of everything the last successful build read."""
    shared: str = ""
    """Fingerprint of what every product depends on."""
    templates: str = ""
    """Fingerprint of the theme's templates, which every page depends on."""
    sources: dict[str, tuple[int, int, SourceFile]] = field(default_factory=dict)
    """Content path -> (size, mtime_ns, its parse)."""
    facts: list[Fact] = field(default_factory=list)
    fingerprints: list[str] = field(default_factory=list)
    """The fingerprint of each fact in `facts`, as the last build's graph had it."""
    records: dict[str, Record] = field(default_factory=dict)
    """Product name -> what it read and wrote."""
    search: str = ""
    """What the published search index holds (`SearchState` as JSON), if the last build made one."""
    outputs: dict[str, str] = field(default_factory=dict)
    """Output path -> digest of the bytes written."""
    problems: list[Problem] = field(default_factory=list)
    """The warnings of the last build, shown again when nothing changed."""

    @staticmethod
    def path_for(site: Path, out: Path) -> Path:
        key = hashlib.blake2b(str(out.resolve()).encode(), digest_size=8).hexdigest()
        return site / CACHE_DIR / f"build-{key}.pickle"

    @classmethod
    def load(cls, path: Path) -> BuildCache:
        try:
            with path.open("rb") as file:
                cache = pickle.load(file)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
            return cls()
        return cache if isinstance(cache, cls) and cache.__dict__.keys() == cls().__dict__.keys() else cls()

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        ignore = path.parent / ".gitignore"
        if not ignore.exists():
            ignore.write_text("*\n", encoding="utf-8")  # never committed, whatever the site's own .gitignore says
        temporary = path.with_suffix(".tmp")
        with temporary.open("wb") as file:
            pickle.dump(self, file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
