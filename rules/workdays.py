"""Working days (工作日) of the official calendar, with its 调休 swaps, and the config's overrides.

The official data come from chinesecalendar (the State Council's yearly holiday notices). A year the data do
not cover raises CalendarGap, so a rule can say it cannot count, never count weekends only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import chinese_calendar

# Working days counted at most when walking the calendar (a year and a half: far beyond any rule's span).
MAX_SPAN_DAYS = 550


class CalendarGap(ValueError):
    """A day outside the years the working-day calendar knows."""

    def __init__(self, day: date) -> None:
        """Name the year that is missing."""
        super().__init__(
            f"工作日历没有{day.year}年的放假调休数据（chinesecalendar 只覆盖到其发布时已公布的年份），"
            f"无法计算工作日：请升级 chinesecalendar，或在配置的 calendar: 中写明{day.year}年的 holidays 和 workdays"
        )
        self.year = day.year


@dataclass(frozen=True)
class WorkCalendar:
    """The official working-day calendar, with days the config declares off (holidays) or on (workdays)."""

    holidays: frozenset[date] = field(default_factory=frozenset)
    workdays: frozenset[date] = field(default_factory=frozenset)

    @classmethod
    def from_lists(cls, holidays: tuple[date, ...] = (), workdays: tuple[date, ...] = ()) -> WorkCalendar:
        """Return the calendar with the given overrides."""
        return cls(frozenset(holidays), frozenset(workdays))

    def covers(self, year: int) -> bool:
        """Return True when the official data or the overrides give this year's holidays."""
        if any(d.year == year for d in self.holidays | self.workdays):
            return True
        try:
            chinese_calendar.is_workday(date(year, 6, 1))
        except NotImplementedError:
            return False
        return True

    def is_workday(self, day: date) -> bool:
        """Return True when day is a working day; raise CalendarGap for a year without data."""
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        try:
            return bool(chinese_calendar.is_workday(day))
        except NotImplementedError:
            if self.covers(day.year):  # the config gives this year: weekends are off unless listed as workdays
                return day.weekday() < 5
            raise CalendarGap(day) from None

    def add_working_days(self, start: date, count: int) -> date:
        """Return the day on which `count` working days after start have passed (start itself not counted)."""
        day, passed = start, 0
        for _ in range(MAX_SPAN_DAYS):
            if passed >= count:
                return day
            day += timedelta(days=1)
            passed += self.is_workday(day)
        raise ValueError(f"{count} working days is beyond the calendar's span")

    def working_days_between(self, start: date, end: date) -> int:
        """Return the working days after start up to and including end (0 when end is not after start)."""
        if end <= start:
            return 0
        if (end - start).days > MAX_SPAN_DAYS:
            raise ValueError("span beyond the calendar's reach")
        return sum(self.is_workday(start + timedelta(days=n)) for n in range(1, (end - start).days + 1))


OFFICIAL = WorkCalendar()
