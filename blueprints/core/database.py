# SQLite serves `make run` and small deployments. In its default journal mode
# every commit waits for a full sync and writers block readers; WAL mode with
# synchronous=NORMAL keeps commits durable across application crashes, lets
# readers run beside a writer, and a busy timeout makes a second writer wait
# instead of failing with "database is locked".
#
# The busy timeout alone is not enough: a transaction that began by reading and
# then writes cannot wait for another writer (SQLite would have to break its
# snapshot), so it fails at once, or two read-modify-writes of one draft lose an
# answer. Transactions that may write therefore start with BEGIN IMMEDIATE,
# taking the write lock first and waiting their turn; pages that only read (GET)
# start with a plain BEGIN and never wait for a writer.
from flask import has_request_context, request
from sqlalchemy import event

from extensions import db

READ_ONLY_METHODS = ("GET", "HEAD", "OPTIONS")


def _tune(dbapi_connection, _record):
    dbapi_connection.isolation_level = None  # the driver stops issuing its own BEGIN; _begin does
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def may_write() -> bool:
    """Whether the current unit of work may write: any request but a read, and every
    command outside a request (CLI, migrations)."""
    return not has_request_context() or request.method not in READ_ONLY_METHODS


def _begin(connection):
    connection.exec_driver_sql("BEGIN IMMEDIATE" if may_write() else "BEGIN")


def tune_sqlite(app):
    """Set the pragmas above on every SQLite connection of this app, and choose how
    each transaction begins."""
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            event.listen(db.engine, "connect", _tune)
            event.listen(db.engine, "begin", _begin)
