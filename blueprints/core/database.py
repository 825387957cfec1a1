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
import threading

from flask import has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import make_url

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


# With threads (gunicorn.conf.py) many writers of one process would wait for SQLite's write lock in
# its busy handler, which sleeps up to 100 ms between tries: under load a save took a second or
# failed after the busy timeout. Writers of one process therefore queue on a Python lock first (woken
# at once when it is free), so only one per process waits inside SQLite. The lock is let go when the
# transaction ends, and at the latest when the connection returns to the pool; a writer that waited
# the busy timeout for it goes on anyway and lets SQLite decide.
_writer = threading.Lock()
HELD = "holds_writer_lock"


def _begin(connection):
    if may_write():
        if _writer.acquire(timeout=5):
            connection.info[HELD] = True
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        connection.exec_driver_sql("BEGIN")


def _release(connection, *_args):
    info = connection.info if hasattr(connection, "info") else {}
    if info.pop(HELD, False):
        _writer.release()


def tune_sqlite(app):
    """Set the pragmas above on every SQLite connection of this app, and choose how
    each transaction begins."""
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            event.listen(db.engine, "connect", _tune)
            event.listen(db.engine, "begin", _begin)
            event.listen(db.engine, "commit", _release)
            event.listen(db.engine, "rollback", _release)
            event.listen(db.engine.pool, "checkin", _release_on_checkin)


def _release_on_checkin(_dbapi_connection, record):
    if record is not None and record.info.pop(HELD, False):
        _writer.release()


# A database that accepts a connection and never answers (a stuck server, a proxy whose backend is
# gone) must not hold a request for ever: every page that needs it would hang until gunicorn kills the
# worker, and with it the guides that need no database. PostgreSQL connections give up connecting
# after connect_timeout (psycopg counts the whole handshake, at least 2 s); a request waits at most
# pool_timeout for a free connection; and in the web server the server itself ends a statement, a
# lock wait or a forgotten transaction after the limits below, while TCP keepalives and
# tcp_user_timeout notice a server that vanished from the network. (`flask` commands keep no statement
# limit: a migration or `flask keys rotate` may run long.) A server that froze while its machine still
# acknowledges every packet, on a connection already open, is the one case none of these catches.
def engine_options(uri: str, given: dict, config, serving: bool) -> dict:
    """SQLAlchemy engine options for this database URI: the timeouts above on top of `given`
    (SQLALCHEMY_ENGINE_OPTIONS, whose own connect_args and options are kept)."""
    options = {"pool_pre_ping": True, **given}
    if make_url(uri).get_backend_name() != "postgresql":
        return options
    options.setdefault("pool_timeout", config["DATABASE_POOL_TIMEOUT"])
    connect_args = dict(options.get("connect_args", {}))
    connect_args.setdefault("connect_timeout", config["DATABASE_CONNECT_TIMEOUT"])
    connect_args.setdefault("keepalives", 1)
    connect_args.setdefault("keepalives_idle", 10)
    connect_args.setdefault("keepalives_interval", 3)
    connect_args.setdefault("keepalives_count", 3)
    connect_args.setdefault("tcp_user_timeout", 20_000)
    if serving:
        limits = (f"-c statement_timeout={config['DATABASE_STATEMENT_TIMEOUT_MS']}"
                  f" -c lock_timeout={config['DATABASE_LOCK_TIMEOUT_MS']}"
                  " -c idle_in_transaction_session_timeout=60000")
        connect_args["options"] = " ".join(filter(None, (connect_args.get("options", ""), limits)))
    options["connect_args"] = connect_args
    return options
