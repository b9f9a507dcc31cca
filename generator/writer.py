"""Writing the output folder: the one place that writes the built site.

A build writes into a staging folder beside the output, then swaps the two, so a failed
or interrupted build leaves the previous site whole. The staging folder starts as a
hard-linked copy of the previous output; a file is replaced (breaking the link, never
writing through it) only when its bytes changed, so unchanged files keep their bytes
and mtimes and deploy tools upload only what changed.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path, PurePosixPath

MARKER = ".showcase"
"""A small file in every output folder we built: we only ever replace such a folder."""


class OutputRefused(Exception):
    """The output folder holds something we did not build: we will not overwrite it."""


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def check_output_folder(out: Path, site_root: Path) -> None:
    """Refuse an output folder whose replacement would lose the user's own files."""
    out_real, site_real = out.resolve(), site_root.resolve()
    if out_real == site_real or site_real.is_relative_to(out_real):
        raise OutputRefused(f"the output folder {out} contains the site itself; choose a folder like {site_root / 'output'}")
    if out.is_symlink():
        raise OutputRefused(f"the output folder {out} is a symbolic link; give the real folder instead")
    if out.exists() and not out.is_dir():
        raise OutputRefused(f"{out} is a file, not a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise OutputRefused(f"{out} holds files that showcase did not build; choose an empty or new folder "
                            f"(we never delete what we did not write)")


class OutputWriter:
    """Collects a build's files in a staging folder, then publishes them at once."""

    def __init__(self, out: Path, known: dict[str, str] | None = None):
        self.out = out
        self.staging = out.parent / f".{out.name}.building"
        self.known = dict(known or {})
        """Output path -> digest of what the previous build wrote (from the cache)."""
        self.written: dict[str, str] = {}
        self.changed: set[str] = set()
        self._folders: set[Path] = set()
        """Folders known to exist in staging: saves a mkdir per file."""

    def begin(self) -> None:
        if self.staging.exists():
            shutil.rmtree(self.staging)  # left by an interrupted build
        previous = self.out.parent / f".{self.out.name}.previous"
        if previous.is_dir() and not self.out.exists():
            os.rename(previous, self.out)  # interrupted between the two renames of `publish`
        self.out.parent.mkdir(parents=True, exist_ok=True)
        if self.out.is_dir():
            shutil.copytree(self.out, self.staging, copy_function=os.link, symlinks=True)
        else:
            self.staging.mkdir()
            self.known = {}

    def _target(self, rel: str) -> Path:
        path = PurePosixPath(rel)
        if path.is_absolute() or ".." in path.parts or not path.parts:
            raise ValueError(f"refusing to write outside the output folder: {rel}")
        return self.staging.joinpath(*path.parts)

    def write(self, rel: str, data: bytes) -> bool:
        """Stage one file; True if its bytes differ from the previous build's."""
        new = digest(data)
        self.written[rel] = new
        target = self._target(rel)
        old = self.known.get(rel)
        exists = target.is_file()
        if old is None and exists:
            old = digest(target.read_bytes())
        if old == new and exists:
            return False
        if target.parent not in self._folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._folders.add(target.parent)
        if exists:
            temporary = target.with_name(target.name + ".tmp")
            temporary.write_bytes(data)
            os.replace(temporary, target)  # a new inode: the previous output's hard-linked file is untouched
        else:
            target.write_bytes(data)
        self.changed.add(rel)
        return True

    def record(self, rel: str, file_digest: str, changed: bool) -> None:
        """Take note of a file another process staged (a rendering worker)."""
        self.written[rel] = file_digest
        if changed:
            self.changed.add(rel)

    def has(self, rel: str) -> bool:
        """True when the staged output holds this file from the previous build, as the cache knows it."""
        return rel in self.known and self._target(rel).is_file()

    def read(self, rel: str) -> bytes:
        return self._target(rel).read_bytes()

    def keep(self, folder: str) -> None:
        """Keep a folder of the previous output as it is (e.g. a search index nothing changed)."""
        prefix = folder.rstrip("/") + "/"
        self.written.update((rel, d) for rel, d in self.known.items() if rel.startswith(prefix))

    def copy(self, rel: str, source: Path) -> bool:
        """Stage a static file, skipping it when size and mtime say it is the same."""
        target = self._target(rel)
        stat = source.stat()
        self.written[rel] = f"file:{stat.st_size}:{stat.st_mtime_ns}"
        if target.is_file():
            existing = target.stat()
            if existing.st_size == stat.st_size and existing.st_mtime_ns == stat.st_mtime_ns:
                return False
            target.unlink()
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
        self.changed.add(rel)
        return True

    def publish(self) -> list[str]:
        """Remove files the build no longer produces, then swap staging and output.

        Returns the removed paths.
        """
        self.write(MARKER, b"Built by Partnership Showcase. This folder is replaced on every build.\n")
        removed = []
        if self.known and (self.staging / MARKER).is_file():
            stale = sorted(set(self.known) - set(self.written))  # the cache lists what the previous build wrote
        else:
            stale = sorted(p.relative_to(self.staging).as_posix() for p in self.staging.rglob("*")
                           if not p.is_dir() and p.relative_to(self.staging).as_posix() not in self.written)
        for rel in stale:
            path = self._target(rel)
            if path.is_file() or path.is_symlink():
                path.unlink()
                removed.append(rel)
                for parent in path.parents:
                    if parent == self.staging or any(parent.iterdir()):
                        break
                    parent.rmdir()
        previous = self.out.parent / f".{self.out.name}.previous"
        if previous.exists():
            shutil.rmtree(previous)
        if self.out.exists():
            os.rename(self.out, previous)
        os.rename(self.staging, self.out)
        shutil.rmtree(previous, ignore_errors=True)
        return removed

    def abort(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)
