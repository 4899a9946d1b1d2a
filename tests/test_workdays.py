"""Working days (工作日) of the official calendar with its 调休 swaps, the config's overrides, and the 2027 gap.

The examples are days of the State Council's holiday notices for 2025 and 2026 as chinesecalendar carries them;
each is checked against chinesecalendar itself too, so a data update that moves a day shows here first.
"""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rules.ruleset import parse_ruleset
from rules.workdays import OFFICIAL, CalendarGap, WorkCalendar

DAY = timedelta(days=1)
KNOWN = st.dates(min_value=date(2004, 1, 1), max_value=date(2026, 12, 31))
FAST = settings(max_examples=80, deadline=None)

# (day, working?) — weekends that are working days (补班), weekdays that are holidays, and ordinary days beside them
SWAPS = [
    (date(2025, 1, 26), True),  # Sunday, 补班 before 春节 2025
    (date(2025, 2, 8), True),  # Saturday, 补班 after 春节 2025
    (date(2025, 1, 28), False),  # Tuesday, 除夕 2025
    (date(2025, 2, 4), False),  # Tuesday, last day of 春节 2025
    (date(2025, 2, 5), True),  # Wednesday, back at work
    (date(2025, 4, 4), False),  # Friday, 清明节
    (date(2025, 4, 27), True),  # Sunday, 补班 before 劳动节
    (date(2025, 5, 5), False),  # Monday, 劳动节
    (date(2025, 6, 2), False),  # Monday, 端午节
    (date(2025, 9, 28), True),  # Sunday, 补班 before 国庆节
    (date(2025, 10, 6), False),  # Monday, 中秋节 inside the National Day week
    (date(2025, 10, 8), False),  # Wednesday, last day of 国庆 2025
    (date(2025, 10, 9), True),  # Thursday, back at work
    (date(2025, 10, 11), True),  # Saturday, 补班 after 国庆 2025
    (date(2025, 10, 12), False),  # an ordinary Sunday
    (date(2026, 1, 2), False),  # Friday, 元旦 2026
    (date(2026, 1, 4), True),  # Sunday, 补班 for 元旦
    (date(2026, 2, 14), True),  # Saturday, 补班 before 春节 2026
    (date(2026, 2, 16), False),  # Monday, 除夕 2026
    (date(2026, 2, 23), False),  # Monday, last day of 春节 2026
    (date(2026, 2, 24), True),  # Tuesday, back at work
    (date(2026, 2, 28), True),  # Saturday, 补班 after 春节 2026
    (date(2026, 5, 5), False),  # Tuesday, 劳动节
    (date(2026, 5, 9), True),  # Saturday, 补班 after 劳动节
    (date(2026, 9, 20), True),  # Sunday, 补班 before 国庆 2026
    (date(2026, 9, 25), False),  # Friday, 中秋节 2026
    (date(2026, 10, 7), False),  # Wednesday, last day of 国庆 2026
    (date(2026, 10, 8), True),  # Thursday, back at work
    (date(2026, 10, 10), True),  # Saturday, 补班 after 国庆 2026
    (date(2026, 10, 11), False),  # an ordinary Sunday
    (date(2026, 11, 23), True),  # an ordinary Monday
]


@pytest.mark.parametrize(("day", "working"), SWAPS, ids=[d.isoformat() for d, _ in SWAPS])
def test_known_swaps_of_2025_and_2026(day, working):
    assert bool(chinese_calendar.is_workday(day)) is working  # the data say so …
    assert OFFICIAL.is_workday(day) is working  # … and so do we


def test_the_swaps_really_are_swaps():
    saturdays_on = [d for d, w in SWAPS if w and d.weekday() == 5]
    sundays_on = [d for d, w in SWAPS if w and d.weekday() == 6]
    weekdays_off = [d for d, w in SWAPS if not w and d.weekday() < 5]
    assert {d.year for d in saturdays_on} == {2025, 2026} and {d.year for d in weekdays_off} == {2025, 2026}
    assert sundays_on


