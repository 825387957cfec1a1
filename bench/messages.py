"""Messages delivered per second by one worker (`python -m blueprints.messages.worker`, as
`make worker` runs it, WORKER_THREADS threads) to the fake SMS provider on 127.0.0.1, from an
outbox of BENCH_MESSAGES rows written at once. Measures; asserts nothing."""
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.fake_provider import FakeProvider  # noqa: E402

COUNT = int(os.environ.get("BENCH_MESSAGES", "1000"))
THREADS = os.environ.get("WORKER_THREADS", "2")


def write_messages(env: dict) -> None:
    """COUNT rows in one transaction, put on the queue when it commits (as an event would)."""
    from app import create_app
    from blueprints.messages import outbox
    from extensions import db
    app = create_app({"SQLALCHEMY_DATABASE_URI": env["DATABASE_URL"], "QUEUE_FILE": env["QUEUE_FILE"],
                      "MESSAGE_SMS_URL": env["MESSAGE_SMS_URL"]})
    with app.app_context():
        for number in range(COUNT):
            outbox.write("aktif", {"sms": "+6281234567890"}, {"referensi": f"BNCH-{number:04d}"})
        db.session.commit()


def message_rate(env: dict, workdir: Path) -> None:
    print(f"\nMessages: one worker ({THREADS} threads) to the fake SMS provider, {COUNT} messages")
    with FakeProvider() as provider:
        env = env | {"QUEUE_FILE": str(workdir / "queue.sqlite3"), "MESSAGE_SMS_URL": provider.url,
                     "REDIS_URL": "", "WORKER_THREADS": THREADS}
        written = subprocess.run([str(ROOT / ".venv/bin/python"), "-c",
                                  "from bench.messages import write_messages; import os; "
                                  "write_messages(dict(os.environ))"], cwd=ROOT, env=env, capture_output=True)
        if written.returncode:
            print(f"  (could not write the messages: {written.stderr.decode()[-300:]})")
            return
        worker = subprocess.Popen([str(ROOT / ".venv/bin/python"), "-m", "blueprints.messages.worker"], cwd=ROOT,
                                  env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                  start_new_session=True)
        try:
            deadline = time.monotonic() + 600
            while not provider.delivered and time.monotonic() < deadline:
                time.sleep(0.01)
            started = time.monotonic()
            while len(provider.delivered) < COUNT and time.monotonic() < deadline:
                time.sleep(0.01)
            elapsed = time.monotonic() - started
        finally:
            os.killpg(worker.pid, signal.SIGTERM)
            worker.wait(timeout=30)
    delivered = len(provider.delivered)
    twice = len(provider.calls) - delivered
    print(f"  {delivered / elapsed:8.0f} messages/s  ({delivered} delivered in {elapsed:.1f} s, "
          f"{twice} sent twice)")
