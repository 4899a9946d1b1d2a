"""Calendar periods of the rules (natural weeks, months, quarters, years, due windows) as properties and examples.

A wrong period is a wrong date in a bulletin: every property here is checked against a definition written
independently of rules.periods (day by day), not against the module's own arithmetic.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rules.periods import PERIODS, Window, due_windows, last_complete_period, period_label, period_of

DAY = timedelta(days=1)
DAYS = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31))
FAST = settings(max_examples=150, deadline=None)


def same_period(period: str, a: date, b: date) -> bool:
    """The definition, day by day: two days share a natural week (Mon–Sun), month, quarter or year."""
    if period == "week":
        return a.isocalendar()[:2] == b.isocalendar()[:2]
    if period == "month":
        return (a.year, a.month) == (b.year, b.month)
    if period == "quarter":
        return (a.year, (a.month - 1) // 3) == (b.year, (b.month - 1) // 3)
    return a.year == b.year


# --- period_of -----------------------------------------------------------------------------------------------


@FAST
@given(DAYS, st.sampled_from(PERIODS))
def test_the_period_of_a_day_contains_it_and_is_exactly_the_days_sharing_its_period(day, period):
    window = period_of(period, day)
    assert day in window and window.first <= day <= window.last
    assert same_period(period, window.first, day) and same_period(period, window.last, day)
    assert not same_period(period, window.first - DAY, day)  # maximal on both sides
    assert not same_period(period, window.last + DAY, day)


@FAST
@given(DAYS, st.sampled_from(PERIODS))
def test_windows_tile_the_calendar(day, period):
    window = period_of(period, day)
    following = period_of(period, window.last + DAY)
    preceding = period_of(period, window.first - DAY)
    assert following.first == window.last + DAY  # no gap, no overlap
    assert preceding.last == window.first - DAY
    assert period_of(period, window.first) == window == period_of(period, window.last)


@FAST
@given(DAYS, st.sampled_from(PERIODS), st.integers(0, 400))
def test_every_day_of_a_window_has_the_same_window(day, period, offset):
    window = period_of(period, day)
    inside = window.first + timedelta(days=offset % ((window.last - window.first).days + 1))
    assert period_of(period, inside) == window


@FAST
@given(DAYS)
def test_period_shapes(day):
    week, month, quarter, year = (period_of(p, day) for p in ("week", "month", "quarter", "year"))
    assert week.first.weekday() == 0 and week.last.weekday() == 6 and (week.last - week.first).days == 6
    assert month.first.day == 1 and (month.last + DAY).day == 1 and month.last.month == day.month
    assert quarter.first.month in (1, 4, 7, 10) and quarter.first.day == 1 and (quarter.last + DAY).day == 1
    assert (quarter.last + DAY).month in (1, 4, 7, 10)
    assert year == Window(date(day.year, 1, 1), date(day.year, 12, 31))


@pytest.mark.parametrize(
    ("period", "day", "first", "last"),
    [
        ("week", date(2026, 11, 23), date(2026, 11, 23), date(2026, 11, 29)),  # a Monday starts its week
        ("week", date(2026, 11, 29), date(2026, 11, 23), date(2026, 11, 29)),  # a Sunday ends it
        ("week", date(2026, 1, 1), date(2025, 12, 29), date(2026, 1, 4)),  # a week across the new year
        ("month", date(2024, 2, 10), date(2024, 2, 1), date(2024, 2, 29)),  # leap year
        ("month", date(2028, 2, 29), date(2028, 2, 1), date(2028, 2, 29)),
        ("month", date(2026, 2, 10), date(2026, 2, 1), date(2026, 2, 28)),
        ("month", date(2100, 2, 1), date(2100, 2, 1), date(2100, 2, 28)),  # a century that is no leap year
        ("month", date(2026, 12, 31), date(2026, 12, 1), date(2026, 12, 31)),
        ("quarter", date(2024, 3, 31), date(2024, 1, 1), date(2024, 3, 31)),
        ("quarter", date(2026, 4, 1), date(2026, 4, 1), date(2026, 6, 30)),
        ("quarter", date(2026, 12, 31), date(2026, 10, 1), date(2026, 12, 31)),
        ("year", date(2024, 2, 29), date(2024, 1, 1), date(2024, 12, 31)),
    ],
)
def test_period_of_examples(period, day, first, last):
    assert period_of(period, day) == Window(first, last)


def test_an_unknown_period_is_refused():
    with pytest.raises(ValueError, match="fortnight"):
        period_of("fortnight", date(2026, 11, 23))


# --- last_complete_period ------------------------------------------------------------------------------------


@FAST
@given(DAYS, st.sampled_from(PERIODS))
def test_the_last_complete_period_is_the_one_immediately_before_as_ofs_own(as_of, period):
    first, last = last_complete_period(period, as_of)
    own = period_of(period, as_of)
    assert last < own.first and last + DAY == own.first  # it has ended, and nothing lies between
    assert last < as_of
    assert period_of(period, first) == Window(first, last)  # a whole period, not a rolling span
    assert same_period(period, first, last) and not same_period(period, last, as_of)


@FAST
@given(DAYS, st.sampled_from(PERIODS))
def test_the_last_complete_period_is_the_same_all_through_a_period(as_of, period):
    own = period_of(period, as_of)
    assert last_complete_period(period, own.first) == last_complete_period(period, as_of)
    assert last_complete_period(period, own.last) == last_complete_period(period, as_of)
    assert last_complete_period(period, own.last + DAY) == (own.first, own.last)


@pytest.mark.parametrize(
    ("period", "as_of", "first", "last"),
    [
        ("week", date(2026, 11, 23), date(2026, 11, 16), date(2026, 11, 22)),  # Monday: last week just ended
        ("week", date(2026, 11, 22), date(2026, 11, 9), date(2026, 11, 15)),  # Sunday: its own week still runs
        ("week", date(2026, 1, 4), date(2025, 12, 22), date(2025, 12, 28)),  # Sunday of the week across the year
        ("week", date(2026, 1, 5), date(2025, 12, 29), date(2026, 1, 4)),  # Monday: a week across the year
        ("month", date(2026, 1, 1), date(2025, 12, 1), date(2025, 12, 31)),  # year end
        ("month", date(2024, 3, 1), date(2024, 2, 1), date(2024, 2, 29)),  # leap day is in February 2024
        ("month", date(2028, 3, 31), date(2028, 2, 1), date(2028, 2, 29)),
        ("month", date(2026, 3, 1), date(2026, 2, 1), date(2026, 2, 28)),
        ("month", date(2024, 2, 29), date(2024, 1, 1), date(2024, 1, 31)),  # on the leap day itself
        ("quarter", date(2026, 1, 1), date(2025, 10, 1), date(2025, 12, 31)),
        ("quarter", date(2026, 3, 31), date(2025, 10, 1), date(2025, 12, 31)),
        ("quarter", date(2026, 4, 1), date(2026, 1, 1), date(2026, 3, 31)),
        ("year", date(2026, 1, 1), date(2025, 1, 1), date(2025, 12, 31)),
        ("year", date(2025, 12, 31), date(2024, 1, 1), date(2024, 12, 31)),  # a leap year of 366 days
    ],
)
def test_last_complete_period_examples(period, as_of, first, last):
    assert last_complete_period(period, as_of) == (first, last)


# --- due windows (每月初, 每年2月和9月) ----------------------------------------------------------------------------


def eligible(day: date, months: tuple[int, ...], by_day: int | None) -> bool:
    """The definition: a day is inside a due window when its month is listed (or any) and it is not past by_day."""
    return (not months or day.month in months) and (by_day is None or day.day <= by_day)


MONTHS = st.one_of(st.just(()), st.lists(st.integers(1, 12), min_size=1, max_size=4, unique=True).map(tuple))
BY_DAY = st.one_of(st.none(), st.integers(1, 28))


@settings(max_examples=120, deadline=None)
@given(st.dates(min_value=date(2004, 1, 1), max_value=date(2030, 12, 31)), MONTHS, BY_DAY)
def test_due_windows_are_the_last_ended_window_and_the_running_one(as_of, months, by_day):
    ended, running = due_windows(as_of, months, by_day)
    # the ended window: its last day is the latest eligible day before as_of that is not in as_of's own window
    assert ended.last < as_of
    assert eligible(ended.first, months, by_day) and eligible(ended.last, months, by_day)
    assert ended.first.day == 1 and ended.first.month == ended.last.month
    after = [ended.last + timedelta(days=n) for n in range(1, (as_of - ended.last).days)]
    own_month = (as_of.year, as_of.month)
    assert not any(eligible(d, months, by_day) and (d.year, d.month) != own_month for d in after)
    if by_day is not None:
        assert (ended.last - ended.first).days + 1 == by_day
    else:
        assert ended == period_of("month", ended.first)
    # the running window: there exactly when as_of itself is eligible, and then it holds as_of
    assert (running is not None) == eligible(as_of, months, by_day)
    if running is not None:
        assert as_of in running and running.first == as_of.replace(day=1)
        assert running.last == (as_of.replace(day=by_day) if by_day else period_of("month", as_of).last)
        assert ended.last < running.first
    elif eligible(as_of.replace(day=1), months, by_day):  # as_of's month is listed but by_day has passed
        assert ended.first == as_of.replace(day=1)


@pytest.mark.parametrize(
    ("as_of", "months", "by_day", "ended", "running"),
    [
        # 每月初 (1st–10th of every month)
        (date(2026, 11, 5), (), 10, Window(date(2026, 10, 1), date(2026, 10, 10)), Window(date(2026, 11, 1), date(2026, 11, 10))),
        (date(2026, 11, 10), (), 10, Window(date(2026, 10, 1), date(2026, 10, 10)), Window(date(2026, 11, 1), date(2026, 11, 10))),
        (date(2026, 11, 11), (), 10, Window(date(2026, 11, 1), date(2026, 11, 10)), None),
        (date(2026, 1, 3), (), 10, Window(date(2025, 12, 1), date(2025, 12, 10)), Window(date(2026, 1, 1), date(2026, 1, 10))),
        # 每年2月和9月 (whole months)
        (date(2026, 2, 15), (2, 9), None, Window(date(2025, 9, 1), date(2025, 9, 30)), Window(date(2026, 2, 1), date(2026, 2, 28))),
        (date(2026, 3, 1), (2, 9), None, Window(date(2026, 2, 1), date(2026, 2, 28)), None),
        (date(2026, 11, 23), (2, 9), None, Window(date(2026, 9, 1), date(2026, 9, 30)), None),
        (date(2024, 3, 1), (2,), None, Window(date(2024, 2, 1), date(2024, 2, 29)), None),
        (date(2026, 1, 31), (2, 9), None, Window(date(2025, 9, 1), date(2025, 9, 30)), None),
        # both: the first 15 days of February and September
        (date(2026, 9, 16), (2, 9), 15, Window(date(2026, 9, 1), date(2026, 9, 15)), None),
        (date(2026, 9, 15), (2, 9), 15, Window(date(2026, 2, 1), date(2026, 2, 15)), Window(date(2026, 9, 1), date(2026, 9, 15))),
        # a single month a year: the ended window is a year back
        (date(2026, 6, 10), (6,), None, Window(date(2025, 6, 1), date(2025, 6, 30)), Window(date(2026, 6, 1), date(2026, 6, 30))),
    ],
)  # fmt: skip
def test_due_window_examples(as_of, months, by_day, ended, running):
    assert due_windows(as_of, months, by_day) == (ended, running)


# --- Window --------------------------------------------------------------------------------------------------


@FAST
@given(DAYS, st.sampled_from(PERIODS), st.integers(0, 400))
def test_days_left_counts_the_window_days_from_as_of_on(day, period, offset):
    window = period_of(period, day)
    as_of = window.first + timedelta(days=offset)
    remaining = sum(
        1 for n in range((window.last - window.first).days + 1) if window.first + timedelta(days=n) >= as_of
    )
    assert window.days_left(as_of) == remaining


def test_days_left_examples():
    week = Window(date(2026, 11, 23), date(2026, 11, 29))
    assert week.days_left(date(2026, 11, 23)) == 7  # Monday: the whole week, today included
    assert week.days_left(date(2026, 11, 26)) == 4  # Thursday
    assert week.days_left(date(2026, 11, 25)) == 5  # Wednesday
    assert week.days_left(date(2026, 11, 29)) == 1  # Sunday: today is the last day
    assert week.days_left(date(2026, 11, 30)) == 0  # ended
    assert week.days_left(date(2027, 5, 1)) == 0
    year = period_of("year", date(2024, 6, 1))
    assert year.days_left(date(2024, 1, 1)) == 366


def test_window_membership_is_inclusive_and_only_for_days():
    window = Window(date(2026, 11, 16), date(2026, 11, 22))
    assert date(2026, 11, 16) in window and date(2026, 11, 22) in window
    assert date(2026, 11, 15) not in window and date(2026, 11, 23) not in window
    assert None not in window and "2026-11-18" not in window


@pytest.mark.parametrize(
    ("period", "first", "last", "label"),
    [
        ("week", date(2026, 11, 16), date(2026, 11, 22), "2026-11-16至2026-11-22这一周"),
        ("month", date(2026, 2, 1), date(2026, 2, 28), "2026年2月"),
        ("month", date(2026, 2, 1), date(2026, 2, 10), "2026年2月（1日至10日）"),
        ("quarter", date(2026, 10, 1), date(2026, 12, 31), "2026年第4季度"),
        ("year", date(2025, 1, 1), date(2025, 12, 31), "2025年"),
    ],
)
def test_period_labels_name_the_right_span(period, first, last, label):
    assert period_label(period, first, last) == label
