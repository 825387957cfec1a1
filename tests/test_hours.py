"""Whether PANDAWA is open, with the clock frozen at the edges."""
import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from blueprints.core.figures import load_figures
from blueprints.troubleshoot.hours import Holidays, availability, in_other_zones, load_holidays

ROOT = Path(__file__).resolve().parent.parent
HOURS = load_figures(ROOT / "content" / "data" / "figures.yml")["kontak.pandawa_jam"].value
HOLIDAYS = load_holidays(ROOT / "content" / "data" / "holidays.yml")
WIB = ZoneInfo("Asia/Jakarta")


def at(*parts, zone=WIB):
    return datetime.datetime(*parts, tzinfo=zone)


@pytest.mark.parametrize("moment, open_now, next_opening", [
    (at(2026, 11, 27, 14, 59), True, None),                         # Friday 14:59
    (at(2026, 11, 27, 15, 1), False, at(2026, 11, 30, 8, 0)),        # Friday 15:01 → Monday
    (at(2026, 11, 28, 10, 0), False, at(2026, 11, 30, 8, 0)),        # Saturday
    (at(2026, 11, 30, 7, 59), False, at(2026, 11, 30, 8, 0)),        # Monday before opening
    (at(2026, 11, 30, 8, 0), True, None),                            # Monday at opening
    (at(2026, 8, 17, 10, 0), False, at(2026, 8, 18, 8, 0)),          # Independence Day, a Monday
    (at(2026, 12, 24, 16, 0), False, at(2026, 12, 28, 8, 0)),        # Thursday evening before Christmas
])
def test_open_or_when_it_opens(moment, open_now, next_opening):
    result = availability(HOURS, moment, HOLIDAYS)
    assert result.open_now is open_now
    assert result.next_opening == next_opening


def test_the_reader_s_own_zone_does_not_matter():
    in_papua = at(2026, 11, 27, 16, 30, zone=ZoneInfo("Asia/Jayapura"))  # 14:30 WIB
    assert availability(HOURS, in_papua, HOLIDAYS).open_now
    server_clock = datetime.datetime(2026, 11, 27, 8, 30, tzinfo=datetime.UTC)  # 15:30 WIB
    assert not availability(HOURS, server_clock, HOLIDAYS).open_now


def test_hours_are_also_given_in_wita_and_wit():
    shown = in_other_zones(HOURS, datetime.date(2026, 11, 27))
    assert [(zone, o.hour, c.hour) for zone, o, c in shown] == [("WITA", 9, 16), ("WIT", 10, 17)]


def test_holidays_by_date_too():
    holidays = Holidays(dates=frozenset({datetime.date(2027, 3, 10)}))
    assert not availability(HOURS, at(2027, 3, 10, 10, 0), holidays).open_now
