"""周检查: the weekly check of every column from the history, as a printable HTML page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from reports.render import ENV
from rules.check import judge_histories
from rules.model import ColumnHistory, ColumnReport, Finding, SiteReport
from rules.periods import last_complete_period
from rules.ruleset import Ruleset


@dataclass(frozen=True)
class WeeklyLine:
    """A column's line in the weekly check: its verdict, the rules it answers to, days without an update."""

    report: ColumnReport
    rules: str
    idle_days: int | None

    @property
    def reason(self) -> str:
        """Return why the column could not be judged: the crawl's error, or what the rules could not decide."""
        undecided = "；".join(f.message for f in self.report.findings if f.severity == "error")
        return self.report.error or undecided


@dataclass(frozen=True)
class WeeklyCheck:
    """The weekly check: the week judged, each unit's lines, what must be fixed, what could not be read."""

    as_of: date
    week: tuple[date, date]
    ruleset: Ruleset
    units: dict[str, list[WeeklyLine]]
    sites: dict[str, SiteReport]

    @property
    def lines(self) -> list[WeeklyLine]:
        """Return every line, unit by unit."""
        return [line for lines in self.units.values() for line in lines]

    @property
    def to_fix(self) -> list[tuple[WeeklyLine, Finding]]:
        """Return the violations to fix this week, with the finding (rule, message, source) of each."""
        return [(line, f) for line in self.lines for f in line.report.findings if f.severity == "violation"]

    @property
    def site_to_fix(self) -> list[tuple[str, Finding]]:
        """Return the site-level violations (national single-veto counts, missing directory areas) per unit."""
        return [(site, f) for site, report in self.sites.items() for f in report.findings if f.severity == "violation"]

    @property
    def unreadable(self) -> list[WeeklyLine]:
        """Return the columns that could not be read (never counted as violations)."""
        return [line for line in self.lines if line.report.status == "error"]

    def summary(self) -> dict[str, int]:
        """Return the counts of units, columns and each status."""
        counts = dict.fromkeys(("ok", "warning", "violation", "error"), 0)
        counts |= {"units": len(self.units), "columns": len(self.lines)}
        for line in self.lines:
            counts[line.report.status] += 1
        return counts


def build_weekly(columns: list[ColumnHistory], ruleset: Ruleset, as_of: date) -> WeeklyCheck:
    """Judge every column as the history stood on as_of."""
    units: dict[str, list[WeeklyLine]] = {}
    reports, sites = judge_histories(columns, ruleset, as_of)
    for column, report in zip(columns, reports, strict=True):
        rules = "；".join(rule.title for rule in ruleset.for_category(column.category))
        idle = (as_of - report.latest).days if report.latest and report.status == "violation" else None
        units.setdefault(column.site, []).append(WeeklyLine(report, rules, idle))
    by_site = {site.site: site for site in sites}
    return WeeklyCheck(as_of, last_complete_period("week", as_of), ruleset, units, by_site)


def weekly_filename(as_of: date) -> str:
    """Return the report's file name, named by the ISO week of the check (weekly-2026-W48.html)."""
    year, week, _ = as_of.isocalendar()
    return f"weekly-{year}-W{week:02d}.html"


def render_weekly(check: WeeklyCheck, title: str) -> str:
    """Return the weekly check as a self-contained HTML page."""
    year, week, _ = check.as_of.isocalendar()
    return ENV.get_template("weekly.html.j2").render(
        title=title, check=check, summary=check.summary(), week_label=f"{year}年第{week}周"
    )
