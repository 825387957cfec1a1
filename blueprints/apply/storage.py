# Uploaded photos live outside static/, in UPLOAD_DIR (shared storage when the
# site runs on several machines), under random names that say nothing about the
# person, and sealed with the same keys as the answers (core/vault.py), so a
# copied disk or backup shows no faces and no ID cards. Only their owner's
# session can fetch them, through the apply views.
import os
import re
import secrets
import time
from collections.abc import Iterator
from pathlib import Path

from flask import current_app

from blueprints.core.vault import vault

NAME = re.compile(r"^[A-Za-z0-9_-]{32}$")
SUFFIXES = (".jpg", "-kecil.jpg")  # the photo and its thumbnail


def _folder() -> Path:
    folder = Path(current_app.config["UPLOAD_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _write(path: Path, data: bytes):
    """Write sealed bytes whole or not at all (a crash never leaves half a file)."""
    partial = path.with_name(path.name + ".tmp")
    partial.write_bytes(vault().seal(data))
    os.replace(partial, path)


def save(photo_bytes: bytes, thumbnail: bytes) -> str:
    """Store a photo and its thumbnail; return the random name that finds them."""
    name = secrets.token_urlsafe(24)
    _write(_folder() / f"{name}{SUFFIXES[0]}", photo_bytes)
    _write(_folder() / f"{name}{SUFFIXES[1]}", thumbnail)
    return name


def read(name: str, thumbnail: bool = False) -> bytes | None:
    """A stored photo's bytes, or None for a name we never made or a file that is gone."""
    if not NAME.match(name or ""):
        return None
    found = _folder() / f"{name}{SUFFIXES[1] if thumbnail else SUFFIXES[0]}"
    return vault().open(found.read_bytes()) if found.is_file() else None


def delete(name: str) -> int:
    """Remove a photo and its thumbnail, if they are there; return how many files went."""
    removed = 0
    if NAME.match(name or ""):
        for suffix in SUFFIXES:
            path = _folder() / f"{name}{suffix}"
            if path.is_file():
                path.unlink(missing_ok=True)
                removed += 1
    return removed


def reseal_all() -> int:
    """Re-encrypt every stored file under the newest key; return how many."""
    files = list(_stored_files())
    for path in files:
        _write(path, vault().open(path.read_bytes()))
    return len(files)


def names_older_than(seconds: float) -> set[str]:
    """The names of stored photos whose files are older than this (uploads in flight are younger)."""
    cutoff = time.time() - seconds
    return {path.name.removesuffix(SUFFIXES[1]).removesuffix(SUFFIXES[0])
            for path in _stored_files() if path.stat().st_mtime < cutoff}


def _stored_files() -> Iterator[Path]:
    for path in _folder().iterdir():
        if path.is_file() and path.name.endswith(SUFFIXES):
            yield path
