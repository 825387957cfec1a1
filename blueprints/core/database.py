# SQLite serves `make run` and small deployments. In its default journal mode
# every commit waits for a full sync and writers block readers; WAL mode with
# synchronous=NORMAL keeps commits durable across application crashes, lets
# readers run beside a writer, and a busy timeout makes a second writer wait
# instead of failing with "database is locked".
from sqlalchemy import event

from extensions import db


def _tune(dbapi_connection, _record):
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def tune_sqlite(app):
    """Set the pragmas above on every SQLite connection of this app."""
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            event.listen(db.engine, "connect", _tune)
