"""Calendar periods the rules speak of: natural weeks (Monday–Sunday), months, quarters, years, and due windows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

PERIODS = ("week", "month", "quarter", "year")
PERIOD_NAMES = {"week": "周", "month": "月", "quarter": "季度", "year": "年"}


@dataclass(frozen=True)
class Window:
    """A span of days a rule counts items in: first and last day, both included."""

    first: date
    last: date

    def __contains__(self, day: object) -> bool:
        """Return True when the day falls within the window."""
        return isinstance(day, date) and self.first <= day <= self.last

    def days_left(self, as_of: date) -> int:
        """Return the days left in the window counting as_of itself (0 once it has ended)."""
        return max(0, (self.last - as_of).days + 1)


def week_start(day: date) -> date:
    """Return the Monday of the natural week containing day."""
    return day - timedelta(days=day.weekday())


def month_start(day: date) -> date:
    """Return the first day of day's month."""
    return day.replace(day=1)


def _add_months(first: date, months: int) -> date:
    """Return the first day of the month `months` after first's month (negative: before)."""
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def period_of(period: str, day: date) -> Window:
    """Return the natural week, month, quarter or year containing day."""
    if period == "week":
        start = week_start(day)
        return Window(start, start + timedelta(days=6))
    if period == "month":
        start = month_start(day)
    elif period == "quarter":
        start = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    elif period == "year":
        start = date(day.year, 1, 1)
    else:
        raise ValueError(f"unknown period {period!r}")
    length = {"month": 1, "quarter": 3, "year": 12}[period]
    return Window(start, _add_months(start, length) - timedelta(days=1))


def last_complete_period(period: str, as_of: date) -> tuple[date, date]:
    """Return (first, last) day of the last natural period that ended before as_of's own."""
    window = period_of(period, period_of(period, as_of).first - timedelta(days=1))
    return window.first, window.last


def due_windows(as_of: date, months: tuple[int, ...] = (), by_day: int | None = None) -> tuple[Window, Window | None]:
    """Return the last ended and the current monthly due window (the listed months only, days 1–by_day).

    Calendar rules such as 每月初 (by_day: 10) or 每年2月和9月 (months: [2, 9]) count items in these windows.
    """
    current: Window | None = None
    first = month_start(as_of)
    for back in range(0, 25):
        start = _add_months(first, -back)
        if months and start.month not in months:
            continue
        end = _add_months(start, 1) - timedelta(days=1)
        window = Window(start, min(end, start + timedelta(days=(by_day or 31) - 1)))
        if window.last < as_of:
            return window, current
        if as_of in window:
            current = window
    raise ValueError("no due window within two years")  # unreachable: months are validated non-empty


def period_label(period: str, first: date, last: date) -> str:
    """Return a Chinese label for a period, e.g. '上周（2026-11-16至2026-11-22）', '2026年第3季度'."""
    if period == "week":
        return f"{first.isoformat()}至{last.isoformat()}这一周"
    if period == "month":
        if last.day < (_add_months(first, 1) - timedelta(days=1)).day:
            return f"{first.year}年{first.month}月（{first.day}日至{last.day}日）"
        return f"{first.year}年{first.month}月"
    if period == "quarter":
        return f"{first.year}年第{(first.month - 1) // 3 + 1}季度"
    return f"{first.year}年"