def test_national_day_week_2026():
    week = [date(2026, 10, 1) + timedelta(days=n) for n in range(7)]
    assert not any(OFFICIAL.is_workday(d) for d in week)  # 10-01 … 10-07 all off, weekends included
    assert OFFICIAL.is_workday(date(2026, 10, 8)) and OFFICIAL.is_workday(date(2026, 10, 9))
    assert OFFICIAL.working_days_between(date(2026, 9, 30), date(2026, 10, 7)) == 0
    # a meeting on Wednesday 09-30: 10-08 (Thu) is the 1st working day after it, 10-09 (Fri) the 2nd,
    # the make-up Saturday 10-10 the 3rd; 10-12 (Mon) the 4th
    assert OFFICIAL.add_working_days(date(2026, 9, 30), 1) == date(2026, 10, 8)
    assert OFFICIAL.add_working_days(date(2026, 9, 30), 2) == date(2026, 10, 9)
    assert OFFICIAL.add_working_days(date(2026, 9, 30), 3) == date(2026, 10, 10)
    assert OFFICIAL.add_working_days(date(2026, 9, 30), 4) == date(2026, 10, 12)
    assert OFFICIAL.working_days_between(date(2026, 9, 30), date(2026, 10, 9)) == 2


def test_national_day_week_2025_with_mid_autumn_inside():
    off = [date(2025, 10, 1) + timedelta(days=n) for n in range(8)]  # 10-01 … 10-08
    assert not any(OFFICIAL.is_workday(d) for d in off)
    assert OFFICIAL.add_working_days(date(2025, 9, 30), 3) == date(2025, 10, 11)  # 10-09, 10-10, Saturday 10-11


def test_spring_festival_2026():
    off = [date(2026, 2, 15) + timedelta(days=n) for n in range(9)]  # Sunday 02-15 … Monday 02-23
    assert not any(OFFICIAL.is_workday(d) for d in off)
    assert OFFICIAL.is_workday(date(2026, 2, 14))  # the Saturday before is a working day
    # from Friday 02-13: Saturday 02-14 (补班), then 02-24, 02-25
    assert OFFICIAL.add_working_days(date(2026, 2, 13), 3) == date(2026, 2, 25)
    assert OFFICIAL.working_days_between(date(2026, 2, 13), date(2026, 2, 24)) == 2


def test_an_ordinary_week_counts_weekdays_only():
    assert OFFICIAL.add_working_days(date(2026, 11, 19), 3) == date(2026, 11, 24)  # Thu → Fri, Mon, Tue
    assert OFFICIAL.working_days_between(date(2026, 11, 20), date(2026, 11, 23)) == 1  # Fri → Mon
    assert OFFICIAL.working_days_between(date(2026, 11, 21), date(2026, 11, 22)) == 0  # a weekend


# --- properties within the data (2004–2026) --------------------------------------------------------------------


@FAST
@given(KNOWN)
def test_the_official_calendar_is_chinesecalendar(day):
    assert OFFICIAL.is_workday(day) is bool(chinese_calendar.is_workday(day))


@FAST
@given(st.dates(min_value=date(2004, 1, 1), max_value=date(2026, 10, 31)), st.integers(0, 30))
def test_working_days_between_undoes_add_working_days(start, n):
    end = OFFICIAL.add_working_days(start, n)
    assert OFFICIAL.working_days_between(start, end) == n
    if n:
        assert OFFICIAL.is_workday(end)  # the day the n-th working day is reached is itself a working day
        assert OFFICIAL.working_days_between(start, end - DAY) == n - 1  # … and not a day earlier
        assert end > start
    else:
        assert end == start


@FAST
@given(KNOWN, st.integers(0, 60), st.integers(0, 60))
def test_working_days_between_adds_up_and_is_at_most_the_calendar_days(start, a, b):
    middle, end = start + timedelta(days=a), start + timedelta(days=a + b)
    if end.year > 2026:
        return
    total = OFFICIAL.working_days_between(start, end)
    assert total == OFFICIAL.working_days_between(start, middle) + OFFICIAL.working_days_between(middle, end)
    assert 0 <= total <= (end - start).days
    assert OFFICIAL.working_days_between(end, start) == 0  # backwards: none, never negative


def test_a_long_span_is_refused_rather_than_walked_for_ever():
    with pytest.raises(ValueError, match="span"):
        OFFICIAL.working_days_between(date(2004, 1, 1), date(2026, 1, 1))


