# Personal data at rest: answers, birth dates and photos are sealed with Fernet
# (AES-128-CBC + HMAC-SHA256) before they reach the database or the upload
# folder. MultiFernet reads with any configured key and writes with the first,
# so a new key is put in front, `flask keys rotate` re-seals everything, and the
# old key can then be dropped. NIKs get a keyed hash (HMAC-SHA256, its own key)
# so an operator can find an application by NIK without decrypting every row.
#
# Keys come from the environment (ENCRYPTION_KEYS, NIK_HASH_KEY, SECRET_KEY).
# On a laptop they are generated once into instance/keys.json; a production
# server (HTTPS=1) refuses to start without them, because a key made up on one
# machine could never read what another machine wrote.
import datetime
import hashlib
import hmac
import json
import os
import re
import time
from pathlib import Path

import sqlalchemy as sa
from cryptography.fernet import Fernet, MultiFernet
from flask import current_app
from sqlalchemy import Text
from sqlalchemy.types import TypeDecorator

KEYS_FILE = "keys.json"

def new_key() -> str:
    return Fernet.generate_key().decode()


class Vault:
    """Seals and opens bytes and JSON values; hashes NIKs."""

    def __init__(self, encryption_keys: list[str], hash_key: str):
        if not encryption_keys or not hash_key:
            raise ValueError("at least one encryption key and a NIK hash key are needed")
        self._fernet = MultiFernet([Fernet(key) for key in encryption_keys])
        self._hash_key = hash_key.encode()

    def seal(self, data: bytes) -> bytes:
        return self._fernet.encrypt(data)

    def open(self, token: bytes) -> bytes:
        return self._fernet.decrypt(token)

    def seal_json(self, value) -> str:
        return self.seal(json.dumps(value, separators=(",", ":")).encode()).decode()

    def open_json(self, token: str):
        return json.loads(self.open(token.encode()))

    def nik_hash(self, nik: str) -> str:
        """HMAC-SHA256 of the NIK's digits: equal NIKs, equal hashes; nothing to read back."""
        digits = re.sub(r"\D", "", nik or "")
        return hmac.new(self._hash_key, digits.encode(), hashlib.sha256).hexdigest()


def vault() -> Vault:
    return current_app.extensions["vault"]


def load_keys(config: dict, instance_path: str):
    """Fill SECRET_KEY, ENCRYPTION_KEYS and NIK_HASH_KEY from instance/keys.json where the
    environment left them empty, making that file on first use (development only)."""
    missing = [name for name in ("SECRET_KEY", "ENCRYPTION_KEYS", "NIK_HASH_KEY") if not config.get(name)]
    if not missing:
        return
    if config.get("HTTPS"):
        raise RuntimeError(f"set {', '.join(missing)} in the environment: production never generates keys")
    path = Path(instance_path) / KEYS_FILE
    stored = _read_or_create(path)
    for name in missing:
        config[name] = stored[name]


def _read_or_create(path: Path) -> dict:
    fresh = {"SECRET_KEY": os.urandom(32).hex(), "ENCRYPTION_KEYS": [new_key()], "NIK_HASH_KEY": os.urandom(32).hex()}
    try:  # O_EXCL: two processes starting together agree on one file
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        for _attempt in range(50):  # the other process may still be writing it
            try:
                return json.loads(path.read_text())
            except json.JSONDecodeError:
                time.sleep(0.02)
        raise RuntimeError(
            f"{path} is not a keys file: remove it to make a new one (data sealed with it is lost)") from None
    with os.fdopen(descriptor, "w") as file:
        json.dump(fresh, file, indent=2)
    return fresh


def change_sealed_answers(bind, tables: tuple[str, ...], change) -> None:
    """For migrations: open the sealed `answers` of every row of these tables, change them
    (`change(answers) -> answers`), and seal them again."""
    for name in tables:
        table = sa.table(name, sa.column("id"), sa.column("answers"))
        for row_id, sealed in bind.execute(sa.select(table.c.id, table.c.answers)).all():
            answers = change(vault().open_json(sealed))
            bind.execute(table.update().where(table.c.id == row_id).values(answers=vault().seal_json(answers)))


class SealedJSON(TypeDecorator):
    """A JSON value stored as a Fernet token in a text column."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return None if value is None else vault().seal_json(value)

    def process_result_value(self, value, dialect):
        return None if value is None else vault().open_json(value)


class SealedDate(SealedJSON):
    """A date stored sealed, so a birth date is as private as the answers."""

    cache_ok = True  # SQLAlchemy asks each class itself: without it no statement naming one is cached

    def process_bind_param(self, value, dialect):
        return super().process_bind_param(None if value is None else value.isoformat(), dialect)

    def process_result_value(self, value, dialect):
        opened = super().process_result_value(value, dialect)
        return None if opened is None else datetime.date.fromisoformat(opened)
