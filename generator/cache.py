"""The build cache: what a build remembers for the next one, in the site's ``.showcase-cache/``.

One SQLite database per output folder (``build-<key>.sqlite``). It holds:

- every content file's size, mtime and digest, and what validating it gave (its documents,
  its problems), so that a build reads and validates only the files whose bytes changed;
- the content index the site graph reads (`graph.SiteGraph`): each document's validated
  fields, the relations between entries (`links`), the taxonomy terms each entry is filed
  under (`filed`), and per entry the few values its lists are sorted and counted by
  (`entries`);
- the inputs that pages read (a document, a relation, a list's order...) with a fingerprint
  of each, and for each input the products that read it: a build makes again only the
  readers of the inputs whose fingerprint changed;
- each product's record (the inputs it read, the files it wrote, the pieces of site-wide
  files it made), those pieces, and the digest of every file in the output.

Why SQLite: a rebuild reads only the rows an edit touches. The pickle this replaces was read
and written whole (7 s and 4 s at 10,000 projects), and could run code when loaded: a cache
that arrives with a cloned repository or a pull request must not. SQLite ships with Python,
stores data only, and its write-ahead log keeps the file whole when a build is killed.

**Trust.** The cache only ever saves time: a missing, old, foreign, truncated or damaged
cache means a build from nothing (`CacheUnusable`), never a wrong page. So every read is
checked. Each row carries a keyed checksum of its values (blake2b, with a key kept in the
user's cache folder, never in the site: a cache written elsewhere does not verify). And rows
are read in *sets* (the documents of an entry, the entries filed under a term, one of 4,096
buckets of inputs...), each with a checksum of its rows kept apart (`sums`): a row that the
damage hid from an index, or one left behind, changes its set's sum as surely as a changed
value changes its own. Damaged bytes that SQLite itself notices raise `sqlite3.DatabaseError`,
which the build takes the same way.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import sqlite3
import sys
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from . import __version__

CACHE_DIR = ".showcase-cache"
FORMAT = 9
"""Raised whenever the layout of the database changes."""
KEY_DIR_ENV = "SHOWCASE_CACHE_KEY_DIR"
"""Where the checksum key lives, when not in the user's cache folder."""
MAC_SIZE = 12
BUCKETS = 4096
"""Sets by a key that is nearly unique (a path, an entry) are buckets of keys, so that the
number of sums stays bounded: each bucket holds a few dozen rows at 100,000 projects."""


class CacheUnusable(Exception):
    """The cache cannot be trusted (missing, old, foreign or damaged): build from nothing."""


CACHE_FAULTS = (CacheUnusable, sqlite3.Error, UnicodeDecodeError)
"""What reading a damaged cache can raise: SQLite decodes text before any check of ours."""


def _bucket(*values: object) -> str:
    data = "\x1f".join(map(str, values)).encode()
    return str(int.from_bytes(hashlib.blake2b(data, digest_size=4).digest()) % BUCKETS)


def _natural(*values: object) -> str:
    return "\x1f".join(map(str, values))


@dataclass(frozen=True)
class Table:
    """One table of the cache: its columns, and the sets its rows are read in.

    Each set is a function of a row's values giving the set's key; the key is stored in a
    column of its own (``s_<set>``, indexed) so that a set is one indexed query."""

    name: str
    columns: tuple[str, ...]
    sets: dict[str, Callable[..., str]]

    def schema(self) -> str:
        sets = "".join(f", s_{name} TEXT NOT NULL" for name in self.sets)
        indexes = "".join(f"CREATE INDEX {self.name}_{name} ON {self.name} (s_{name});\n" for name in self.sets)
        return f"CREATE TABLE {self.name} ({', '.join(self.columns)}{sets}, mac BLOB NOT NULL);\n{indexes}"

    def keys(self, row: Sequence[Any]) -> dict[str, str]:
        return {name: key(*row) for name, key in self.sets.items()}


