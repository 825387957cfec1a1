# Money rules of JKN as plain functions. The amounts and caps are never written
# here: callers pass them in from the figures file, where each has a source and
# the date it was checked, so a rule change is an edit to content/, not to code.


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
