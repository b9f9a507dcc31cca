"""A build among other processes: one build per output folder at a time, signals, forked workers.

- `build_lock`: a second build of the same output folder waits for the first (or gives up
  after a while, naming the one it waited for) instead of sharing its cache and staging folder.
  The lock is an `fcntl.flock` on a file in the site's cache folder: the kernel releases it
  when its holder ends, however it ends, so a killed build never leaves a stale lock.
- `interruptible`: SIGTERM and SIGINT become `Interrupted`, which unwinds the build like any
  failure (staged files dropped, the cache's transaction rolled back).
- `orphan_proof`: a forked worker ends when its parent does, instead of waiting on a pipe
  nobody reads.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType

try:
    import fcntl
except ImportError:  # Windows: builds are not locked against each other there
    fcntl = None  # type: ignore[assignment]

POLL = 0.1
"""Seconds between two tries of a lock held by another build."""
PR_SET_PDEATHSIG = 1
"""prctl(2): the signal a process receives when its parent ends (Linux)."""


class BuildBusy(Exception):
    """Another build of the same output folder holds the lock, and waiting for it is over."""


class Interrupted(BaseException):
    """SIGINT or SIGTERM arrived: the build stops and cleans up. A BaseException, like
    KeyboardInterrupt, so that no `except Exception` on the way swallows it."""

    def __init__(self, signum: int):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        """128 + the signal, as shells report a process a signal ended: 130 for SIGINT, 143 for SIGTERM."""
        return 128 + self.signum


@contextmanager
def build_lock(path: Path, wait: float, waiting: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the lock file `path` while the body runs; wait up to `wait` seconds for its holder.

    `waiting` hears once, with the holder named, that this build waits. Raises BuildBusy when
    the holder still holds it after `wait` seconds (at once for 0)."""
    if fcntl is None:
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a+", encoding="utf-8") as lock:
        deadline = time.monotonic() + wait
        told = False
        while True:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                holder = _holder(path)
                if time.monotonic() >= deadline:
                    raise BuildBusy(
                        f"another build of the same output folder is running ({holder}); "
                        f"gave up after waiting {wait:g} s"
                    ) from None
                if waiting is not None and not told:
                    waiting(f"another build of the same output folder is running ({holder}); waiting for it")
                    told = True
                time.sleep(POLL)
        lock.seek(0)
        lock.truncate()
        started = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
        lock.write(f"process {os.getpid()}, started {started}\n")
        lock.flush()
        try:
            yield
        finally:
            lock.seek(0)
            lock.truncate()
            fcntl.flock(lock, fcntl.LOCK_UN)


def _holder(path: Path) -> str:
    """Who holds the lock, as the holder wrote it into the file."""
    return path.read_text(encoding="utf-8").strip() or "a process that has not yet said which"


@contextmanager
def interruptible() -> Iterator[None]:
    """Turn SIGINT and SIGTERM into `Interrupted` while the body runs (main thread only).

    After the first, both are ignored until the body has unwound, so that a second Ctrl-C does
    not cut the clean-up short; SIGKILL still ends the process at once."""
    signals = (signal.SIGINT, signal.SIGTERM)

    def stop(signum: int, _frame: FrameType | None) -> None:
        for each in signals:
            signal.signal(each, signal.SIG_IGN)
        raise Interrupted(signum)

    previous = {each: signal.signal(each, stop) for each in signals}
    try:
        yield
    finally:
        for each, handler in previous.items():
            signal.signal(each, handler)


def orphan_proof(parent: int) -> None:
    """In a forked worker: end when `parent` ends, and leave signals to their default.

    The kernel sends SIGKILL on the parent's death (prctl PR_SET_PDEATHSIG, Linux); a parent
    that died before the request was made is caught by comparing the parent's id. Elsewhere
    a worker still ends when its pipe to the parent breaks."""
    for each in (signal.SIGINT, signal.SIGTERM):
        signal.signal(each, signal.SIG_DFL)  # not the parent's handlers: the parent cleans up
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:
        os._exit(1)