FILES = Table(
    "files",
    ("path", "size", "mtime", "digest", "kind", "id", "lang", "problems", "cross"),
    {
        "path": lambda path, *_: _bucket(path),
        "entry": lambda path, size, mtime, digest, kind, id_, *_: _bucket(kind, id_),
        "kindlang": lambda path, size, mtime, digest, kind, id_, lang, *_: _natural(kind, lang),
        "flagged": lambda *row: "1" if row[7] != "[]" or row[8] != "[]" else "0",
    },
)
DOCS = Table(
    "docs",
    ("kind", "id", "lang", "path", "body_line", "front_digest", "body_digest", "entry", "slug"),
    {
        "entry": lambda kind, id_, *_: _bucket(kind, id_),
        "slug": lambda kind, id_, lang, *row: _bucket(kind, lang, row[-1]),
        "kindlang": lambda kind, id_, lang, *_: _natural(kind, lang),
    },
)
ENTRIES = Table(
    "entries",
    ("kind", "id", "visible", "sort", "day", "until", "state", "rank", "project", "grant"),
    {"kind": lambda kind, *_: _natural(kind), "one": lambda kind, id_, *_: _bucket(kind, id_)},
)
LINKS = Table(
    "links",
    ("kind", "id", "rel", "target", "position", "extra"),
    {
        "from": lambda kind, id_, *_: _bucket(kind, id_),
        "to": lambda kind, id_, rel, target, *_: _bucket(rel, target),
    },
)
FILED = Table(
    "filed",
    ("taxonomy", "code", "kind", "id", "position"),
    {
        "entry": lambda taxonomy, code, kind, id_, _: _bucket(kind, id_),
        "term": lambda taxonomy, code, *_: _natural(taxonomy, code),
        "taxonomy": lambda taxonomy, *_: _natural(taxonomy),
    },
)
STATIC = Table("static", ("path", "size", "mtime"), {"all": lambda *_: ""})
INPUTS = Table(
    "inputs",
    ("number", "name", "fingerprint", "readers"),
    {
        "name": lambda number, name, *_: _bucket(name),
        "number": lambda number, *_: str(number % BUCKETS),
        "kind": lambda number, name, *_: name.partition(":")[0],
    },
)
PRODUCTS = Table(
    "products",
    ("number", "name", "family", "node", "reads", "files"),
    {
        "name": lambda number, name, *_: _bucket(name),
        "number": lambda number, *_: str(number % BUCKETS),
        "family": lambda number, name, family, *_: _bucket(family),
        "page": lambda number, name, family, node, *_: "1" if _is_page(name, node) else "0",
    },
)
PIECES = Table(
    "pieces",
    ("file", "name", "sort", "data"),
    {"file": lambda file, *_: _natural(file), "name": lambda file, name, *_: _bucket(name)},
)
TABLES = (FILES, DOCS, ENTRIES, LINKS, FILED, STATIC, INPUTS, PRODUCTS, PIECES)

SCHEMA = (
    "".join(table.schema() for table in TABLES)
    + """
CREATE TABLE meta (key TEXT PRIMARY KEY, value BLOB NOT NULL);
CREATE TABLE sums (name TEXT PRIMARY KEY, count INTEGER NOT NULL, xor BLOB NOT NULL, mac BLOB NOT NULL);
CREATE TABLE outputs (
    path TEXT PRIMARY KEY, digest TEXT NOT NULL, size INTEGER NOT NULL, mtime INTEGER NOT NULL, mac BLOB NOT NULL
);
"""
)
"""`outputs` has checked rows but no sets: a missing one only makes the writer compare a file
with the output's own bytes. Its size and mtime (ns) are the file's once published: a file
whose own differ was changed, deleted or left half-published since."""


def _is_page(name: str, node: str) -> bool:
    """A product record that is a page: with a page node, neither a file beside a page nor another record."""
    return bool(node) and "#" not in name and ":" not in name.partition("/")[0]


class StoredProduct(NamedTuple):
    """What a product of the last build read and wrote."""

    number: int
    name: str
    family: str
    node: str
    """The page it is or belongs to, as JSON (`graph.PageNode.to_json`); empty for others."""
    reads: array[int]
    """The numbers of the inputs it read."""
    files: list[str]
    """The output paths it wrote, and ``@<file>`` for each site-wide file it gave a piece of."""


