# The content store keeps one immutable snapshot of everything under content/
# (figures, guides, search index, rendered-page cache) per worker process.
#
# Editors change files while the site runs, so each worker looks at the files'
# modification times at most once per CONTENT_CHECK_INTERVAL and loads a new
# snapshot when they changed, handing the loader the last snapshot so it can keep
# what did not change. While one request reloads, the others go on with the last
# snapshot rather than wait. A snapshot that fails to load is logged with its
# file and line and the last good one stays live: readers never see a 500
# because of a typo. Because rendered pages hang off the snapshot, replacing the
# snapshot is also what empties the page cache.
import logging
import os
import re
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Generic, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")


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
        strict: a broken start is an error (a server must not come up blank); otherwise (a
        `flask` command, which may be the one that finds or fixes the mistake) it is logged and
        every later current() raises it until the files are fixed."""
        self.root = Path(root)
        self.load = load
        self.interval = interval
        self._lock = threading.Lock()
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
        self._checked_at = time.monotonic()

    def current(self) -> T:
        """Return the snapshot, reloading first if the files changed."""
        if time.monotonic() - self._checked_at >= self.interval:
            self._refresh()
        if self._snapshot is None:
            raise self._error or ContentError(self.root, "konten belum termuat")
        return self._snapshot

    def _refresh(self):
        if not self._lock.acquire(blocking=False):  # another thread is looking or reloading
            return
        try:
            self._checked_at = time.monotonic()
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

