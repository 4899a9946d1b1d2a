"""Calendar periods the rules speak of: natural weeks (Monday–Sunday), months, years."""

from __future__ import annotations

from datetime import date, timedelta


def week_start(day: date) -> date:
    """Return the Monday of the natural week containing day."""
    return day - timedelta(days=day.weekday())


def month_start(day: date) -> date:
    """Return the first day of day's month."""
    return day.replace(day=1)


def last_complete_period(period: str, as_of: date) -> tuple[date, date]:
    """Return (first, last) day of the last natural week or month that ended before as_of's own."""
    if period == "week":
        start = week_start(as_of) - timedelta(days=7)
        return start, start + timedelta(days=6)
    if period == "month":
        end = month_start(as_of) - timedelta(days=1)
        return end.replace(day=1), end
    raise ValueError(f"unknown period {period!r}")


def period_label(period: str, first: date, last: date) -> str:
    """Return a Chinese label for a period, e.g. '上周（2026-11-16至2026-11-22）'."""
    if period == "week":
        return f"上周（{first.isoformat()}至{last.isoformat()}）"
    return f"上月（{first.year}年{first.month}月）"
