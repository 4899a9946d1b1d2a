"""index.html: every report in a folder, newest first (the folder listing is passed in: no I/O here)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from reports.render import ENV

REPORT_NAME = re.compile(
    r"^(weekly)-(\d{4})-W(\d{2})\.html$|^(monthly)-(\d{4})-(\d{2})\.html$|^(quarterly)-(\d{4})-Q([1-4])\.html$"
)
KIND_LABELS = {"weekly": "周检查", "monthly": "月通报", "quarterly": "季评估"}


@dataclass(frozen=True)
class ReportFile:
    """A report in the folder: its file name, kind, period in Chinese, and the day its period starts."""

    filename: str
    kind: str
    period: str
    starts: date


def report_file(filename: str) -> ReportFile | None:
    """Recognise a report by its file name (weekly-2026-W48.html, monthly-2026-10.html, quarterly-2026-Q3.html)."""
    match = REPORT_NAME.match(filename)
    if match is None:
        return None
    if match.group(1):
        year, week = int(match.group(2)), int(match.group(3))
        return ReportFile(filename, "weekly", f"{year}年第{week}周", date.fromisocalendar(year, week, 1))
    if match.group(4):
        year, month = int(match.group(5)), int(match.group(6))
        return ReportFile(filename, "monthly", f"{year}年{month}月", date(year, month, 1))
    year, quarter = int(match.group(8)), int(match.group(9))
    return ReportFile(filename, "quarterly", f"{year}年第{quarter}季度", date(year, 3 * quarter - 2, 1))


def render_index(filenames: list[str], title: str = "政府网站栏目更新检查报告") -> str:
    """Return index.html listing the reports among filenames, newest period first."""
    reports = sorted(
        (r for name in filenames if (r := report_file(name))), key=lambda r: (r.starts, r.kind), reverse=True
    )
    return ENV.get_template("index.html.j2").render(title=title, reports=reports, kinds=KIND_LABELS)
