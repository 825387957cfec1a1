# Money rules of JKN as plain functions. The amounts and caps are never written
# here: callers pass them in from the figures file, where each has a source and
# the date it was checked, so a rule change is an edit to content/, not to code.
import datetime
from dataclasses import dataclass


def member_share(fee: int, subsidy: int = 0) -> int:
    """Return what a member pays per person per month after a government subsidy."""
    return max(fee - subsidy, 0)


def service_penalty(cost: int, months_in_arrears: int, *, rate_percent: int,
                    max_months: int, cap: int) -> int:
    """Return the denda pelayanan for inpatient care soon after reactivation.

    rate_percent% of the initial INA-CBG cost for each month in arrears, counting
    at most max_months months, and never more than cap (Perpres 64/2020 art. 42).
    """
    if cost <= 0 or months_in_arrears <= 0:
        return 0
    months = min(months_in_arrears, max_months)
    return min(cost * rate_percent * months // 100, cap)


@dataclass(frozen=True)
class ReactivationEstimate:
    """What reactivating a mandiri membership costs, as far as arrears go."""

    months_in_arrears: int
    months_charged: int  # arrears counted, at most the legal maximum
    months_to_pay: int  # those plus the current month
    members: int
    fee: int
    total: int
    rehab: bool  # eligible to pay the arrears in instalments


def months_in_arrears(last_paid_year: int, last_paid_month: int, today: datetime.date) -> int:
    """Whole months unpaid between the last month paid and the current month."""
    return max((today.year * 12 + today.month) - (last_paid_year * 12 + last_paid_month) - 1, 0)


def reactivation_estimate(months: int, fee: int, members: int, *, max_months: int,
                          rehab_min: int, rehab_max: int) -> ReactivationEstimate:
    """Arrears counted up to max_months, plus the current month, for every member.

    REHAB instalments are open to more than rehab_min and at most rehab_max
    months of arrears (Perpres 64/2020 art. 42; BPJS REHAB programme).
    """
    months = max(months, 0)
    members = max(members, 1)
    charged = min(months, max_months)
    return ReactivationEstimate(
        months_in_arrears=months,
        months_charged=charged,
        months_to_pay=charged + 1,
        members=members,
        fee=fee,
        total=(charged + 1) * fee * members,
        rehab=rehab_min < months <= rehab_max,
    )
