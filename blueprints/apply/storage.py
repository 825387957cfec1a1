# Uploaded photos live outside static/, in UPLOAD_DIR (shared storage when the
# site runs on several machines), under random names that say nothing about the
# person. Only their owner's session can fetch them, through the apply views.
import re
import secrets
from pathlib import Path

from flask import current_app

NAME = re.compile(r"^[A-Za-z0-9_-]{32}$")


def _folder() -> Path:
    folder = Path(current_app.config["UPLOAD_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def save(photo_bytes: bytes, thumbnail: bytes) -> str:
    """Store a photo and its thumbnail; return the random name that finds them."""
    name = secrets.token_urlsafe(24)
    (_folder() / f"{name}.jpg").write_bytes(photo_bytes)
    (_folder() / f"{name}-kecil.jpg").write_bytes(thumbnail)
    return name


def path(name: str, thumbnail: bool = False) -> Path | None:
    """Where a stored photo is, or None for a name we never made."""
    if not NAME.match(name or ""):
        return None
    found = _folder() / (f"{name}-kecil.jpg" if thumbnail else f"{name}.jpg")
    return found if found.is_file() else None


def delete(name: str):
    """Remove a photo and its thumbnail, if they are there."""
    if NAME.match(name or ""):
        for suffix in (".jpg", "-kecil.jpg"):
            (_folder() / f"{name}{suffix}").unlink(missing_ok=True)
