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
import fcntl
import os
import threading
import weakref

from flask import g, has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from extensions import db

READ_ONLY_METHODS = ("GET", "HEAD", "OPTIONS")


def _tune(dbapi_connection, _record):
    dbapi_connection.isolation_level = None  # the driver stops issuing its own BEGIN; tune_sqlite does
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


# The connection drafts.py reads a draft and saves an answer into it on: each statement on it is
# its own transaction. A lone SELECT reads one snapshot; a lone UPDATE that names the version it
# read either saves on top of that version or changes nothing. On PostgreSQL that is autocommit, a
# round trip for each statement instead of four with BEGIN and COMMIT. On SQLite it is SQLite's own
# autocommit (no BEGIN, and no place in the writer queue below): an UPDATE takes the write lock
# inside the one call that runs it, with Python's GIL let go, and releases it before returning. In a
# transaction of BEGIN IMMEDIATE, UPDATE and COMMIT the lock was held across three calls, between
# which the holder waited for the GIL behind the other threads while every other writer waited.
# (SQLAlchemy's AUTOCOMMIT level is not used on SQLite: giving the connection back to the pool would
# turn the driver's own BEGINs back on, which tune_sqlite turns off.)
ALONE = "jkn_statements_alone"
OWN = "own_connection"


def own_connection():
    """This request's connection beside the session's, whose statements are each their own
    transaction (above): opened on first use, given back when the request ends (close_own_connection)."""
    connection = g.get(OWN)
    if connection is None:
        connection = db.engine.connect()
        if connection.dialect.name == "sqlite":
            connection = connection.execution_options(**{ALONE: True})
        else:
            connection = connection.execution_options(isolation_level="AUTOCOMMIT")
        setattr(g, OWN, connection)
    return connection


def close_own_connection(_error=None):
    """Give the request's own connection back to the pool."""
    connection = g.pop(OWN, None)
    if connection is not None:
        connection.close()


# A session begins its own transaction as soon as an object is added to it, but takes a connection
# (and, in a request that may write to SQLite, the writer queue below) only when it first talks to
# the database. drafts._saved_alone writes on a connection of its own only when the session holds
# none: otherwise the two would wait for each other.
CONNECTED = "holds_connection"


@event.listens_for(Session, "after_begin")
def _connected(session, _transaction, _connection):
    session.info[CONNECTED] = True


@event.listens_for(Session, "after_transaction_end")
def _released(session, transaction):
    if transaction.parent is None:  # the outermost one: its connections are given back
        session.info.pop(CONNECTED, None)


def holds_connection(session: Session) -> bool:
    """Whether this session is in a transaction with the database (not only its own bookkeeping)."""
    return CONNECTED in session.info


# With threads (gunicorn.conf.py) and workers, many writers would wait for SQLite's write lock in its
# busy handler, which sleeps up to 100 ms between tries: under load a save took a second or failed
# after the busy timeout. Writers therefore queue before BEGIN IMMEDIATE: the threads of a process on
# a lock, the processes (gunicorn's workers, `flask` commands) on an flock of a file beside the
# database, both taken the moment they are free. The queue is let go when the transaction ends, and
# at the latest when the connection returns to the pool; a thread that waited the busy timeout for
# its turn in its process goes on anyway and lets SQLite decide.
HELD = "holds_writer_lock"
WAIT = 5.0  # seconds, as PRAGMA busy_timeout


class WriterQueue:
    """One writer at a time to one SQLite file, across the threads and processes of this machine."""

    def __init__(self, database: str | None):
        self.path = f"{database}-writers.lock" if database and database != ":memory:" else None
        self._forked()
        me = weakref.WeakMethod(self._forked)  # a queue no engine uses any more may go

        def in_child():
            forked = me()
            if forked is not None:
                forked()

        os.register_at_fork(after_in_child=in_child)

    def _forked(self):
        """A new process (a gunicorn worker) starts with the queue free: its own thread lock, and its
        own lock file opened, since a file shared with the parent would share the parent's flock
        (so the parent's copy is closed: it would keep a lock the parent holds alive after it)."""
        inherited = getattr(self, "_fd", None)
        if inherited is not None:
            os.close(inherited)
        self._threads = threading.Lock()
        self._fd: int | None = None

    def _file(self) -> int:
        if self._fd is None:
            self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        return self._fd

    def acquire(self, timeout: float = WAIT) -> bool:
        """Take the queue: False when another thread of this process held it for `timeout`. The wait
        for another process is the kernel's (an flock, woken the moment it is let go), without a
        limit of its own: the holder is in a transaction of an UPDATE and a commit, and if it hung
        there SQLite's write lock would be stuck for everyone anyway (the other threads of this
        process give up after `timeout`, then SQLite's busy timeout answers them)."""
        if not self._threads.acquire(timeout=timeout):
            return False
        if self.path is not None:
            try:
                fcntl.flock(self._file(), fcntl.LOCK_EX)
            except OSError:
                self._threads.release()
                raise
        return True

    def release(self):
        if self.path is not None:
            fcntl.flock(self._file(), fcntl.LOCK_UN)
        self._threads.release()


def tune_sqlite(app):
    """Set the pragmas above on every SQLite connection of this app, and choose how
    each transaction begins."""
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            return
        writers = WriterQueue(db.engine.url.database)

        def begin(connection):
            if connection.get_execution_options().get(ALONE):
                return  # the driver runs each statement as its own transaction (own_connection)
            if may_write():
                if writers.acquire():
                    connection.info[HELD] = True
                connection.exec_driver_sql("BEGIN IMMEDIATE")
            else:
                connection.exec_driver_sql("BEGIN")

        def end(connection, *_args):
            if connection.info.pop(HELD, False):
                writers.release()

        def checkin(_dbapi_connection, record):
            if record is not None and record.info.pop(HELD, False):
                writers.release()

        event.listen(db.engine, "connect", _tune)
        event.listen(db.engine, "begin", begin)
        event.listen(db.engine, "commit", end)
        event.listen(db.engine, "rollback", end)
        event.listen(db.engine.pool, "checkin", checkin)


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
    backend = make_url(uri).get_backend_name()
    # A file on this machine does not drop a connection: pinging it before each use (twice per saved
    # answer) would cost more than the save's own UPDATE.
    options = {"pool_pre_ping": backend != "sqlite", **given}
    if backend != "postgresql":
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
