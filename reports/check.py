"""Render a check's result as terminal text, the JSON contract, or a printable HTML page."""

from __future__ import annotations

import json

from reports.render import ENV, category_name
from rules.model import CheckResult, ColumnReport

STATUS_MARKS = {"ok": "✔", "warning": "!", "violation": "✘", "error": "?"}


def category_label(column: ColumnReport) -> str:
    """Return the column's category in Chinese, marked when it was guessed from the name."""
    label = category_name(column.category)
    return f"{label}（按名称推断）" if column.category_guessed else label


def summary_line(result: CheckResult) -> str:
    """Return the one-line Chinese summary of a check."""
    s = result.summary()
    vetoes = f"；全站指标违规{s['site_violations']}项" if s["site_violations"] else ""
    return (
        f"共{s['columns']}个栏目：合格{s['ok']}，警告{s['warning']}，违规{s['violation']}，"
        f"无法读取{s['error']}{vetoes}（抓取{result.pages}页，用时{result.elapsed:.1f}秒）"
    )


def render_text(result: CheckResult) -> str:
    """Return the check as plain text for a terminal, grouped by site."""
    lines = [f"govfresh 栏目更新检查  检查日期 {result.as_of.isoformat()}  规则集 {result.ruleset}", ""]
    site_findings = {s.site: s.findings for s in result.sites}
    site = None
    for column in result.columns:
        if column.site != site:
            site = column.site
            lines.append(site)
            for f in site_findings.get(site, ()):
                lines.append(f"  {STATUS_MARKS[f.severity]} 全站 {f.severity}: {f.message}")
        latest = column.latest.isoformat() if column.latest else "—"
        mark = STATUS_MARKS[column.status]
        lines.append(f"  {mark} {column.status:<9} {column.name}［{category_label(column)}］ 最新 {latest}")
        lines.extend(f"      {f.severity}: {f.message}" for f in column.findings)
        if column.status != "ok":
            lines.append(f"      {column.url}")
    lines += ["", summary_line(result)]
    return "\n".join(lines) + "\n"


def render_json(result: CheckResult) -> str:
    """Return the check as the JSON document of the contract."""
    return json.dumps(result.as_dict(), ensure_ascii=False, indent=2) + "\n"


def render_html(result: CheckResult, title: str = "栏目更新检查结果") -> str:
    """Return the check as a self-contained printable HTML page (everything from crawled pages escaped)."""
    sites: dict[str, list[ColumnReport]] = {}
    for column in result.columns:
        sites.setdefault(column.site, []).append(column)
    return ENV.get_template("check.html.j2").render(
        title=title,
        result=result,
        summary=result.summary(),
        summary_line=summary_line(result),
        sites=sites,
        site_findings={s.site: s.findings for s in result.sites},
        category_label=category_label,
    )
