"""季评估: a score per unit for a quarter — the scoring table's base minus a deduction per lapse — ranked."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from datetime import date

from reports.charts import bar_chart, line_chart
from reports.monthly import Lapse, UnitScore, next_month, previous_month, score_month
from reports.render import ENV
from rules.model import ColumnHistory
from rules.ruleset import Ruleset
from rules.scoring import ScoringTable


@dataclass(frozen=True)
class UnitEvaluation:
    """A unit's quarter: its score, the deductions by rule, its lapses and monthly compliance."""

    unit: str
    score: float | None
    deductions: dict[str, tuple[int, float]]
    lapses: tuple[Lapse, ...]
    monthly_share: tuple[float | None, ...]
    previous: float | None


@dataclass(frozen=True)
class QuarterlyEvaluation:
    """The evaluation of a quarter: its months, the table used, every unit ranked."""

    year: int
    quarter: int
    months: tuple[date, ...]
    scoring: ScoringTable
    ruleset: Ruleset
    units: tuple[UnitEvaluation, ...]

    @property
    def ranked(self) -> list[UnitEvaluation]:
        """Return the units, best score first."""
        return sorted(self.units, key=lambda u: (u.score is None, -(u.score or 0), u.unit))


def quarter_months(year: int, quarter: int) -> tuple[date, date, date]:
    """Return the first days of the quarter's three months."""
    first = date(year, 3 * quarter - 2, 1)
    return first, next_month(first), next_month(next_month(first))


def _evaluate(months: list[list[UnitScore]], scoring: ScoringTable) -> dict[str, UnitEvaluation]:
    """Score each unit over the given months: base minus deductions, None when nothing could be judged."""
    units: dict[str, list[UnitScore]] = {}
    for scores in months:
        for score in scores:
            units.setdefault(score.unit, []).append(score)
    result = {}
    for unit, scores in units.items():
        lapses = [lapse for score in scores for lapse in score.lapses]
        counts = Counter(lapse.rule for lapse in lapses)
        deductions = {rule: (n, n * scoring.points(rule)) for rule, n in counts.items()}
        judged = any(score.share is not None for score in scores)
        total = max(0.0, scoring.base - sum(points for _, points in deductions.values())) if judged else None
        shares = tuple(score.share for score in scores)
        result[unit] = UnitEvaluation(unit, total, deductions, tuple(lapses), shares, None)
    return result


def build_quarterly(
    columns: list[ColumnHistory], ruleset: Ruleset, scoring: ScoringTable, year: int, quarter: int
) -> QuarterlyEvaluation:
    """Score every unit for the quarter, with the previous quarter's score for the trend."""
    months = quarter_months(year, quarter)
    before = months[0]
    previous = []
    for _ in range(3):
        before = previous_month(before)
        previous.insert(0, before)
    now = _evaluate([score_month(columns, ruleset, m) for m in months], scoring)
    then = _evaluate([score_month(columns, ruleset, m) for m in previous], scoring)
    units = tuple(replace(u, previous=then[u.unit].score if u.unit in then else None) for u in now.values())
    return QuarterlyEvaluation(year, quarter, months, scoring, ruleset, units)


def quarterly_filename(year: int, quarter: int) -> str:
    """Return the report's file name (quarterly-2026-Q3.html)."""
    return f"quarterly-{year}-Q{quarter}.html"


def render_quarterly(evaluation: QuarterlyEvaluation, area: str) -> str:
    """Return the evaluation as a self-contained HTML page with inline SVG charts."""
    title = f"{evaluation.year}年第{evaluation.quarter}季度{area}政府网站栏目更新情况评估"
    ranked = evaluation.ranked
    bars = [(u.unit, u.score / evaluation.scoring.base) for u in ranked if u.score is not None]
    points = [(f"{m.month}月", _overall_share(evaluation, i)) for i, m in enumerate(evaluation.months)]
    return ENV.get_template("quarterly.html.j2").render(
        title=title,
        e=evaluation,
        ranked=ranked,
        bar=bar_chart(bars, "各单位得分（占满分比例）"),
        trend=line_chart(points, "本季度各月合规率"),
        rule_titles={d.rule: d.title for d in evaluation.scoring.deductions},
    )


def _overall_share(evaluation: QuarterlyEvaluation, month_index: int) -> float | None:
    """Return the mean of the units' compliance in one month of the quarter (None without data)."""
    shares = [u.monthly_share[month_index] for u in evaluation.units if u.monthly_share[month_index] is not None]
    return sum(shares) / len(shares) if shares else None  # type: ignore[arg-type]
