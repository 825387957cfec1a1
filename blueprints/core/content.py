# The content store keeps one immutable snapshot of everything under content/
# (figures, guides, search index, rendered-page cache) per worker process.
#
# Editors change files while the site runs. A served worker hears of a change from
# the kernel (inotify, through watchdog) and reloads on a thread of its own once the
# files have been quiet for a moment, so no request ever looks at the files or waits
# for a reload: at 1,000 guides one look (a stat of every file) costs 3 to 20 ms,
# and a reload more. Where the kernel cannot tell (no inotify), watchdog looks every
# CONTENT_CHECK_INTERVAL instead; with an interval of 0 (the tests) each request
# looks itself. Either way the loader gets the last snapshot, so it can keep what did
# not change. A snapshot that fails to load is logged with its file and line and the
# last good one stays live: readers never see a 500 because of a typo. Because
# rendered pages hang off the snapshot, replacing the snapshot is also what empties
# the page cache.
import logging
import os
import re
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Generic, TypeVar

from watchdog.events import (
    FileAttribEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver
from watchdog.observers.polling import PollingObserver

log = logging.getLogger(__name__)

T = TypeVar("T")

# What counts as a change: a file written, made, removed, moved or touched. Not opening or
# reading one, which the reload itself does.
CHANGES = [FileCreatedEvent, FileDeletedEvent, FileModifiedEvent, FileMovedEvent, FileClosedEvent, FileAttribEvent]
QUIET = 0.05  # seconds without another change before reloading: an editor's save is several writes
MISSED = 60.0  # seconds between looks that catch what no event told (a folder swapped for another)
_starting = threading.Lock()  # one watcher per store and process


class ContentError(Exception):
    """A mistake in a content file, located by file and line for the editor."""

    def __init__(self, path, message, line=None):
        self.path = Path(path)
        self.line = line
        self.message = message
        super().__init__(self.location + ": " + message)

    @property
    def location(self):
        return f"{self.path}:{self.line}" if self.line else str(self.path)


def located(error: ContentError) -> ContentError:
    """Give an error without a line the line of the first key it names ('group.key' or 'key')."""
    if error.line is not None:
        return error
    match = re.search(r"'([a-z0-9_]+(?:\.[a-z0-9_]+)?)'", error.message)
    if match:
        key = match.group(1).rsplit(".", 1)[-1]
        try:
            lines = error.path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            return error
        for number, line in enumerate(lines, start=1):
            if re.match(rf"\s*{re.escape(key)}\s*:", line):
                return ContentError(error.path, error.message, number)
    return error


def signature(root: Path) -> tuple:
    """Name, size and modification time of every file below root, sorted."""
    entries = []
    for folder, _dirs, files in os.walk(root):
        for name in files:
            try:
                stat = os.stat(os.path.join(folder, name))
            except FileNotFoundError:  # removed while we looked
                continue
            entries.append((folder, name, stat.st_size, stat.st_mtime_ns))
    return tuple(sorted(entries))


class ContentStore(Generic[T]):
    """Serve the current snapshot of a folder, reloading it when files change."""

    def __init__(self, root: Path, load: Callable[[Path, T | None], T], interval: float = 1.0, strict: bool = True):
        """load(root, previous) makes a snapshot; previous is the last good one (None at first).
        interval: 0 to look at the files on every current(); else the process that first asks
        for the snapshot starts watching them, and where the kernel cannot report changes looks
        every interval seconds. strict: a broken start is an error (a server must not come up
        blank); otherwise (a `flask` command, which may be the one that finds or fixes the
        mistake) it is logged and every later current() raises it until the files are fixed."""
        self.root = Path(root)
        self.load = load
        self.interval = interval
        self._lock = threading.Lock()
        self._changed = threading.Event()
        self._watched_by: int | None = None  # the process whose threads watch the files
        self._observer: BaseObserver | None = None
        self._closed = False
        self._signature = signature(self.root)
        self._snapshot: T | None = None
        self._error: Exception | None = None
        try:
            self._snapshot = load(self.root, None)
        except (ContentError, OSError) as error:
            if strict:
                raise
            log.error("content not loaded: %s", error)
            self._error = error

    def current(self) -> T:
        """Return the snapshot (looking at the files first when the interval is 0)."""
        if not self.interval:
            self._refresh()
        elif self._watched_by != os.getpid():  # the first request of this process (a forked worker)
            self._watch()
        if self._snapshot is None:
            raise self._error or ContentError(self.root, "konten belum termuat")
        return self._snapshot

    def _watch(self):
        """Start this process's watcher. Threads do not survive a fork, so each worker starts its own,
        with a lock of its own too: a parent's reload thread could have held the one copied."""
        with _starting:
            if self._watched_by == os.getpid():
                return
            self._watched_by, self._lock, self._changed = os.getpid(), threading.Lock(), threading.Event()
            handler = FileSystemEventHandler()
            handler.on_any_event = lambda event: self._changed.set()  # type: ignore[method-assign]
            try:
                self._observer = self._observing(Observer(), handler)
            except OSError as error:  # no inotify here, or none left: look every interval instead
                log.warning("content: the kernel cannot report changes (%s); looking every %s s", error, self.interval)
                self._observer = self._observing(PollingObserver(timeout=self.interval), handler)
            self._changed.set()  # a first look: the files may have changed since the snapshot was loaded
            threading.Thread(target=self._reload_when_quiet, args=(self._changed,), name="content-reload",
                             daemon=True).start()

    def _observing(self, observer: BaseObserver, handler: FileSystemEventHandler) -> BaseObserver:
        observer.schedule(handler, str(self.root), recursive=True, event_filter=CHANGES)
        observer.start()
        return observer

    def _reload_when_quiet(self, changed: threading.Event):
        while not self._closed:
            changed.wait(MISSED)
            while changed.is_set() and not self._closed:  # until the files have been quiet for a moment
                changed.clear()
                changed.wait(QUIET)
            if not self._closed:
                self._refresh()

    def close(self):
        """Stop watching (a test's store; a server's lives as long as its process)."""
        self._closed = True
        self._changed.set()
        if self._observer is not None:
            self._observer.stop()
            self._observer.join(5)

    def _refresh(self):
        if not self._lock.acquire(blocking=False):  # another thread is looking or reloading
            return
        try:
            new_signature = signature(self.root)
            if new_signature == self._signature:
                return
            self._signature = new_signature
            started = time.monotonic()
            try:
                self._snapshot, self._error = self.load(self.root, self._snapshot), None
                log.info("content reloaded from %s in %.0f ms", self.root, 1000 * (time.monotonic() - started))
            except (ContentError, OSError) as error:
                self._error = error
                log.error("content not reloaded, keeping the last good version: %s", error)
        finally:
            self._lock.release()
