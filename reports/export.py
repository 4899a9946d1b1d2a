"""The reports' tables as CSV (UTF-8 with BOM, so Excel opens Chinese right) and as an Excel workbook."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Font

from reports.monthly import MonthlyBulletin
from reports.quarterly import QuarterlyEvaluation
from reports.render import STATUS_LABELS, category_name
from reports.weekly import WeeklyCheck


@dataclass(frozen=True)
class Table:
    """A named table: a sheet of the workbook, or one CSV file."""

    name: str
    header: tuple[str, ...]
    rows: list[tuple[object, ...]]


def weekly_tables(check: WeeklyCheck) -> list[Table]:
    """Return the weekly check's table: one row per column."""
    rows = []
    for line in check.lines:
        c = line.report
        problems = "；".join(f.message for f in c.findings if f.severity != "error")
        newest = c.newest.title if c.newest else ""
        rows.append(
            (
                c.site,
                c.name,
                category_name(c.category),
                line.rules,
                newest,
                c.latest,
                STATUS_LABELS[c.status],
                line.idle_days,
                problems,
                line.reason,
                c.url,
            )
        )
    header = (
        "单位",
        "栏目",
        "类别",
        "更新要求",
        "最新信息",
        "最新日期",
        "状态",
        "未更新天数",
        "问题",
        "无法读取原因",
        "栏目地址",
    )
    return [Table("周检查", header, rows)]


def monthly_tables(bulletin: MonthlyBulletin) -> list[Table]:
    """Return the bulletin's ranking and lapses."""
    ranking = [
        (
            n,
            s.unit,
            _pct(s.share),
            s.weeks_met,
            s.weeks,
            s.months_met,
            s.months,
            _pct(bulletin.previous.get(s.unit)),
            len(s.lapses),
            s.unobserved,
        )
        for n, s in enumerate(bulletin.ranked, start=1)
    ]
    lapses = [
        (s.unit, lapse.column, lapse.checked, lapse.message, lapse.source or lapse.rule, lapse.url)
        for s in bulletin.criticised
        for lapse in s.lapses
    ]
    return [
        Table(
            "排名",
            ("排名", "单位", "合规率%", "周合格", "周检查", "月合格", "月检查", "上月合规率%", "问题数", "未能判断"),
            ranking,
        ),
        Table("通报批评", ("单位", "栏目", "检查日期", "问题", "依据", "栏目地址"), lapses),
    ]


def quarterly_tables(evaluation: QuarterlyEvaluation) -> list[Table]:
    """Return the evaluation's scores and deductions."""
    titles = {d.rule: d.title for d in evaluation.scoring.deductions}
    scores = [
        (
            n,
            u.unit,
            u.score,
            u.previous,
            "；".join(f"{titles.get(r, r)} {k}次 -{p:g}" for r, (k, p) in u.deductions.items()),
        )
        for n, u in enumerate(evaluation.ranked, start=1)
    ]
    lapses = [
        (u.unit, lapse.column, lapse.checked, lapse.message, lapse.source or lapse.rule)
        for u in evaluation.ranked
        for lapse in u.lapses
    ]
    return [
        Table("得分", ("排名", "单位", "得分", "上季度", "扣分情况"), scores),
        Table("扣分明细", ("单位", "栏目", "检查日期", "问题", "依据"), lapses),
    ]


def to_csv(table: Table) -> bytes:
    """Return a table as CSV bytes (UTF-8 with BOM, dates as YYYY-MM-DD)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(table.header)
    writer.writerows([_cell(v) for v in row] for row in table.rows)
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(tables: list[Table]) -> bytes:
    """Return the tables as an Excel workbook, one sheet each, header in bold."""
    book = Workbook()
    book.remove(book.active)
    for table in tables:
        sheet = book.create_sheet(table.name)
        sheet.append(list(table.header))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append([v.isoformat() if isinstance(v, date) else v for v in row])
        for column, title in zip(sheet.columns, table.header, strict=False):
            sheet.column_dimensions[column[0].column_letter].width = max(8, min(60, 2 * len(title) + 4))
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cell(value: object) -> object:
    """Return a value as written to CSV."""
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, date) else value


def _pct(share: float | None) -> float | None:
    """Return a share as a percentage with one decimal."""
    return None if share is None else round(share * 100, 1)
