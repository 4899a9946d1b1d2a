"""Publication dates as Chinese government sites write them, in text and in URLs, with year inference."""

from __future__ import annotations

import re
from datetime import date

# 2026-11-18, 2026/11/18, 2026.11.18, 2026-1-8, 2026年11月18日 (time of day may follow).
FULL_DATE = re.compile(r"(?<![\d.])((?:19|20)\d{2})\s*([-/.]|年)\s*(\d{1,2})\s*(?:\2|月)\s*(\d{1,2})(?!\d)\s*日?")
# A text that is nothing but a month and day: [11-18], (11/18), 11月18日.
MONTH_DAY_ONLY = re.compile(r"^[\[(（【]?\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*日?\s*[\])）】]?$")
# Dates inside URLs: /2026/11/18/, /2018-05/11/, art/2020/2/13/ and t20261118_, /20261118/.
URL_SPLIT_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})[/-](\d{1,2})[/-](\d{1,2})(?!\d)")
URL_COMPACT_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?!\d)")
# A label before a date that says it is NOT the publication date (至: 截至, 有效期至, the end of a range).
NOT_PUBLISHED_LABEL = re.compile(
    r"((成文|印发|生效|失效|截止|施行|实施|有效期|废止|开始|结束)[日时期间限]*|至|今天是?|今日|网站更新时间|当前时间)"
    r"\s*[:：]?\s*$"
)
# Words right after a date that make it a start or a deadline: 自2027年1月1日起施行, 请于12月1日前报送, …止.
NOT_PUBLISHED_AFTER = re.compile(r"^\s*(起(?!草)|之?前(?![往进来])|止)")

EARLIEST_YEAR = 1990


def make_date(year: int, month: int, day: int) -> date | None:
    """Return the date, or None when it does not exist or is implausibly old."""
    if year < EARLIEST_YEAR:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def infer_year(month: int, day: int, as_of: date) -> date | None:
    """Return the month-day in the latest year that does not put it after as_of (29 February: up to 4 years back)."""
    for year in range(as_of.year, as_of.year - 4, -1):
        found = make_date(year, month, day)
        if found is not None and found <= as_of:
            return found
    return None


def find_dates(text: str) -> list[tuple[date, int, int]]:
    """Return every full date in text as (date, start, end), skipping impossible ones."""
    found = []
    for match in FULL_DATE.finditer(text):
        if match.group(2) == "年" and "月" not in match.group(0):
            continue
        day = make_date(int(match.group(1)), int(match.group(3)), int(match.group(4)))
        if day is not None:
            found.append((day, match.start(), match.end()))
    return found


def published_dates(text: str) -> list[date]:
    """Return the full dates in text that are not labelled as another kind of date (成文日期, 截止, …起施行)."""
    return [
        day
        for day, start, end in find_dates(text)
        if not NOT_PUBLISHED_LABEL.search(text[max(0, start - 8) : start])
        and not NOT_PUBLISHED_AFTER.match(text[end : end + 4])
    ]


def parse_date(text: str, as_of: date | None = None) -> date | None:
    """Return the first publication date in text; a bare month-day needs as_of to infer its year."""
    dates = published_dates(text)
    if dates:
        return dates[0]
    match = MONTH_DAY_ONLY.match(text.strip())
    if match and as_of is not None:
        return infer_year(int(match.group(1)), int(match.group(2)), as_of)
    return None


def url_date(url: str) -> date | None:
    """Return the date a URL's path carries (/2026/11/18/, t20261118_), or None."""
    path = url.split("?", 1)[0].split("#", 1)[0]
    path = path.split("://", 1)[-1]
    path = path[path.find("/") :] if "/" in path else ""
    for pattern in (URL_SPLIT_DATE, URL_COMPACT_DATE):
        for match in pattern.finditer(path):
            day = make_date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            if day is not None:
                return day
    return None
