"""A check for CI: JUnit XML for test reporters (GitLab, Jenkins, GitHub) and GitHub workflow annotations.

What fails the build is the user's choice (`--fail-on`): violations always; warnings and unreadable columns
when asked. JUnit shows every problem the same way whatever fails the build: a violation is a <failure>, an
unreadable column an <error>, a warning a <failure> only when warnings fail the build (else in <system-out>).
"""

from __future__ import annotations

from collections.abc import Iterable
from xml.etree import ElementTree as ET

from reports.check import category_label, summary_line
from rules.model import CheckResult, ColumnReport, Finding

FAIL_ON = ("violation", "warning", "error")
SITE_CASE = "全站指标"


def failing_statuses(fail_on: Iterable[str]) -> frozenset[str]:
    """Return the statuses that fail the build: violations always, plus warnings or errors when named."""
    return frozenset({"violation", *fail_on})


def fails(result: CheckResult, fail_on: Iterable[str]) -> bool:
    """Return True when a column or a site-level finding has a status that fails the build."""
    statuses = failing_statuses(fail_on)
    return any(c.status in statuses for c in result.columns) or any(s.status in statuses for s in result.sites)


def render_junit(result: CheckResult, fail_on: Iterable[str] = ()) -> str:
    """Return the check as JUnit XML: a testsuite per site, a testcase per column (and one for site-level rules)."""
    statuses = failing_statuses(fail_on)
    root = ET.Element("testsuites", name=f"govfresh {result.ruleset} {result.as_of.isoformat()}")
    totals = {"tests": 0, "failures": 0, "errors": 0}
    suites: dict[str, ET.Element] = {}
    for column in result.columns:
        suite = suites.get(column.site)
        if suite is None:
            suite = suites[column.site] = _suite(root, column.site, result)
        _column_case(suite, column, statuses)
    for site in result.sites:
        if site.findings:
            suite = suites.get(site.site) or _suite(root, site.site, result)
            case = ET.SubElement(suite, "testcase", classname=site.site, name=SITE_CASE, time="0")
            _findings(case, site.findings, statuses, f"{site.site} 全站")
    for suite in root:
        counts = _count(suite)
        suite.set("tests", str(counts["tests"]))
        suite.set("failures", str(counts["failures"]))
        suite.set("errors", str(counts["errors"]))
        suite.set("skipped", "0")
        for key in totals:
            totals[key] += counts[key]
    for key, value in totals.items():
        root.set(key, str(value))
    root.set("time", f"{result.elapsed:.2f}")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _suite(root: ET.Element, site: str, result: CheckResult) -> ET.Element:
    """Add a site's testsuite with the check's day and ruleset as properties."""
    suite = ET.SubElement(root, "testsuite", name=site, timestamp=f"{result.as_of.isoformat()}T00:00:00", time="0")
    properties = ET.SubElement(suite, "properties")
    ET.SubElement(properties, "property", name="as_of", value=result.as_of.isoformat())
    ET.SubElement(properties, "property", name="ruleset", value=result.ruleset)
    return suite


def _column_case(suite: ET.Element, column: ColumnReport, statuses: frozenset[str]) -> None:
    """Add a column's testcase: its failures, its error, and the rest as output."""
    case = ET.SubElement(
        suite, "testcase", classname=column.site, name=f"{column.name}［{category_label(column)}］", time="0"
    )
    if column.error:
        error = ET.SubElement(case, "error", type="unreadable", message=f"无法读取：{column.error}")
        error.text = f"无法读取：{column.error}\n栏目地址：{column.url}"
    _findings(case, [f for f in column.findings if not (column.error and f.severity == "error")], statuses, column.url)
    latest = column.newest
    lines = [f"栏目地址：{column.url}", f"状态：{column.status}"]
    if latest is not None:
        day = latest.published.isoformat() if latest.published else "日期不明"
        lines.append(f"最新信息：{latest.title}（{day}）{latest.url}")
    out = case.find("system-out")
    text = "\n".join(lines)
    if out is None:
        ET.SubElement(case, "system-out").text = text
    else:
        out.text = f"{text}\n{out.text}"


def _findings(case: ET.Element, findings: Iterable[Finding], statuses: frozenset[str], where: str) -> None:
    """Add a <failure> per violation (and per warning when warnings fail); other warnings go to <system-out>."""
    noted: list[str] = []
    for finding in findings:
        if finding.severity == "violation" or (finding.severity == "warning" and "warning" in statuses):
            failure = ET.SubElement(case, "failure", type=finding.rule, message=finding.message)
            failure.text = _detail(finding, where)
        elif finding.severity == "warning":
            noted.append(f"警告 [{finding.rule}] {finding.message}")
        elif finding.severity == "error" and case.find("error") is None:
            error = ET.SubElement(case, "error", type=finding.rule, message=finding.message)
            error.text = _detail(finding, where)
    if noted:
        ET.SubElement(case, "system-out").text = "\n".join(noted)


def _detail(finding: Finding, where: str) -> str:
    """Return a finding's body text: the rule, what it found, its source clause, where."""
    lines = [f"规则：{finding.rule}", finding.message]
    if finding.source:
        lines.append(f"依据：{finding.source}")
    lines.append(f"位置：{where}")
    return "\n".join(lines)


def _count(suite: ET.Element) -> dict[str, int]:
    """Return a testsuite's counts: testcases, those failing, those in error."""
    cases = suite.findall("testcase")
    return {
        "tests": len(cases),
        "failures": sum(1 for c in cases if c.find("failure") is not None and c.find("error") is None),
        "errors": sum(1 for c in cases if c.find("error") is not None),
    }


def render_github(result: CheckResult, fail_on: Iterable[str] = ()) -> str:
    """Return the check as GitHub Actions workflow commands: an annotation per problem, a notice with the summary."""
    statuses = failing_statuses(fail_on)
    lines: list[str] = []
    for column in result.columns:
        where = f"{column.site} {column.name}"
        if column.error:
            level = "error" if "error" in statuses else "warning"
            lines.append(_command(level, f"无法读取：{where}", f"{column.error}\n{column.url}"))
        for finding in column.findings:
            if column.error and finding.severity == "error":
                continue
            lines.extend(_annotation(finding, where, column.url, statuses))
    for site in result.sites:
        for finding in site.findings:
            lines.extend(_annotation(finding, f"{site.site} 全站指标", "", statuses))
    summary = f"{summary_line(result)} 规则集 {result.ruleset}，检查日期 {result.as_of.isoformat()}"
    lines.append(_command("notice", "govfresh 栏目更新检查", summary))
    return "\n".join(lines) + "\n"


def _annotation(finding: Finding, where: str, url: str, statuses: frozenset[str]) -> list[str]:
    """Return the workflow command of one finding (none for an ok finding)."""
    levels = {"violation": "error", "warning": "warning", "error": "error" if "error" in statuses else "warning"}
    level = levels.get(finding.severity)
    if level is None:
        return []
    label = {"violation": "违规", "warning": "警告", "error": "无法判断"}[finding.severity]
    body = finding.message + (f"（依据：{finding.source}）" if finding.source else "") + (f"\n{url}" if url else "")
    return [_command(level, f"{label}：{where}", body)]


def _command(level: str, title: str, message: str) -> str:
    """Return one workflow command line, its title and message escaped as the runner expects."""
    return f"::{level} title={_escape(title, True)}::{_escape(message)}"


def _escape(text: str, property_value: bool = False) -> str:
    """Escape text for a workflow command (%, CR and LF; also : and , in a property)."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property_value else text
