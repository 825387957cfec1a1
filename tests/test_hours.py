"""Whether PANDAWA is open: local office hours in WIB, WITA and WIT, holidays, and days we cannot be sure of."""
import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from blueprints.core.content import ContentError
from blueprints.core.figures import load_figures
from blueprints.troubleshoot.hours import Holidays, availability, load_holidays

ROOT = Path(__file__).resolve().parent.parent
HOURS = load_figures(ROOT / "content" / "data" / "figures.yml")["kontak.pandawa_jam"].value
HOLIDAYS = load_holidays(ROOT / "content" / "data" / "holidays.yml")
WIB = ZoneInfo("Asia/Jakarta")


def at(*parts, zone=WIB):
    return datetime.datetime(*parts, tzinfo=zone)


def test_the_hours_are_local_time():
    assert HOURS.timezone == "setempat" and HOURS.zone_name == "waktu setempat"


@pytest.mark.parametrize("moment, open_in, closed_in, next_opening", [
    (at(2026, 11, 27, 10, 0), ("WIB", "WITA", "WIT"), (), None),            # Friday mid-morning everywhere
    (at(2026, 11, 27, 13, 30), ("WIB", "WITA"), ("WIT",), None),             # 14.30 WITA, but 15.30 WIT: closed
    (at(2026, 11, 30, 6, 30), ("WIT",), ("WIB", "WITA"), None),              # Monday 08.30 in Papua, 06.30 in Jakarta
    (at(2026, 11, 27, 15, 1), (), ("WIB", "WITA", "WIT"), datetime.date(2026, 11, 30)),  # Friday after closing
    (at(2026, 11, 28, 10, 0), (), ("WIB", "WITA", "WIT"), datetime.date(2026, 11, 30)),  # Saturday
    (at(2026, 8, 17, 10, 0), (), ("WIB", "WITA", "WIT"), datetime.date(2026, 8, 18)),    # Independence Day
    (at(2026, 5, 27, 10, 0), (), ("WIB", "WITA", "WIT"), datetime.date(2026, 5, 28)),    # Iduladha; the next day is
    #                                                                                      cuti bersama: maybe open
])
def test_open_where_or_when_it_opens(moment, open_in, closed_in, next_opening):
    result = availability(HOURS, moment, HOLIDAYS)
    assert (result.open_in, result.closed_in, result.next_opening) == (open_in, closed_in, next_opening)
    assert result.open_now is (closed_in == ())
    assert result.next_unsure is (moment.month == 5)
    assert result.depends_on_zone is bool(open_in and closed_in)


def test_the_server_s_own_zone_does_not_matter():
    assert availability(HOURS, datetime.datetime(2026, 11, 27, 2, 0, tzinfo=datetime.UTC), HOLIDAYS).open_now
    assert not availability(HOURS, datetime.datetime(2026, 11, 27, 9, 0, tzinfo=datetime.UTC), HOLIDAYS).open_in


def test_cuti_bersama_is_never_called_open_for_sure():
    christmas_eve = availability(HOURS, at(2026, 12, 24, 10, 0), HOLIDAYS)
    assert christmas_eve.unsure_today and not christmas_eve.open_now
    before = availability(HOURS, at(2026, 12, 23, 16, 0), HOLIDAYS)  # Wednesday evening: the next day is cuti bersama
    assert before.next_opening == datetime.date(2026, 12, 24) and before.next_unsure


def test_a_year_without_its_holiday_list_is_not_called_certain():
    weekday = availability(HOURS, at(2028, 3, 8, 10, 0), HOLIDAYS)  # a Wednesday in a year holidays.yml lacks
    assert weekday.unsure_today and not weekday.open_now
    assert not availability(HOURS, at(2028, 8, 17, 10, 0), HOLIDAYS).open_in  # fixed-date holidays are known


def test_the_listed_year_is_complete():
    assert 2026 in HOLIDAYS.years
    assert datetime.date(2026, 3, 21) in HOLIDAYS and datetime.date(2026, 3, 24) in HOLIDAYS.joint_leave
    assert Holidays(years=frozenset({2026})).kind(datetime.date(2026, 11, 30)) == "kerja"


def test_a_year_needs_its_source(tmp_path):
    path = tmp_path / "holidays.yml"
    path.write_text("years:\n  2027:\n    libur: ['2027-01-01']\n", encoding="utf-8")
    with pytest.raises(ContentError, match="tahun 2027: perlu source"):
        load_holidays(path)
    path.write_text("years:\n  2027:\n    source: {title: SKB, url: 'https://example.org/skb-2027'}\n"
                    "    libur: ['2026-01-01']\n", encoding="utf-8")
    with pytest.raises(ContentError, match="tanggal dari tahun lain"):
        load_holidays(path)
