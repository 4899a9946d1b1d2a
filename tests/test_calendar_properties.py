"""Date arithmetic of the rules, as properties (hypothesis): periods, due windows, working days with 调休."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rules.periods import PERIODS, Window, due_windows, last_complete_period, period_of
from rules.workdays import CalendarGap, WorkCalendar

DAYS = st.dates(min_value=date(2004, 1, 1), max_value=date(2026, 12, 31))
OFFICIAL = WorkCalendar()


@given(DAYS, st.sampled_from(PERIODS))
def test_a_period_contains_its_day_and_the_next_starts_the_day_after(day, period):
    window = period_of(period, day)
    assert day in window
    assert period_of(period, window.last + timedelta(days=1)).first == window.last + timedelta(days=1)
    assert period_of(period, window.first - timedelta(days=1)).last == window.first - timedelta(days=1)


@given(DAYS, st.sampled_from(PERIODS))
def test_the_last_complete_period_is_the_one_just_before(day, period):
    first, last = last_complete_period(period, day)
    assert last == period_of(period, day).first - timedelta(days=1)
    assert period_of(period, first) == Window(first, last)


@pytest.mark.parametrize(
    ("period", "day", "expected"),
    [
        ("week", date(2026, 11, 23), (date(2026, 11, 16), date(2026, 11, 22))),  # Monday
        ("week", date(2026, 11, 22), (date(2026, 11, 9), date(2026, 11, 15))),  # Sunday: its own week still runs
        ("month", date(2024, 3, 1), (date(2024, 2, 1), date(2024, 2, 29))),  # leap year
        ("quarter", date(2026, 1, 5), (date(2025, 10, 1), date(2025, 12, 31))),  # across the year
        ("year", date(2026, 11, 23), (date(2025, 1, 1), date(2025, 12, 31))),
    ],
)
def test_period_examples(period, day, expected):
    assert last_complete_period(period, day) == expected


@given(DAYS, st.lists(st.integers(1, 12), min_size=1, max_size=4, unique=True), st.integers(1, 28))
def test_due_windows_end_before_the_day_and_the_running_one_holds_it(day, months, by_day):
    ended, running = due_windows(day, tuple(months), by_day)
    assert ended.last < day and ended.first.month in months and ended.first.day == 1
    assert (ended.last - ended.first).days + 1 <= by_day
    if running is not None:
        assert day in running and running.first.month in months


def test_window_days_left_counts_today():
    week = period_of("week", date(2026, 11, 19))  # Thursday
    assert week.days_left(date(2026, 11, 19)) == 4 and week.days_left(date(2026, 11, 30)) == 0


@settings(max_examples=60)
@given(st.dates(min_value=date(2004, 1, 1), max_value=date(2026, 10, 31)), st.integers(0, 20))
def test_adding_n_working_days_spans_n_working_days(start, n):
    end = OFFICIAL.add_working_days(start, n)
    assert OFFICIAL.working_days_between(start, end) == n
    assert n == 0 or OFFICIAL.is_workday(end)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 10, 1), False),  # 国庆节
        (date(2026, 10, 7), False),
        (date(2026, 10, 10), True),  # Saturday, a 调休 make-up working day
        (date(2026, 10, 11), False),  # an ordinary Sunday
        (date(2025, 1, 26), True),  # Sunday before 春节 2025, make-up day
        (date(2025, 1, 29), False),  # 春节
    ],
)
def test_the_official_calendar_with_its_swaps(day, working):
    assert OFFICIAL.is_workday(day) is working


def test_a_meeting_before_national_day_counts_working_days_across_the_holiday():
    # 10-01…10-07 off; 10-08 Thu, 10-09 Fri and the make-up Saturday 10-10 are the three working days
    assert OFFICIAL.add_working_days(date(2026, 9, 30), 3) == date(2026, 10, 10)
    assert OFFICIAL.working_days_between(date(2026, 9, 30), date(2026, 10, 9)) == 2


def test_a_year_without_data_is_a_gap_not_weekends_only():
    with pytest.raises(CalendarGap, match="2027"):
        OFFICIAL.add_working_days(date(2026, 12, 30), 3)
    declared = WorkCalendar.from_lists(holidays=(date(2027, 1, 1),), workdays=(date(2027, 1, 2),))
    assert declared.add_working_days(date(2026, 12, 30), 3) == date(2027, 1, 4)  # 12-31, 01-02 (swap), 01-04


def test_overrides_win_over_the_official_data():
    calendar = WorkCalendar.from_lists(holidays=(date(2026, 11, 24),), workdays=(date(2026, 11, 22),))
    assert not calendar.is_workday(date(2026, 11, 24)) and calendar.is_workday(date(2026, 11, 22))
