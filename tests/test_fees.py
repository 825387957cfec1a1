"""The money rules, at every boundary."""
import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from blueprints.core.fees import member_share, months_in_arrears, reactivation_estimate, service_penalty

RULES = {"rate_percent": 5, "max_months": 12, "cap": 30_000_000}


def test_member_share_subtracts_the_subsidy():
    assert member_share(42_000, 7_000) == 35_000
    assert member_share(150_000) == 150_000


def test_member_share_never_negative():
    assert member_share(5_000, 7_000) == 0


@pytest.mark.parametrize("months, expected", [
    (0, 0),
    (1, 500_000),
    (6, 3_000_000),
    (12, 6_000_000),
    (13, 6_000_000),  # months beyond the maximum are not counted
    (24, 6_000_000),
])
def test_service_penalty_counts_at_most_twelve_months(months, expected):
    assert service_penalty(10_000_000, months, **RULES) == expected


@pytest.mark.parametrize("cost, months, expected", [
    (50_000_000, 12, 30_000_000),   # exactly the cap
    (50_000_001, 12, 30_000_000),   # just over: capped
    (49_999_999, 12, 29_999_999),   # just under (integer rupiah, rounded down)
    (80_000_000, 20, 30_000_000),
])
def test_service_penalty_is_capped(cost, months, expected):
    assert service_penalty(cost, months, **RULES) == expected


def test_no_cost_no_penalty():
    assert service_penalty(0, 6, **RULES) == 0


ARREARS_RULES = {"max_months": 24, "rehab_min": 3, "rehab_max": 24}


@pytest.mark.parametrize("today, last_paid, expected", [
    (datetime.date(2026, 11, 23), (2026, 10), 0),   # paid up to last month: only the current one is due
    (datetime.date(2026, 11, 23), (2026, 11), 0),   # paid this month already
    (datetime.date(2026, 11, 1), (2026, 8), 2),     # September and October unpaid
    (datetime.date(2026, 1, 5), (2025, 11), 1),     # across the new year
    (datetime.date(2026, 11, 23), (2020, 1), 81),
])
def test_months_in_arrears(today, last_paid, expected):
    assert months_in_arrears(*last_paid, today) == expected


@pytest.mark.parametrize("months, charged, rehab", [
    (0, 0, False),
    (1, 1, False),
    (3, 3, False),    # REHAB needs more than 3 months
    (4, 4, True),
    (24, 24, True),   # the last month that still counts, and REHAB's upper bound
    (25, 24, False),  # beyond 24 months: only 24 are charged, no REHAB
    (60, 24, False),
])
def test_reactivation_counts_at_most_24_months_plus_the_current_one(months, charged, rehab):
    estimate = reactivation_estimate(months, 35_000, 3, **ARREARS_RULES)
    assert estimate.months_charged == charged
    assert estimate.months_to_pay == charged + 1
    assert estimate.total == (charged + 1) * 35_000 * 3
    assert estimate.rehab is rehab


@given(months=st.integers(-10**6, 10**6), fee=st.integers(0, 10**7), members=st.integers(-5, 50))
def test_reactivation_estimate_never_negative_or_over_the_cap(months, fee, members):
    estimate = reactivation_estimate(months, fee, members, **ARREARS_RULES)
    assert 0 <= estimate.months_charged <= 24
    assert 0 <= estimate.total <= 25 * fee * max(members, 1)


@given(cost=st.integers(-10**12, 10**12), months=st.integers(-1000, 1000))
def test_service_penalty_stays_between_zero_and_the_cap(cost, months):
    assert 0 <= service_penalty(cost, months, **RULES) <= RULES["cap"]
