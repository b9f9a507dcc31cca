"""Writing the output folder: the one place that writes the built site.

A build stages the files whose bytes changed in a folder beside the output, and touches the
output only once the whole build has succeeded: it then moves the staged files into place
and removes the files the build no longer makes. A failed or interrupted build leaves the
previous site whole, and unchanged files keep their bytes and mtimes, so deploy tools upload
only what changed. Staging only the changes (not a copy of the whole site) is what keeps a
one-page rebuild of a catalogue of 300,000 files quick.

Publishing takes milliseconds for an edit; if it is interrupted all the same, the build's
clean-up finishes it rather than leave a mix of two builds. A process killed half way leaves
such a mix, each file whole (moved with one rename), until the next build: the cache records
each published file's size and mtime, and a build that finds them changed builds from nothing
(docs/outputs.md, "What a build promises").
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from typing import Protocol

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
        raise OutputRefused(
            f"the output folder {out} contains the site itself; choose a folder like {site_root / 'output'}"
        )
    if out.is_symlink():
        raise OutputRefused(f"the output folder {out} is a symbolic link; give the real folder instead")
    if out.exists() and not out.is_dir():
        raise OutputRefused(f"{out} is a file, not a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise OutputRefused(
            f"{out} holds files that showcase did not build; choose an empty or new folder "
            f"(we never delete what we did not write)"
        )


class PreviousOutput(Protocol):
    """What the last build left in the output folder, as the cache remembers it."""

    def output_digest(self, path: str) -> str | None:
        """The digest of the file the last build wrote at `path`, or None."""

    def outputs_under(self, folder: str) -> Iterable[tuple[str, str]]:
        """(path, digest) of each file the last build wrote under `folder`."""


class OutputWriter:
    """Collects a build's new and changed files in a staging folder, then publishes them at once."""

    def __init__(self, out: Path, previous: PreviousOutput | None = None):
        self.out = out
        self.staging = out.parent / f".{out.name}.building"
        self.previous = previous
        self.written: dict[str, str] = {}
        """Output path -> digest of every file this build makes, changed or not."""
        self.changed: set[str] = set()
        """The files staged: new, or with other bytes than the output has."""
        self._folders: set[Path] = set()
        """Folders known to exist in staging: saves a mkdir per file."""
        self._publishing: tuple[list[str], list[str]] | None = None
        """(files to remove, staged files to move) once publishing has begun."""

    def begin(self) -> None:
        if self.staging.exists():
            shutil.rmtree(self.staging)  # left by an interrupted build
        self.staging.mkdir(parents=True)

    def _path(self, root: Path, rel: str) -> Path:
        path = PurePosixPath(rel)
        if path.is_absolute() or ".." in path.parts or not path.parts:
            raise ValueError(f"refusing to write outside the output folder: {rel}")
        return root.joinpath(*path.parts)

    def _stage(self, rel: str) -> Path:
        target = self._path(self.staging, rel)
        if target.parent not in self._folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._folders.add(target.parent)
        self.changed.add(rel)
        return target

    def write(self, rel: str, data: bytes) -> bool:
        """Stage one file; True if its bytes differ from the output's."""
        new = digest(data)
        self.written[rel] = new
        published = self._path(self.out, rel)
        old = None
        if published.is_file():
            # The cache's digest of what the last build wrote; without one, the file's own.
            old = self._known(rel) or digest(published.read_bytes())
        if old == new:
            return False
        self._stage(rel).write_bytes(data)
        return True

    def record(self, rel: str, file_digest: str, changed: bool) -> None:
        """Take note of a file another process staged (a rendering worker)."""
        self.written[rel] = file_digest
        if changed:
            self.changed.add(rel)

    def has(self, rel: str) -> bool:
        """True when the output holds this file from the previous build, as the cache knows it."""
        return self._known(rel) is not None and os.path.isfile(os.path.join(self.out, rel))

    def _known(self, rel: str) -> str | None:
        return self.previous.output_digest(rel) if self.previous else None

    def keep_folder(self, folder: str) -> None:
        """Keep a folder of the previous output as it is (e.g. a search index nothing changed)."""
        if self.previous:
            self.written.update(self.previous.outputs_under(folder.rstrip("/") + "/"))

    def read(self, rel: str) -> bytes:
        """A file as this build leaves it: staged if it changed, else the output's."""
        return self._path(self.staging if rel in self.changed else self.out, rel).read_bytes()

    def copy(self, rel: str, source: Path) -> bool:
        """Stage a static file, unless the output has it with the same size and mtime."""
        stat = source.stat()
        self.written[rel] = f"file:{stat.st_size}:{stat.st_mtime_ns}"
        published = self._path(self.out, rel)
        if published.is_file():
            existing = published.stat()
            if existing.st_size == stat.st_size and existing.st_mtime_ns == stat.st_mtime_ns:
                return False
        shutil.copy2(source, self._stage(rel))
        return True

    def publish(self, removed: Iterable[str] = ()) -> None:
        """Move the staged files into the output and remove the files the build no longer makes."""
        self.write(MARKER, b"Built by Partnership Showcase. This folder is updated on every build.\n")
        if not self.out.exists():
            os.rename(self.staging, self.out)  # a first build: everything is new
            return
        self._publishing = (sorted(removed), sorted(self.changed))
        self._finish_publishing()

    def _finish_publishing(self) -> None:
        """Remove, then move; each step can be done again, so a second run completes a cut-off one."""
        assert self._publishing is not None
        removals, moves = self._publishing
        # Removals first: a folder that gave way to a file of the same name is gone before the file arrives.
        for rel in removals:
            path = self._path(self.out, rel)
            if path.is_file() or path.is_symlink():
                path.unlink()
                for parent in path.parents:
                    if parent == self.out or any(parent.iterdir()):
                        break
                    parent.rmdir()
        for rel in moves:
            staged, target = self._path(self.staging, rel), self._path(self.out, rel)
            if staged.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(staged, target)
        shutil.rmtree(self.staging, ignore_errors=True)

    def abort(self) -> None:
        """Drop what was staged; a publish already under way is finished instead (it is the newer site)."""
        if self._publishing is not None:
            self._finish_publishing()
        else:
            shutil.rmtree(self.staging, ignore_errors=True)
