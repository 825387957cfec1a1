"""SQLite under concurrent writers: WAL, busy timeout and BEGIN IMMEDIATE.

These run on SQLite whatever DATABASE_URL says: they are about SQLite's locking."""
import multiprocessing
import sqlite3
import threading
import time

import pytest
from sqlalchemy import text

from blueprints.apply.drafts import save_answer, start_draft
from blueprints.apply.models import AuditEvent, Draft
from blueprints.apply.questions import CATEGORY, Answers
from blueprints.apply.questions.reactivation import CategoryAnswer
from blueprints.core.database import WriterQueue, close_own_connection, holds_connection, own_connection
from extensions import db
from tests.conftest import make_app


@pytest.fixture
def sqlite_app(tmp_path):
    app, cleanup = make_app(tmp_path, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'locks.sqlite3'}",
                            SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": True})
    yield app
    cleanup()


def test_concurrent_read_modify_writes_of_one_draft_neither_fail_nor_lose_an_answer(sqlite_app):
    with sqlite_app.test_request_context(method="POST"):
        draft_id = start_draft().id
        save_answer(db.session.get(Draft, draft_id), CATEGORY, CategoryAnswer("ppu", None, 0))
    errors, rounds, workers = [], 15, 6

    def press_save():
        for _ in range(rounds):
            with sqlite_app.test_request_context(method="POST"):
                try:
                    draft = db.session.get(Draft, draft_id)  # read ...
                    count = Answers(draft.answers).get(CATEGORY).anggota
                    threading.Event().wait(0.001)  # ... let another worker in between ...
                    save_answer(draft, CATEGORY, CategoryAnswer("ppu", None, count + 1))  # ... then write
                except Exception as error:  # noqa: BLE001 - collected and asserted below
                    errors.append(repr(error))

    threads = [threading.Thread(target=press_save) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with sqlite_app.app_context():
        assert Answers(db.session.get(Draft, draft_id).answers).get(CATEGORY).anggota == rounds * workers


def test_pages_that_only_read_do_not_wait_for_a_writer_and_writers_wait_their_turn(sqlite_app, tmp_path):
    held, go, released = threading.Event(), threading.Event(), threading.Event()

    def another_worker_writes():
        connection = sqlite3.connect(tmp_path / "locks.sqlite3", isolation_level=None)
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("DELETE FROM feedback")
        held.set()
        go.wait()
        threading.Event().wait(0.2)
        released.set()
        connection.execute("COMMIT")
        connection.close()

    worker = threading.Thread(target=another_worker_writes)
    worker.start()
    held.wait()
    with sqlite_app.test_request_context(method="GET"):
        assert db.session.scalar(text("SELECT count(*) FROM drafts")) == 0
        assert not released.is_set()  # read beside the writer, without waiting
    go.set()
    with sqlite_app.test_request_context(method="POST"):
        assert db.session.scalar(text("SELECT count(*) FROM drafts")) == 0
        assert released.is_set()  # began only once the other writer had finished
        db.session.rollback()
    worker.join()


def _take_in_a_child(queue, answers):
    """In a forked process, as a gunicorn worker: wait for the queue, and say when it was had."""
    answers.put("waiting")
    answers.put((queue.acquire(timeout=5), time.monotonic()))


def test_writers_of_two_processes_take_turns(tmp_path):
    queue = WriterQueue(str(tmp_path / "turns.sqlite3"))
    assert queue.acquire()  # held by this process (and its lock file opened before the fork)
    fork = multiprocessing.get_context("fork")
    answers = fork.Queue()
    child = fork.Process(target=_take_in_a_child, args=(queue, answers))
    child.start()
    try:
        assert answers.get(timeout=10) == "waiting"
        time.sleep(0.3)  # the forked worker waits meanwhile: it has a thread lock and lock file of its own
        released = time.monotonic()
        queue.release()
        taken, at = answers.get(timeout=10)
        assert taken and released <= at < released + 0.2  # had the moment it was free, no busy-handler sleep
    finally:
        child.join(10)
    assert child.exitcode == 0
    assert queue.acquire(timeout=1)  # the child's hold ended with the child
    queue.release()


def test_a_session_holds_a_connection_only_once_it_has_talked_to_the_database(sqlite_app):
    with sqlite_app.test_request_context(method="POST"):
        db.session.add(AuditEvent(action="test"))  # the session's own transaction has begun, with no connection
        assert db.session().in_transaction() and not holds_connection(db.session())
        db.session.flush()
        assert holds_connection(db.session())
        db.session.rollback()
        assert not holds_connection(db.session())
        db.session.execute(text("SELECT 1"))
        assert holds_connection(db.session())
        db.session.commit()
        assert not holds_connection(db.session())


def test_the_requests_own_connection_holds_no_lock_and_leaves_none_of_its_ways_in_the_pool(sqlite_app, tmp_path):
    """Each of its statements is SQLite's own transaction: after a read and a write on it, another
    process takes the write lock at once. Given back, the pooled connection begins transactions
    with BEGIN IMMEDIATE again."""
    with sqlite_app.test_request_context(method="POST"):
        draft_id = start_draft().id
        db.session.commit()
    other = sqlite3.connect(tmp_path / "locks.sqlite3", isolation_level=None, timeout=0)
    try:
        with sqlite_app.test_request_context(method="POST"):
            connection = own_connection()
            connection.execute(text("SELECT answers FROM drafts WHERE id = :id"), {"id": draft_id}).one()
            other.execute("BEGIN IMMEDIATE")  # timeout 0: would fail with "database is locked"
            other.execute("ROLLBACK")
            connection.execute(text("UPDATE drafts SET version = version + 1 WHERE id = :id"), {"id": draft_id})
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
            close_own_connection()
        with sqlite_app.test_request_context(method="POST"):
            db.session.execute(text("SELECT 1"))  # the session's transaction: the write lock, as any POST
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
            db.session.rollback()
    finally:
        other.close()
