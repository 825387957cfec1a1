# Is PANDAWA answering right now? Opening hours come from the figures file (days,
# opens, closes, timezone) and public holidays from holidays.yml.
#
# PANDAWA keeps office hours in *local* time (timezone: setempat): 08.00–15.00 in
# Jakarta is 08.00–15.00 WIB, in Makassar 08.00–15.00 WITA. The server cannot know
# the reader's zone, so the answer is worked out in all three Indonesian zones: open
# everywhere, closed everywhere, or open in some zones only, which the page says in
# so many words. A day is only called a working day when holidays.yml lists that
# year's holidays; on cuti bersama and in a year it does not cover, the page says it
# cannot be sure rather than promise an answer.
import datetime
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from blueprints.core.content import ContentError
from blueprints.core.figures import LOCAL, ZONE_NAMES, OpeningHours, read_yaml

INDONESIAN_ZONES = ("Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura")  # WIB, WITA, WIT
WORKING, CLOSED, UNSURE = "kerja", "libur", "belum pasti"


@dataclass(frozen=True)
class Holidays:
    every_year: frozenset[tuple[int, int]] = frozenset()  # (month, day), e.g. 17 August
    dates: frozenset[datetime.date] = frozenset()  # hari libur nasional of the years listed
    joint_leave: frozenset[datetime.date] = frozenset()  # cuti bersama: some offices open, some not
    years: frozenset[int] = frozenset()  # the years whose moving holidays are listed

    def __contains__(self, day: datetime.date) -> bool:
        return day in self.dates or (day.month, day.day) in self.every_year

    def kind(self, day: datetime.date) -> str:
        """WORKING, CLOSED (a public holiday) or UNSURE (cuti bersama, or a year not listed)."""
        if day in self:
            return CLOSED
        if day in self.joint_leave or day.year not in self.years:
            return UNSURE
        return WORKING


@dataclass(frozen=True)
class Availability:
    open_in: tuple[str, ...]  # names of the zones where it is open now (WIB, WITA, WIT)
    closed_in: tuple[str, ...]
    unsure_today: bool  # open hours, but today may be a day off (cuti bersama, or a year not listed)
    next_opening: datetime.date | None  # while closed everywhere: the next day it opens
    next_unsure: bool = False  # ... and that day may be a day off too
    opens: datetime.time | None = None
    joint_leave_today: bool = False  # ... and why: today is cuti bersama (else: its year is not listed)

    @property
    def open_now(self) -> bool:
        return bool(self.open_in) and not self.closed_in and not self.unsure_today

    @property
    def depends_on_zone(self) -> bool:
        return bool(self.open_in) and bool(self.closed_in)


def _zones(hours: OpeningHours) -> tuple[str, ...]:
    return INDONESIAN_ZONES if hours.timezone == LOCAL else (hours.timezone,)


def _kind(hours: OpeningHours, day: datetime.date, holidays: Holidays) -> str:
    return CLOSED if day.weekday() not in hours.days else holidays.kind(day)


def _next_opening(hours: OpeningHours, local: datetime.datetime,
                  holidays: Holidays) -> tuple[datetime.date | None, bool]:
    day = local.date() if local.time() < hours.opens else local.date() + datetime.timedelta(days=1)
    for _ in range(370):
        kind = _kind(hours, day, holidays)
        if kind != CLOSED:
            return day, kind == UNSURE
        day += datetime.timedelta(days=1)
    return None, False


def availability(hours: OpeningHours, now: datetime.datetime, holidays: Holidays) -> Availability:
    """Whether the service is open at `now` (an aware datetime) in each zone its hours apply to,
    and if it is closed everywhere, on which day it opens again."""
    open_in, closed_in, unsure, joint_leave, upcoming = [], [], False, False, set()
    for zone in _zones(hours):
        local = now.astimezone(ZoneInfo(zone))
        kind = _kind(hours, local.date(), holidays)
        in_hours = hours.opens <= local.time() < hours.closes
        if in_hours and kind != CLOSED:
            open_in.append(ZONE_NAMES[zone])
            unsure = unsure or kind == UNSURE
            joint_leave = joint_leave or local.date() in holidays.joint_leave
        else:
            closed_in.append(ZONE_NAMES[zone])
            upcoming.add(_next_opening(hours, local, holidays))
    if open_in or len(upcoming) != 1:
        return Availability(tuple(open_in), tuple(closed_in), unsure, None, opens=hours.opens,
                            joint_leave_today=joint_leave)
    (day, next_unsure), = upcoming
    return Availability((), tuple(closed_in), False, day, next_unsure, hours.opens)


def _month_day(text: str) -> tuple[int, int]:
    month, day = text.split("-")
    return int(month), int(day)


def _dates(values: list | None) -> frozenset[datetime.date]:
    return frozenset(d if isinstance(d, datetime.date) else datetime.date.fromisoformat(d) for d in values or [])


def load_holidays(path: Path) -> Holidays:
    data = read_yaml(path) or {}
    try:
        every_year = frozenset(_month_day(md) for md in data.get("every_year", []))
        years = data.get("years") or {}
        dates: frozenset[datetime.date] = frozenset()
        joint_leave: frozenset[datetime.date] = frozenset()
        for year, listed in years.items():
            if not isinstance(listed, dict) or not (listed.get("source") or {}).get("url"):
                raise ContentError(path, f"tahun {year}: perlu source (title dan url), libur, dan cuti_bersama")
            holidays, leave = _dates(listed.get("libur")), _dates(listed.get("cuti_bersama"))
            if any(d.year != int(year) for d in holidays | leave):
                raise ContentError(path, f"tahun {year}: ada tanggal dari tahun lain")
            dates, joint_leave = dates | holidays, joint_leave | leave
    except (ValueError, AttributeError, TypeError):
        raise ContentError(path, "every_year berisi BB-HH (misalnya 08-17); libur dan cuti_bersama berisi "
                                 "TTTT-BB-HH") from None
    return Holidays(every_year, dates, joint_leave, frozenset(int(y) for y in years))
