"""Retention: every blueprint's purger runs at one moment; guides purge old feedback."""
import datetime
from collections import Counter
from zoneinfo import ZoneInfo

from blueprints.core import retention
from blueprints.guides.models import Feedback
from extensions import db

UTC = datetime.UTC


def test_purge_runs_every_purger_at_one_moment_and_adds_up(app, monkeypatch):
    monkeypatch.setattr(retention, "_purgers", {})
    calls = []

    def purger(kind, number):
        def purge(moment, config):
            calls.append((kind, moment, config))
            return Counter({kind: number})
        return purge

    retention.register("satu", purger("draf", 2))
    retention.register("dua", purger("umpan_balik", 0))
    retention.register("dua", purger("umpan_balik", 3))  # a name registered again replaces the first
    moment = datetime.datetime(2026, 11, 27, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
    with app.app_context():
        removed = retention.purge(moment)
    assert removed == Counter(draf=2, umpan_balik=3)
    assert [kind for kind, _, _ in calls] == ["draf", "umpan_balik"]
    assert {when for _, when, _ in calls} == {datetime.datetime(2026, 11, 27, 2, 0, tzinfo=UTC)}
    assert all(config is app.config for _, _, config in calls)


def test_kinds_with_nothing_removed_are_still_reported(app, monkeypatch):
    monkeypatch.setattr(retention, "_purgers", {"kosong": lambda moment, config: Counter(umpan_balik=0)})
    with app.app_context():
        assert dict(retention.purge()) == {"umpan_balik": 0}


def test_feedback_goes_after_feedback_retention_days_and_the_caller_commits(app):
    now = datetime.datetime.now(UTC)
    days = app.config["FEEDBACK_RETENTION_DAYS"]
    with app.app_context():
        db.session.add_all([
            Feedback(guide="lama", helpful=True, created_at=now - datetime.timedelta(days=days + 1)),
            Feedback(guide="baru", helpful=False, created_at=now - datetime.timedelta(days=days - 1)),
        ])
        db.session.commit()
        assert retention.purge(now)["umpan_balik"] == 1
        db.session.rollback()  # purge wrote nothing of its own: nothing is gone until a commit
        assert db.session.query(Feedback).count() == 2
        retention.purge(now)
        db.session.commit()
        assert [f.guide for f in db.session.scalars(db.select(Feedback))] == ["baru"]
