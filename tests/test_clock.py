"""The site's clock: now and today in BABEL_DEFAULT_TIMEZONE, whatever the server's zone."""
import datetime
from zoneinfo import ZoneInfo

from blueprints.core import clock


def test_outside_an_app_the_clock_reads_jakarta_time():
    moment = clock.now()
    assert moment.tzinfo == ZoneInfo("Asia/Jakarta")
    assert abs(moment - datetime.datetime.now(datetime.UTC)) < datetime.timedelta(seconds=5)


def test_the_configured_zone_decides_now_and_today(app):
    app.config["BABEL_DEFAULT_TIMEZONE"] = "Asia/Jayapura"
    with app.app_context():
        moment = clock.now()
        assert moment.utcoffset() == datetime.timedelta(hours=9)
        assert clock.today() in {moment.date(), clock.now().date()}  # unless midnight passed in between


def test_stopping_now_stops_today_too(monkeypatch):  # one place for tests to fix the date
    late = datetime.datetime(2026, 11, 27, 23, 30, tzinfo=ZoneInfo("Asia/Jakarta"))  # 16.30 UTC
    monkeypatch.setattr(clock, "now", lambda: late)
    assert clock.today() == datetime.date(2026, 11, 27)
