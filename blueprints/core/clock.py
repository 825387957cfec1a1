# The site's "now" and "today" are Indonesia's, in the zone BABEL_DEFAULT_TIMEZONE
# names (WIB), whatever zone the server runs in: a server on UTC would otherwise
# think it is still yesterday until 07.00 WIB, and a birthday, a deadline or an
# opening hour would be off by a day. Pure code takes the moment as an argument;
# views and commands get it here, which is also the one place tests stop the clock.
import datetime
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context

DEFAULT_ZONE = "Asia/Jakarta"  # outside an app: the default of BABEL_DEFAULT_TIMEZONE


def zone() -> ZoneInfo:
    """The site's time zone."""
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"] if has_app_context() else DEFAULT_ZONE)


def now() -> datetime.datetime:
    """The current moment, aware, in the site's zone."""
    return datetime.datetime.now(zone())


def today() -> datetime.date:
    """Today's date in the site's zone."""
    return now().date()


def stored_utc(moment: datetime.datetime) -> datetime.datetime:
    """A moment read from the database, aware: SQLite hands back naive ones, stored in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=datetime.UTC)
