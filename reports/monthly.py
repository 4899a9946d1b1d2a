"""月通报: the monthly bulletin — units ranked by the share of column-weeks and column-months that met the rules.

A week is judged on the Monday after it, a month on the 1st after it, from the history: an item published in
the period counts if the history saw it by the bulletin's day, even if it was later removed. A period counts
only when the column was read successfully after it ended, back to the period's start (a crawl pages only as
far as the rules need); otherwise it is "not observed" and never a lapse.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from markupsafe import Markup

from reports.charts import bar_chart, line_chart
from reports.render import ENV
from rules.check import judge_histories
from rules.engine import Context, evaluate
from rules.model import ColumnHistory, ColumnSnapshot
from rules.ruleset import Ruleset

TREND_MONTHS = 6


@dataclass(frozen=True)
class Lapse:
    """A column that missed a rule in a period."""

    column: str
    url: str
    rule: str
    message: str
    source: str
    checked: date


@dataclass
class UnitScore:
    """A unit's month: periods checked and met, lapses, periods that could not be judged."""

    unit: str
    weeks_met: int = 0
    weeks: int = 0
    months_met: int = 0
    months: int = 0
    unobserved: int = 0
    lapses: list[Lapse] = field(default_factory=list)

    @property
    def share(self) -> float | None:
        """Return the share of checked column-periods that met their rule (None: nothing could be judged)."""
        total = self.weeks + self.months
        return (self.weeks_met + self.months_met) / total if total else None


@dataclass(frozen=True)
class MonthlyBulletin:
    """The bulletin's data: the month, each unit's score this month and the previous one, the trend."""

    month: date
    ruleset: Ruleset
    scores: list[UnitScore]
    previous: dict[str, float | None]
    trend: list[tuple[date, float | None]]
    columns: int

    @property
    def ranked(self) -> list[UnitScore]:
        """Return the units best first (units with nothing judged last)."""
        return sorted(self.scores, key=lambda s: (s.share is None, -(s.share or 0), s.unit))

    @property
    def criticised(self) -> list[UnitScore]:
        """Return the units named for lapses (通报批评), most lapses first."""
        return sorted((s for s in self.scores if s.lapses), key=lambda s: (-len(s.lapses), s.unit))

    @property
    def improved(self) -> list[tuple[UnitScore, float]]:
        """Return the units whose share rose over the previous month, with the rise."""
        rises = []
        for score in self.scores:
            before = self.previous.get(score.unit)
            if score.share is not None and before is not None and score.share > before:
                rises.append((score, score.share - before))
        return sorted(rises, key=lambda pair: -pair[1])

    def totals(self) -> dict[str, int]:
        """Return the month's counts."""
        return {
            "units": len(self.scores),
            "columns": self.columns,
            "weeks": sum(s.weeks for s in self.scores),
            "weeks_met": sum(s.weeks_met for s in self.scores),
            "months": sum(s.months for s in self.scores),
            "months_met": sum(s.months_met for s in self.scores),
            "lapses": sum(len(s.lapses) for s in self.scores),
            "unobserved": sum(s.unobserved for s in self.scores),
        }


def next_month(first: date) -> date:
    """Return the first day of the month after first's."""
    return (first.replace(day=28) + timedelta(days=4)).replace(day=1)


def previous_month(first: date) -> date:
    """Return the first day of the month before first's."""
    return (first - timedelta(days=1)).replace(day=1)


def week_checks(first: date) -> list[date]:
    """Return the Mondays after the natural weeks that end (on Sunday) within the month."""
    end = next_month(first)
    return [day + timedelta(days=1) for day in _days(first, end) if day.weekday() == 6]