def code_fingerprint() -> str:
    """Changes whenever this package's code or shipped data changes (also during development)."""
    digest = hashlib.blake2b(f"{__version__}:{sys.version}:{FORMAT}".encode(), digest_size=16)
    package = Path(__file__).parent
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".yaml", ".json"):
            stat = path.stat()
            digest.update(f"{path.relative_to(package)}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()


def _checksum_key() -> bytes:
    """This user's key for the cache's checksums, so that a cache written elsewhere does not verify.

    Kept in the user's cache folder, not in the site, so that it never travels with a site. When
    it cannot be kept, a key for this process only: caches are then never reused, never wrong."""
    folder = Path(os.environ.get(KEY_DIR_ENV) or os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    path = folder / "partnership-showcase" / "cache.key"
    try:
        key = path.read_bytes()
        if len(key) == 32:
            return key
    except OSError:
        pass
    key = secrets.token_bytes(32)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f"cache.key.{os.getpid()}")
        temporary.write_bytes(key)
        os.replace(temporary, path)
        return path.read_bytes()  # another process may have stored its key in between: use that one
    except OSError:
        return key


def _typed(value: object) -> bytes:
    return type(value).__name__[0].encode() + str(value).encode()


def cache_path(site: Path, out: Path) -> Path:
    key = hashlib.blake2b(str(out.resolve()).encode(), digest_size=8).hexdigest()
    return site / CACHE_DIR / f"build-{key}.sqlite"


def pack(numbers: Iterable[int]) -> bytes:
    """Numbers as the records keep them: unsigned 32-bit integers."""
    return array("I", numbers).tobytes()


def unpack(data: bytes) -> array[int]:
    numbers = array("I")
    numbers.frombytes(data)
    return numbers


class Store:
    """An open build cache. A build's changes happen in transactions (`transaction`)."""

    def __init__(self, connection: sqlite3.Connection, key: bytes, path: Path):
        self._db = connection
        self._key = key
        self.path = path
        self._sums: dict[str, tuple[int, int]] = {}
        """Sums changed in the running transaction, written when it commits: (count, xor of macs)."""
        self._known: dict[str, tuple[int, int]] | None = None
        """Every sum, in a cache this process created (so that a build from nothing reads none)."""

    # -- opening ---------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path, fingerprint: str) -> tuple[Store, str]:
        """The cache at `path`, or a new, empty one; the second value says why a cache that was
        there could not be used ("" when it could, or when there was none)."""
        key = _checksum_key()
        if not path.exists():
            return cls.create(path, fingerprint, key), ""
        connection = None
        try:
            connection = cls._connect(path)
            store = cls(connection, key, path)
            store._verify(fingerprint)
            return store, ""
        except CACHE_FAULTS as exc:
            if connection is not None:
                connection.close()
            reason = str(exc) if isinstance(exc, CacheUnusable) else f"the cache is damaged ({exc})"
            return cls.create(path, fingerprint, key), reason

    @staticmethod
    def _connect(path: Path) -> sqlite3.Connection:
        # isolation_level=None: transactions are begun and ended here, explicitly.
        connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=60)
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
        connection.execute("PRAGMA cache_size=-65536")
        return connection

    @classmethod
    def create(cls, path: Path, fingerprint: str, key: bytes | None = None) -> Store:
        path.parent.mkdir(parents=True, exist_ok=True)
        ignore = path.parent / ".gitignore"
        if not ignore.exists():
            ignore.write_text("*\n", encoding="utf-8")  # never committed, whatever the site's own .gitignore says
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        store = cls(cls._connect(path), key or _checksum_key(), path)
        store._db.executescript(SCHEMA)
        store._known = {}
        with store.transaction():
            store.set_text("fingerprint", fingerprint)
        return store

    def reopen(self) -> Store:
        """Another connection to the same cache: a forked worker must not use its parent's."""
        return Store(self._connect(self.path), self._key, self.path)

    def _verify(self, fingerprint: str) -> None:
        if self.get_meta("fingerprint") is None:
            raise CacheUnusable("the cache is incomplete")
        if self.get_text("fingerprint") != fingerprint:
            raise CacheUnusable("the cache was written by another version of showcase")

    def close(self, *, checkpoint: bool = True) -> None:
        """Close the cache; by default moving the write-ahead log into the database first, so that
        the cache is one file to keep, copy or delete (a worker's reading connection does not)."""
        if checkpoint:
            try:
                self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            except sqlite3.Error:
                pass  # another connection still reads: the log stays until the next close
        self._db.close()

    # -- transactions, checksums, sets ---------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Everything inside happens, or nothing does."""
        self._db.execute("BEGIN")
        try:
            yield
            self._write_sums()
        except BaseException:
            self._db.execute("ROLLBACK")
            self._sums.clear()
            raise
        self._db.execute("COMMIT")

    def _mac(self, *parts: object) -> bytes:
        # Each value carries its type: a flipped bit in SQLite's record header can turn a blob into
        # text with the same bytes. A bool is stored, and so read back, as an integer: checked as one.
        data = b"\x1f".join(
            b"b" + part if isinstance(part, bytes) else _typed(int(part) if isinstance(part, bool) else part)
            for part in parts
        )
        return hashlib.blake2b(data, key=self._key, digest_size=MAC_SIZE).digest()

    def _checked(self, mac: bytes, *parts: object) -> None:
        if mac != self._mac(*parts):
            raise CacheUnusable("a record of the cache is damaged or was written elsewhere")

    def _sum(self, name: str) -> tuple[int, int]:
        found = self._sums.get(name)
        if found is not None:
            return found
        if self._known is not None:
            return self._known.get(name, (0, 0))
        row = self._db.execute("SELECT count, xor, mac FROM sums WHERE name = ?", (name,)).fetchone()
        if row is None:
            return 0, 0
        count, xor, mac = row
        self._checked(mac, "sum", name, count, xor)
        return count, int.from_bytes(xor)

    def _add(self, name: str, mac: bytes, sign: int) -> None:
        count, xor = self._sum(name)
        self._sums[name] = (count + sign, xor ^ int.from_bytes(mac))

    def _write_sums(self) -> None:
        if self._known is not None:
            self._known.update(self._sums)
        for name, (count, xor) in self._sums.items():
            if count == 0 and xor == 0:
                self._db.execute("DELETE FROM sums WHERE name = ?", (name,))
            else:
                data = xor.to_bytes(MAC_SIZE)
                self._db.execute(
                    "INSERT OR REPLACE INTO sums VALUES (?, ?, ?, ?)",
                    (name, count, data, self._mac("sum", name, count, data)),
                )
        self._sums.clear()

    def _insert(self, table: Table, row: Sequence[Any]) -> None:
        mac = self._mac(table.name, *row)
        keys = table.keys(row)
        self._db.execute(
            f"INSERT INTO {table.name} VALUES ({', '.join('?' * (len(row) + len(keys) + 1))})",
            (*row, *keys.values(), mac),
        )
        for name, key in keys.items():
            self._add(f"{table.name}/{name}/{key}", mac, +1)

    def _select(self, table: Table, set_name: str, key: str) -> list[tuple[Any, ...]]:
        """The rows of one set, each checked, and checked together against the set's sum."""
        width = len(table.columns)
        rows = self._db.execute(f"SELECT rowid, * FROM {table.name} WHERE s_{set_name} = ?", (key,)).fetchall()
        xor = 0
        found = []
        for row in rows:
            values, mac = row[1 : width + 1], row[-1]
            self._checked(mac, table.name, *values)
            if table.sets[set_name](*values) != key:
                raise CacheUnusable("a record of the cache is filed where it does not belong")
            xor ^= int.from_bytes(mac)
            found.append((row[0], *values))
        if (len(found), xor) != self._sum(f"{table.name}/{set_name}/{key}"):
            raise CacheUnusable("records of the cache are missing or left over")
        return found

    def _rows(self, table: Table, set_name: str, key: str) -> list[tuple[Any, ...]]:
        """The values of the rows of a set (see `_select`)."""
        return [row[1:] for row in self._select(table, set_name, key)]

    def _delete(self, table: Table, set_name: str, key: str, **match: object) -> None:
        """Delete the rows of a set whose columns have the values `match` gives, and take them out
        of their sets' sums. Not checked: a row the damage hid from the set's index is not deleted,
        but stays in the set's sum, so the next read of the set notices it."""
        where = "".join(f" AND {column} = ?" for column in match)
        width = len(table.columns)
        for row in self._db.execute(
            f"DELETE FROM {table.name} WHERE s_{set_name} = ?{where} RETURNING *", (key, *match.values())
        ).fetchall():
            for name, set_key in table.keys(row[:width]).items():
                self._add(f"{table.name}/{name}/{set_key}", row[-1], -1)

    def _count(self, table: Table, set_name: str, key: str) -> int:
        return self._sum(f"{table.name}/{set_name}/{key}")[0]

    def get_meta(self, key: str) -> bytes | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def get_text(self, key: str) -> str:
        """A checked value of the build (fingerprints, the search index's state...); "" when none."""
        value = self.get_meta(key)
        if value is None:
            return ""
        self._checked(value[:MAC_SIZE], "meta", key, value[MAC_SIZE:])
        return value[MAC_SIZE:].decode()

    def set_text(self, key: str, text: str) -> None:
        data = text.encode()
        self._db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, self._mac("meta", key, data) + data))

    # -- content files --------------------------------------------------------------------------

    def file_states(self) -> dict[str, tuple[int, int]]:
        """Path -> (size, mtime) of every content file the last build read. (Not checked, to be
        quick: a wrong state only makes the build read a file again, and what that gives is checked.)"""
        return {path: (size, mtime) for path, size, mtime in self._db.execute("SELECT path, size, mtime FROM files")}

    def file_problems(self) -> Iterator[dict[str, Any]]:
        """Every content file's problems: its own (from validating it) and those found against the others."""
        for row in sorted(self._rows(FILES, "flagged", "1")):
            yield from json.loads(row[7]) + json.loads(row[8])

    def _file(self, path: str) -> tuple[Any, ...] | None:
        return next((row for row in self._rows(FILES, "path", _bucket(path)) if row[0] == path), None)

    def put_file(
        self,
        path: str,
        size: int,
        mtime: int,
        digest: bytes,
        name: tuple[str, str, str],
        problems: list[dict[str, Any]],
    ) -> None:
        """A content file as read: its state, the entry its name gives (empty when none), its own problems."""
        self.delete_file(path)
        self._insert(FILES, (path, size, mtime, digest, *name, json.dumps(problems, separators=(",", ":")), "[]"))

    def put_cross_problems(self, path: str, problems: list[dict[str, Any]]) -> None:
        row = self._file(path)
        if row is None:
            return
        self.delete_file(path)
        self._insert(FILES, (*row[:8], json.dumps(problems, separators=(",", ":"))))

    def delete_file(self, path: str) -> None:
        self._delete(FILES, "path", _bucket(path), path=path)

    def files_of(self, kind: str, id_: str) -> list[tuple[str, str]]:
        """(path, language) of every content file that names an entry, loaded or not, by path."""
        rows = self._rows(FILES, "entry", _bucket(kind, id_))
        return sorted((row[0], row[6]) for row in rows if row[4] == kind and row[5] == id_)

    def file_ids(self, kind: str, lang: str) -> list[str]:
        """The ids that content files of a kind name in a language, loaded or not."""
        return sorted({row[5] for row in self._rows(FILES, "kindlang", _natural(kind, lang))})

    # -- documents and the content index -------------------------------------------------------

    def documents(self, kind: str, id_: str) -> list[tuple[str, str, int, bytes, bytes, str]]:
        """(lang, path, body line, front digest, body digest, entry JSON) of an entry's documents."""
        rows = self._rows(DOCS, "entry", _bucket(kind, id_))
        return sorted(tuple(row[2:8]) for row in rows if row[0] == kind and row[1] == id_)

    def put_document(
        self,
        kind: str,
        id_: str,
        lang: str,
        path: str,
        body_line: int,
        front: bytes,
        body: bytes,
        entry: str,
        slug: str,
    ) -> None:
        self.delete_documents(kind, id_, lang)
        self._insert(DOCS, (kind, id_, lang, path, body_line, front, body, entry, slug))

    def delete_documents(self, kind: str, id_: str, lang: str | None = None) -> None:
        if lang is None:
            self._delete(DOCS, "entry", _bucket(kind, id_), kind=kind, id=id_)
        else:
            self._delete(DOCS, "entry", _bucket(kind, id_), kind=kind, id=id_, lang=lang)

    def document_ids(self, kind: str, lang: str) -> set[str]:
        """The ids of the entries of a kind that have a document (a valid file) in a language."""
        return {row[1] for row in self._rows(DOCS, "kindlang", _natural(kind, lang))}

    def slug_owners(self, kind: str, lang: str, slug: str) -> list[tuple[str, str]]:
        """(path, id) of the documents of a kind and language that take a slug, by path."""
        rows = self._rows(DOCS, "slug", _bucket(kind, lang, slug))
        return sorted((row[3], row[1]) for row in rows if (row[0], row[2], row[8]) == (kind, lang, slug))

    def slugs_of(self, kind: str, id_: str) -> list[tuple[str, str]]:
        """(language, slug) of an entry's documents."""
        rows = self._rows(DOCS, "entry", _bucket(kind, id_))
        return sorted((row[2], row[8]) for row in rows if row[0] == kind and row[1] == id_)

    def put_entry(self, kind: str, id_: str, row: Sequence[object]) -> None:
        """An entry's row in the index: (visible, sort, day, until, state, rank, project, grant); see graph.EntryRow."""
        self.delete_entry(kind, id_)
        self._insert(ENTRIES, (kind, id_, *(int(value) if isinstance(value, bool) else value for value in row)))

    def entry(self, kind: str, id_: str) -> tuple[Any, ...] | None:
        """An entry's row: (kind, id, visible, sort, day, until, state, rank, project, grant)."""
        rows = self._rows(ENTRIES, "one", _bucket(kind, id_))
        return next((row for row in rows if row[0] == kind and row[1] == id_), None)

    def entries(self, kind: str) -> list[tuple[Any, ...]]:
        """The rows of every entry of a kind (see `entry`)."""
        return self._rows(ENTRIES, "kind", _natural(kind))

    def delete_entry(self, kind: str, id_: str) -> None:
        self._delete(ENTRIES, "one", _bucket(kind, id_), kind=kind, id=id_)

    def put_links(self, kind: str, id_: str, links: Iterable[tuple[str, str, int, str]]) -> None:
        self._delete(LINKS, "from", _bucket(kind, id_), kind=kind, id=id_)
        for rel, target, position, extra in links:
            self._insert(LINKS, (kind, id_, rel, target, position, extra))

    def links_of(self, kind: str, id_: str) -> list[tuple[str, str, int, str]]:
        """(relation, target, position, extra) of an entry's links."""
        rows = self._rows(LINKS, "from", _bucket(kind, id_))
        return sorted((row[2], row[3], row[4], row[5]) for row in rows if row[0] == kind and row[1] == id_)

    def linked(self, rel: str, target: str) -> list[tuple[str, str, int, str]]:
        """(kind, id, position, extra) of the entries with a `rel` link to `target`, by kind and id."""
        rows = self._rows(LINKS, "to", _bucket(rel, target))
        return sorted((row[0], row[1], row[4], row[5]) for row in rows if row[2] == rel and row[3] == target)

    def put_filed(self, kind: str, id_: str, terms: Sequence[tuple[str, str]]) -> None:
        self._delete(FILED, "entry", _bucket(kind, id_), kind=kind, id=id_)
        for position, (taxonomy, code) in enumerate(dict.fromkeys(terms)):
            self._insert(FILED, (taxonomy, code, kind, id_, position))

    def filed_of(self, kind: str, id_: str) -> list[tuple[str, str]]:
        """(taxonomy, code) of the terms an entry is filed under, in the order it gave them."""
        rows = sorted(
            (row for row in self._rows(FILED, "entry", _bucket(kind, id_)) if row[2] == kind and row[3] == id_),
            key=lambda row: row[4],
        )
        return [(row[0], row[1]) for row in rows]

    def filed_in(self, taxonomy: str, code: str | None = None) -> list[tuple[str, str, str]]:
        """(code, kind, id) of the entries filed under a taxonomy's terms (or under one of them)."""
        if code is None:
            rows = self._rows(FILED, "taxonomy", _natural(taxonomy))
        else:
            rows = self._rows(FILED, "term", _natural(taxonomy, code))
        return sorted((row[1], row[2], row[3]) for row in rows)

    # -- static files ---------------------------------------------------------------------------

    def static_files(self) -> dict[str, tuple[int, int]]:
        """Path under static/ -> (size, mtime) of every static file the last build copied."""
        return {path: (size, mtime) for path, size, mtime in self._rows(STATIC, "all", "")}

    def set_static(self, changed: dict[str, tuple[int, int]], removed: Iterable[str]) -> None:
        for path in {*changed, *removed}:
            self._delete(STATIC, "all", "", path=path)
        for path, (size, mtime) in changed.items():
            self._insert(STATIC, (path, size, mtime))

    # -- inputs and products ----------------------------------------------------------------

    def input(self, name: str) -> tuple[int, bytes, array[int]] | None:
        """(number, fingerprint, readers) of an input, or None when no product read it."""
        for number, name_, fingerprint, readers in self._rows(INPUTS, "name", _bucket(name)):
            if name_ == name:
                return number, fingerprint, unpack(readers)
        return None

    def input_names(self, prefix: str) -> list[str]:
        """The names of the inputs of one kind (``status``...) that start with `prefix`
        (``status:`` or ``latest:news:``); every input's name for ""."""
        kind = prefix.partition(":")[0]
        kinds = [kind] if kind else self._set_keys(INPUTS, "kind")
        return sorted(
            name for kind in kinds for _, name, _, _ in self._rows(INPUTS, "kind", kind) if name.startswith(prefix)
        )

    def _set_keys(self, table: Table, set_name: str) -> list[str]:
        """The keys of the sets of one kind that have rows (from the sums, which are checked)."""
        prefix = f"{table.name}/{set_name}/"
        names = {
            name
            for (name,) in self._db.execute(
                "SELECT name FROM sums WHERE name >= ? AND name < ?", (prefix, prefix + "\U0010ffff")
            )
        }
        names |= {name for name in self._sums if name.startswith(prefix)}
        return sorted(name.removeprefix(prefix) for name in names if self._sum(name)[0])

    def _next_number(self, key: str) -> int:
        number = int(self.get_text(key) or "1")
        self.set_text(key, str(number + 1))
        return number

    def input_numbers(self, names: Iterable[str]) -> dict[str, int]:
        """The numbers of inputs, created (without fingerprint or readers) for new names."""
        numbers = {}
        for name in names:
            found = self.input(name)
            if found is None:
                number = self._next_number("next-input")
                self._insert(INPUTS, (number, name, b"", b""))
                numbers[name] = number
            else:
                numbers[name] = found[0]
        return numbers

    def input_by_number(self, number: int) -> tuple[str, bytes, array[int]]:
        for number_, name, fingerprint, readers in self._rows(INPUTS, "number", str(number % BUCKETS)):
            if number_ == number:
                return name, fingerprint, unpack(readers)
        raise CacheUnusable("a product reads an input the cache does not have")

    def put_input(self, name: str, fingerprint: bytes, readers: Iterable[int], number: int | None = None) -> None:
        """Store an input; `number` when the caller knows it (it saves a lookup), else found or made."""
        if number is None:
            found = self.input(name)
            number = found[0] if found else self._next_number("next-input")
        self._delete(INPUTS, "name", _bucket(name), name=name)
        self._insert(INPUTS, (number, name, fingerprint, pack(sorted(set(readers)))))

    def product(self, name: str) -> StoredProduct | None:
        return next((p for p in map(_product, self._rows(PRODUCTS, "name", _bucket(name))) if p.name == name), None)

    def product_by_number(self, number: int) -> StoredProduct:
        for product in map(_product, self._rows(PRODUCTS, "number", str(number % BUCKETS))):
            if product.number == number:
                return product
        raise CacheUnusable("an input names a product the cache does not have")

    def family_products(self, family: str) -> list[StoredProduct]:
        """The products a family made in the last build."""
        return [p for p in map(_product, self._rows(PRODUCTS, "family", _bucket(family))) if p.family == family]

    def has_products(self) -> bool:
        return bool(self._count(PRODUCTS, "page", "1") or self._count(PRODUCTS, "page", "0"))

    def page_products(self) -> list[StoredProduct]:
        """Every page of the last build."""
        return [_product(row) for row in self._rows(PRODUCTS, "page", "1")]

    def count_pages(self) -> int:
        return self._count(PRODUCTS, "page", "1")

    def put_product(self, name: str, family: str, node: str, reads: Iterable[int], files: list[str]) -> int:
        """Record a product; returns its number (a product made again keeps its number)."""
        found = self.product(name)
        number = found.number if found else self._next_number("next-product")
        if found:
            self.delete_product(number)
        self._insert(PRODUCTS, (number, name, family, node, pack(sorted(set(reads))), json.dumps(files)))
        return number

    def delete_product(self, number: int) -> None:
        self._delete(PRODUCTS, "number", str(number % BUCKETS), number=number)

    # -- pieces of site-wide files -----------------------------------------------------------

    def put_piece(self, file: str, name: str, sort: str, data: bytes) -> None:
        self.delete_piece(file, name)
        self._insert(PIECES, (file, name, sort, data))

    def delete_piece(self, file: str, name: str) -> None:
        self._delete(PIECES, "name", _bucket(name), file=file, name=name)

    def pieces(self, file: str) -> list[bytes]:
        """The pieces of one site-wide file, in their order."""
        return [
            data
            for _, _, data in sorted(
                (sort, name, data) for _, name, sort, data in self._rows(PIECES, "file", _natural(file))
            )
        ]

    # -- the output folder ---------------------------------------------------------------------

    def output_digest(self, path: str) -> str | None:
        """The digest of a file the last build left in the output (None for none)."""
        row = self._db.execute("SELECT digest, mac FROM outputs WHERE path = ?", (path,)).fetchone()
        if row is None:
            return None
        self._checked(row[1], "output", path, row[0])
        return row[0]

    def outputs_under(self, folder: str) -> list[tuple[str, str]]:
        """(path, digest) of each file the last build left under `folder` (which ends in "/")."""
        # "0" is the character after "/": the range holds exactly the paths that start with `folder`.
        rows = self._db.execute(
            "SELECT path, digest, mac FROM outputs WHERE path >= ? AND path < ?", (folder, folder[:-1] + "0")
        ).fetchall()
        for path, file_digest, mac in rows:
            self._checked(mac, "output", path, file_digest)
        return [(path, file_digest) for path, file_digest, _ in rows]

    def set_outputs(self, out: Path, written: dict[str, str], removed: Iterable[str]) -> None:
        """Record the files a build published in `out`, with their sizes and mtimes as they are now."""
        rows = []
        for path, digest in written.items():
            try:
                stat = os.stat(os.path.join(out, path))
                size, mtime = stat.st_size, stat.st_mtime_ns
            except FileNotFoundError:  # deleted while the build ran: the next build makes it again
                size = mtime = -1
            rows.append((path, digest, size, mtime, self._mac("output", path, digest)))
        self._db.executemany("INSERT OR REPLACE INTO outputs VALUES (?, ?, ?, ?, ?)", rows)
        self._db.executemany("DELETE FROM outputs WHERE path = ?", [(path,) for path in removed])

    def outputs_differ(self, out: Path) -> set[str]:
        """The files the last build published in `out` that are missing or have another size or
        mtime than it left them with (a stat per file, a few microseconds each)."""
        differ = set()
        for path, size, mtime in self._db.execute("SELECT path, size, mtime FROM outputs"):
            try:
                stat = os.stat(os.path.join(out, path))
            except OSError:
                differ.add(path)
                continue
            if stat.st_size != size or stat.st_mtime_ns != mtime:
                differ.add(path)
        return differ


def _product(row: Sequence[Any]) -> StoredProduct:
    number, name, family, node, reads, files = row
    return StoredProduct(number, name, family, node, unpack(reads), json.loads(files))
