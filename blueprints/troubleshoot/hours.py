# Is PANDAWA answering right now? Opening hours come from the figures file
# (days, opens, closes, timezone) and public holidays from holidays.yml. All
# times are computed in the service's own zone (WIB for PANDAWA), whatever zone
# the server or the reader is in; WITA and WIT are shown beside it.
import datetime
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from blueprints.core.content import ContentError
from blueprints.core.figures import ZONE_NAMES, OpeningHours, read_yaml

OTHER_ZONES = ("Asia/Makassar", "Asia/Jayapura")  # WITA, WIT


@dataclass(frozen=True)
class Holidays:
    every_year: frozenset[tuple[int, int]] = frozenset()  # (month, day)
    dates: frozenset[datetime.date] = frozenset()

    def __contains__(self, day: datetime.date) -> bool:
        return day in self.dates or (day.month, day.day) in self.every_year


@dataclass(frozen=True)
class Availability:
    open_now: bool
    next_opening: datetime.datetime | None  # in the service's zone; None while open


def _is_open_on(hours: OpeningHours, day: datetime.date, holidays: Holidays) -> bool:
    return day.weekday() in hours.days and day not in holidays


def availability(hours: OpeningHours, now: datetime.datetime, holidays: Holidays) -> Availability:
    """Whether the service is open at `now` (an aware datetime), and if not, when it next opens."""
    local = now.astimezone(ZoneInfo(hours.timezone))
    if _is_open_on(hours, local.date(), holidays) and hours.opens <= local.time() < hours.closes:
        return Availability(True, None)
    day = local.date() if local.time() < hours.opens else local.date() + datetime.timedelta(days=1)
    for _ in range(370):
        if _is_open_on(hours, day, holidays):
            opening = datetime.datetime.combine(day, hours.opens, tzinfo=ZoneInfo(hours.timezone))
            return Availability(False, opening)
        day += datetime.timedelta(days=1)
    return Availability(False, None)


def in_other_zones(hours: OpeningHours, day: datetime.date) -> list[tuple[str, datetime.time, datetime.time]]:
    """The same opening hours read in WITA and WIT, for readers outside WIB."""
    zone = ZoneInfo(hours.timezone)
    shown = []
    for other in OTHER_ZONES:
        opens = datetime.datetime.combine(day, hours.opens, tzinfo=zone).astimezone(ZoneInfo(other))
        closes = datetime.datetime.combine(day, hours.closes, tzinfo=zone).astimezone(ZoneInfo(other))
        shown.append((ZONE_NAMES[other], opens.time(), closes.time()))
    return shown


def _month_day(text: str) -> tuple[int, int]:
    month, day = text.split("-")
    return int(month), int(day)


def load_holidays(path: Path) -> Holidays:
    data = read_yaml(path) or {}
    try:
        every_year = frozenset(_month_day(md) for md in data.get("every_year", []))
        dates = frozenset(d if isinstance(d, datetime.date) else datetime.date.fromisoformat(d)
                          for d in data.get("dates", []))
    except (ValueError, AttributeError, TypeError):
        raise ContentError(path, "every_year berisi BB-HH (misalnya 08-17); dates berisi TTTT-BB-HH") from None
    return Holidays(every_year, dates)