def score_month(columns: list[ColumnHistory], ruleset: Ruleset, first: date) -> list[UnitScore]:
    """Score every unit for the month starting on first; site-level violations at the month's end are listed too."""
    known_by = next_month(first)
    scores: dict[str, UnitScore] = {}
    snapshots = {id(c): _known(c, known_by) for c in columns}
    peers: dict[str, list[ColumnSnapshot]] = {}
    for column in columns:
        peers.setdefault(column.site, []).append(snapshots[id(column)])
    contexts = {site: Context(site, tuple(mine), ruleset.calendar) for site, mine in peers.items()}
    for column in columns:
        score = scores.setdefault(column.site, UnitScore(column.site))
        rules = ruleset.for_category(column.category)
        weekly = {r.id for r in rules if r.kind == "periodic" and r.params.get("period") == "week"}
        others = {r.id for r in rules} - weekly
        judge = _Judge(column, snapshots[id(column)], contexts[column.site], ruleset, known_by, score)
        for day in week_checks(first):
            if weekly:
                met = judge(day, weekly, day - timedelta(days=7))
                if met is not None:
                    score.weeks += 1
                    score.weeks_met += met
        if others:
            met = judge(known_by, others, first)
            if met is not None:
                score.months += 1
                score.months_met += met
    for site in judge_histories(columns, ruleset, known_by)[1]:
        for finding in site.findings:
            if finding.severity == "violation":
                lapse = Lapse("（全站指标）", "", finding.rule, finding.message, finding.source, known_by)
                scores[site.site].lapses.append(lapse)
    return list(scores.values())


def _known(column: ColumnHistory, known_by: date) -> ColumnSnapshot:
    """Return the column with every entry the history had seen by known_by."""
    entries = tuple(s.entry for s in column.entries if s.first_seen <= known_by)
    return ColumnSnapshot(column.name, column.url, column.category, entries, options=column.options)


@dataclass(frozen=True)
class _Judge:
    """Judges a column's rules on a check day from what the history knew by the bulletin's day."""

    column: ColumnHistory
    snapshot: ColumnSnapshot
    context: Context
    ruleset: Ruleset
    known_by: date
    score: UnitScore

    def __call__(self, day: date, rule_ids: set[str], period_start: date) -> bool | None:
        """Judge the given rules on day; None without a successful reading, after the period ended,
        that read the list back to the period's start (a list read only partly proves nothing missing)."""
        readings = [
            o
            for o in self.column.observations
            if day <= o.observed <= self.known_by and o.status == "ok" and o.covers(period_start)
        ]
        if not readings:
            self.score.unobserved += 1
            return None
        verdict = evaluate(self.snapshot, self.ruleset, day, self.context)
        findings = [f for f in verdict.findings if f.rule in rule_ids and f.severity in ("violation", "error")]
        if any(f.severity == "error" for f in findings):
            self.score.unobserved += 1
            return None
        for f in findings:
            self.score.lapses.append(Lapse(self.column.name, self.column.url, f.rule, f.message, f.source, day))
        return not findings


def build_monthly(columns: list[ColumnHistory], ruleset: Ruleset, first: date) -> MonthlyBulletin:
    """Build the bulletin for the month starting on first, with the previous month and a 6-month trend."""
    scores = score_month(columns, ruleset, first)
    before = previous_month(first)
    previous = {s.unit: s.share for s in score_month(columns, ruleset, before)}
    trend_months = [first]
    for _ in range(TREND_MONTHS - 1):
        trend_months.insert(0, previous_month(trend_months[0]))
    trend = [
        (month, _overall(score_month(columns, ruleset, month) if month != first else scores)) for month in trend_months
    ]
    return MonthlyBulletin(first, ruleset, scores, previous, trend, len(columns))


def _overall(scores: list[UnitScore]) -> float | None:
    """Return the share of all judged column-periods that met their rule."""
    met = sum(s.weeks_met + s.months_met for s in scores)
    total = sum(s.weeks + s.months for s in scores)
    return met / total if total else None


def _days(start: date, end: date) -> list[date]:
    """Return the days from start up to (not including) end."""
    return [start + timedelta(days=n) for n in range((end - start).days)]


def monthly_filename(first: date) -> str:
    """Return the bulletin's file name (monthly-2026-10.html)."""
    return f"monthly-{first:%Y-%m}.html"


def render_monthly(bulletin: MonthlyBulletin, area: str) -> str:
    """Return the bulletin as a self-contained HTML page with inline SVG charts."""
    month = bulletin.month
    title = f"关于{month.year}年{month.month}月{area}政府网站栏目更新情况的通报"
    bars = [(s.unit, s.share) for s in bulletin.ranked if s.share is not None]
    charts: dict[str, Markup] = {
        "bar": bar_chart(bars, "各单位栏目更新合规率"),
        "trend": line_chart([(f"{m.month}月", share) for m, share in bulletin.trend], "近6个月合规率"),
    }
    return ENV.get_template("monthly.html.j2").render(
        title=title, b=bulletin, totals=bulletin.totals(), charts=charts, area=area
    )
