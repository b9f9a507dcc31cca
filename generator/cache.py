"""The build cache that makes rebuilds incremental, kept in the site's ``.showcase-cache/``.

What a build remembers for the next one:
- each content file's parse, keyed by its size and mtime, so unchanged files are not read again;
- a fingerprint of every input (files, theme, vocabularies, options, the date, this code), so a
  build with nothing changed stops right after reading;
- for each page, a fingerprint of what its template receives: a page whose view model, head
  markup and theme did not change is not rendered again, and whatever changed in the content
  (an organisation renamed, a result added to a project) shows up in the views that use it,
  so the cache needs no hand-kept dependency lists;
- rendered Markdown by text, and the digest of every file written.

The cache is only a speed-up: a missing, old or unreadable cache means a full build.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .errors import Problem
from .sources import SourceFile

CACHE_DIR = ".showcase-cache"
FORMAT = 1


def code_fingerprint() -> str:
    """Changes whenever this package's code or shipped data changes (also during development)."""
    digest = hashlib.blake2b(f"{__version__}:{sys.version}:{FORMAT}".encode(), digest_size=16)
    package = Path(__file__).parent
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".yaml"):
            stat = path.stat()
            digest.update(f"{path.relative_to(package)}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()


@dataclass
class BuildCache:
    """What one build of a site into one output folder leaves for the next."""

    inputs: str = ""
    """Fingerprint of everything the last successful build read."""
    sources: dict[str, tuple[int, int, SourceFile]] = field(default_factory=dict)
    """Content path -> (size, mtime_ns, its parse)."""
    pages: dict[str, str] = field(default_factory=dict)
    """Output path -> fingerprint of the page's view."""
    indexed: frozenset[str] = frozenset()
    """Output paths of the pages in the search index."""
    markdown: dict[str, str] = field(default_factory=dict)
    outputs: dict[str, str] = field(default_factory=dict)
    """Output path -> digest of the bytes written."""
    problems: list[Problem] = field(default_factory=list)
    """The warnings of the last build, shown again when nothing changed."""

    @staticmethod
    def path_for(site: Path, out: Path) -> Path:
        key = hashlib.blake2b(str(out.resolve()).encode(), digest_size=8).hexdigest()
        return site / CACHE_DIR / f"build-{key}.pickle"

    @classmethod
    def load(cls, path: Path) -> "BuildCache":
        try:
            with path.open("rb") as file:
                cache = pickle.load(file)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
            return cls()
        return cache if isinstance(cache, cls) else cls()

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        ignore = path.parent / ".gitignore"
        if not ignore.exists():
            ignore.write_text("*\n", encoding="utf-8")  # never committed, whatever the site's own .gitignore says
        temporary = path.with_suffix(".tmp")
        with temporary.open("wb") as file:
            pickle.dump(self, file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
