"""The money rules, at every boundary."""
import pytest

from blueprints.core.fees import member_share, service_penalty

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