# --- a year outside the data ----------------------------------------------------------------------------------


@pytest.mark.parametrize("day", [date(2027, 1, 4), date(2027, 10, 1), date(2003, 12, 31)])
def test_a_year_outside_the_data_is_a_gap_naming_the_year(day):
    with pytest.raises(CalendarGap, match=str(day.year)) as info:
        OFFICIAL.is_workday(day)
    assert info.value.year == day.year
    assert "calendar:" in str(info.value)  # it says how to fill the gap
    assert not OFFICIAL.covers(day.year)


def test_counting_into_2027_raises_never_guesses_weekends_only():
    with pytest.raises(CalendarGap, match="2027"):
        OFFICIAL.add_working_days(date(2026, 12, 30), 3)
    with pytest.raises(CalendarGap, match="2027"):
        OFFICIAL.working_days_between(date(2026, 12, 30), date(2027, 1, 6))
    assert OFFICIAL.add_working_days(date(2026, 12, 30), 1) == date(2026, 12, 31)  # still inside 2026: fine
    assert OFFICIAL.covers(2026)


def test_overrides_naming_days_of_2027_make_it_countable():
    calendar = WorkCalendar.from_lists(
        holidays=(date(2027, 1, 1), date(2027, 2, 8)),  # a Friday and a Monday off
        workdays=(date(2027, 1, 9),),  # a Saturday on
    )
    assert calendar.covers(2027) and not calendar.covers(2028)
    assert not calendar.is_workday(date(2027, 1, 1))  # listed holiday
    assert not calendar.is_workday(date(2027, 1, 2)) and not calendar.is_workday(date(2027, 1, 3))  # weekend
    assert calendar.is_workday(date(2027, 1, 4))  # an ordinary Monday
    assert calendar.is_workday(date(2027, 1, 9))  # listed Saturday
    assert not calendar.is_workday(date(2027, 1, 10))  # an unlisted Sunday
    assert not calendar.is_workday(date(2027, 2, 8))
    assert calendar.add_working_days(date(2026, 12, 30), 3) == date(2027, 1, 5)  # 12-31, 01-04, 01-05
    assert calendar.working_days_between(date(2027, 1, 1), date(2027, 1, 10)) == 6  # 4th–8th and 9th
    with pytest.raises(CalendarGap, match="2028"):
        calendar.is_workday(date(2028, 1, 3))


def test_overrides_win_over_the_official_data():
    calendar = WorkCalendar.from_lists(
        holidays=(date(2026, 11, 24),),  # an official working Tuesday declared off (a local holiday)
        workdays=(date(2026, 10, 5), date(2026, 11, 22)),  # an official holiday and a Sunday declared on
    )
    assert not calendar.is_workday(date(2026, 11, 24))
    assert calendar.is_workday(date(2026, 10, 5)) and calendar.is_workday(date(2026, 11, 22))
    assert calendar.is_workday(date(2026, 11, 23)) and not calendar.is_workday(date(2026, 10, 6))  # the rest stays
    assert calendar.add_working_days(date(2026, 11, 23), 1) == date(2026, 11, 25)
    assert calendar.add_working_days(date(2026, 9, 30), 1) == date(2026, 10, 5)


def test_a_day_listed_as_both_is_a_workday():
    both = WorkCalendar.from_lists(holidays=(date(2026, 11, 24),), workdays=(date(2026, 11, 24),))
    assert both.is_workday(date(2026, 11, 24))


def test_a_ruleset_calendar_and_a_config_calendar_add_up():
    ruleset = parse_ruleset(
        {"rules": [], "calendar": {"holidays": [date(2027, 1, 1)], "workdays": [date(2026, 11, 22)]}}, "t.yaml"
    )
    assert ruleset.calendar.covers(2027) and ruleset.calendar.is_workday(date(2026, 11, 22))
    more = ruleset.with_calendar(holidays=(date(2026, 11, 24),))
    assert not more.calendar.is_workday(date(2026, 11, 24)) and more.calendar.is_workday(date(2026, 11, 22))
    assert not more.calendar.is_workday(date(2027, 1, 1)) and more.calendar.is_workday(date(2027, 1, 4))
    assert ruleset.calendar.is_workday(date(2026, 11, 24))  # the ruleset itself is unchanged
