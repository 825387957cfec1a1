"""The job queue: Huey, because it is small and well kept, runs on Redis in production and on a
plain SQLite file on a laptop (so `make run` needs no other server), and has a scheduler for
periodic jobs built in. `make worker` runs its consumer (blueprints/messages/worker.py).

Tasks carry only a message's id; everything else is read from the database when it runs.
Periodic jobs run in every worker's scheduler, so each records its period in JobRun first:
across several workers and servers, each period's purge or reminders run once.
"""
import datetime
from pathlib import Path

from huey import RedisHuey, SqliteHuey, crontab
from sqlalchemy.exc import IntegrityError

from blueprints.messages import outbox
from blueprints.messages.models import JobRun
from extensions import db


def once(name: str, period: str) -> bool:
    """True for the first caller of this job and period, False for any other (on any server)."""
    db.session.add(JobRun(name=name, period=period))
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return False
    return True


class Queue:
    """The app's queue: `deliver(message_id, at=None)` puts a delivery on it."""

    def __init__(self, app):
        config = app.config
        if config["REDIS_URL"]:
            self.huey = RedisHuey(config["QUEUE_NAME"], url=config["REDIS_URL"], results=False)
        else:
            path = config["QUEUE_FILE"] or str(Path(app.instance_path) / "queue.sqlite3")
            self.huey = SqliteHuey(config["QUEUE_NAME"], filename=path, results=False)
        huey = self.huey

        @huey.task(name="kirim_pesan")
        def send(message_id):
            with app.app_context():
                outbox.deliver(message_id)

        @huey.on_startup(name="sapu_saat_mulai")
        def sweep_at_start():  # after a crash or SIGKILL: what was being sent goes again
            with app.app_context():
                outbox.sweep()

        @huey.periodic_task(crontab(), name="sapu_pesan")  # every minute
        def sweep():
            with app.app_context():
                outbox.sweep()

        @huey.periodic_task(crontab(minute="5", hour="19"), name="purge_harian")  # 02.05 WIB (UTC 19.05)
        def purge():
            from blueprints.apply.privacy import purge as purge_data
            with app.app_context():
                if once("purge", datetime.datetime.now(datetime.UTC).date().isoformat()):
                    purge_data()

        @huey.periodic_task(crontab(minute="10"), name="pengingat")  # every hour
        def remind():
            from blueprints.messages.events import remind_expiring_drafts
            with app.app_context():
                if once("pengingat", datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H")):
                    remind_expiring_drafts()

        self._send = send
        self.tasks = {"sweep": sweep, "purge": purge, "remind": remind}

    def deliver(self, message_id: int, at: datetime.datetime | None = None) -> None:
        if at is None:
            self._send(message_id)
        else:
            self._send.schedule(args=(message_id,), eta=at)
