"""Merging imported entries into a site's content files without losing editors' work.

An importer offers, for each entry, the front-matter fields that come from its source: the
fields it *owns*. A three-way merge decides each owned field: the previous import's value
(the base), the file's value (the editor's) and the new import's value. While the file
still holds the base, the field follows the import; once an editor changed it, the
editor's value stays. Fields the import does not own and the Markdown body are never
touched. Without a base (a file the import did not create, or a lost ledger) a value
already in the file wins and only missing fields are filled.

The bases live in the site's import ledger, ``.showcase-import.json``, as one short
fingerprint per owned field, so content files carry no bookkeeping and the content model
needs no extra field. Keep the ledger with the site (commit it): without it the next
import treats every owned value as an editor's.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import Report

LEDGER_FILE = ".showcase-import.json"
LEDGER_FORMAT = 1


def fingerprint(value: Any) -> str:
    """A short, stable hash of a front-matter value, as the ledger stores it."""
    canonical = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.blake2b(canonical.encode(), digest_size=6).hexdigest()


@dataclass
class LedgerRecord:
    """What the previous import of one entry offered."""

    file: str
    """The content file, relative to the site folder."""
    fields: dict[str, str] = field(default_factory=dict)
    """Owned field -> fingerprint of the value the import offered (None when it had none)."""


class Ledger:
    """The site's record of what each importer last offered, by importer, kind and source key."""

    def __init__(self, path: Path, data: dict[str, Any], importer: str):
        self.path = path
        self._data = data
        self.importer = importer
        section = data.setdefault(importer, {})
        self.records: dict[str, dict[str, LedgerRecord]] = {
            kind: {
                key: LedgerRecord(entry["file"], dict(entry.get("fields", {})))
                for key, entry in section.get(kind, {}).items()
            }
            for kind in ("projects", "organisations")
        }

    @classmethod
    def load(cls, site: Path, importer: str, report: Report) -> Ledger:
        path = site / LEDGER_FILE
        data: dict[str, Any] = {"format": LEDGER_FORMAT}
        if path.is_file():
            try:
                loaded = json.loads(path.read_text(encoding="utf-8"))
                if not isinstance(loaded, dict) or loaded.get("format") != LEDGER_FORMAT:
                    raise ValueError(f"expected format {LEDGER_FORMAT}")
                for kind, entries in loaded.get(importer, {}).items():
                    for entry in entries.values():
                        if not isinstance(entry.get("file"), str):
                            raise ValueError(f"an entry of {kind} names no file")
                data = loaded
            except (OSError, ValueError, AttributeError) as exc:
                report.warning(
                    LEDGER_FILE,
                    f"the import ledger cannot be used ({exc}); this import keeps "
                    "every value already in the files, as if an editor had set it",
                    hint=f"restore {LEDGER_FILE} from version control to let exported fields follow the export again",
                )
        return cls(path, data, importer)

    def save(self) -> None:
        self._data[self.importer] = {
            kind: {key: {"file": record.file, "fields": record.fields} for key, record in records.items()}
            for kind, records in self.records.items()
        }
        # Encoded piece by piece: the ledger of a large catalogue is tens of MB as one string.
        encoder = json.JSONEncoder(ensure_ascii=False, indent=1, sort_keys=True)
        write_atomically(self.path, itertools.chain(encoder.iterencode(self._data), ["\n"]))


@dataclass
class Merge:
    """The outcome of merging one imported entry into its file."""

    front_matter: dict[str, Any]
    bases: dict[str, str]
    """The ledger's new fingerprints for the owned fields."""
    kept: dict[str, Any]
    """Owned fields kept with an editor's value although the import now offers another: field -> offered value."""
    changed: bool


def merge_owned(
    current: dict[str, Any] | None, offered: dict[str, Any], owned: tuple[str, ...], bases: dict[str, str] | None
) -> Merge:
    """Merge the `offered` values of the `owned` fields into a file's front matter.

    `current` is the file's front matter (None for a new file), `bases` the ledger's
    fingerprints from the previous import (None when there is no record). A value of None
    in `offered` means the source has no value: the field is removed unless edited.
    """
    new_bases = {name: fingerprint(offered.get(name)) for name in owned}
    if current is None:
        front_matter = {name: offered[name] for name in owned if offered.get(name) is not None}
        return Merge(front_matter, new_bases, {}, True)
    merged = dict(current)
    kept: dict[str, Any] = {}
    for name in owned:
        new, present = offered.get(name), current.get(name)
        base = (bases or {}).get(name)
        edited = fingerprint(present) != base if base is not None else present is not None
        if edited:
            if present != new and (base is None or fingerprint(new) != base):
                kept[name] = new  # the source changed too: the editor should know
            continue
        if new is None:
            merged.pop(name, None)
        else:
            merged[name] = new
    return Merge(merged, new_bases, kept, merged != current)


class _FrontMatterDumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """Writes multi-line text as literal blocks, so summaries stay readable in an editor."""


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style="|" if "\n" in text else None)


_FrontMatterDumper.add_representer(str, _represent_text)


def write_atomically(path: Path, text: Iterable[str]) -> None:
    """Replace `path` with `text` (a string or its pieces) in one step: readers see the old
    file or the new one, never half of it.

    The temporary name starts with a dot, which `sources` ignores if a crash leaves it behind.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.importing")
    with temporary.open("w", encoding="utf-8", newline="\n") as file:
        if isinstance(text, str):
            file.write(text)
        else:
            file.writelines(text)
    os.replace(temporary, path)


def write_entry(path: Path, front_matter: dict[str, Any], body: str) -> None:
    """Write a content file: YAML front matter between '---' fences, then the Markdown body."""
    fields = yaml.dump(front_matter, Dumper=_FrontMatterDumper, allow_unicode=True, sort_keys=False, width=100)
    write_atomically(path, f"---\n{fields}---\n{body}")
