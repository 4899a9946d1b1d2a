"""`govfresh check` as a CI step: JUnit XML read by a real parser, GitHub annotations, --fail-on, --site, no side files."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from conftest import REPO, run_cli, write_config
from junitparser import Error, Failure, JUnitXml
from test_check_errors import closed_port

from crawler.demo.pages import page
from crawler.demo.portal import DEMO_AS_OF, DemoColumn, portal_config, write_column
from crawler.demo.server import serve

AS_OF = DEMO_AS_OF.isoformat()


@pytest.fixture(scope="module")
def demo_junit(demo_portal, tmp_path_factory):
    """The demo portal checked with --format junit into a file."""
    folder = tmp_path_factory.mktemp("junit")
    config = write_config(folder / "sites.yaml", portal_config(demo_portal.url))
    output = folder / "report.xml"
    run = run_cli("check", "--config", str(config), "--as-of", AS_OF, "--format", "junit", "--output", str(output))
    return run, output


def test_junit_is_read_by_a_junit_parser(demo_junit, demo_check):
    run, output = demo_junit
    assert run.code == 1  # the demo has violations
    assert run.stdout == ""  # the report went to --output
    xml = JUnitXml.fromfile(str(output))
    suites = {suite.name: suite for suite in xml}
    assert set(suites) == {c["site"] for c in demo_check["columns"]}
    for site, suite in suites.items():
        columns = [c for c in demo_check["columns"] if c["site"] == site]
        cases = [case for case in suite if case.name != "全站指标"]
        assert len(cases) == len(columns)
        assert suite.errors == sum(1 for c in columns if c["status"] == "error")
    violations = [c for c in demo_check["columns"] if c["status"] == "violation"]
    failed = [case for suite in xml for case in suite if any(isinstance(r, Failure) for r in case.result)]
    assert len([case for case in failed if case.name != "全站指标"]) == len(violations)


def test_junit_failure_names_rule_source_and_newest_item(demo_junit, demo_check):
    xml = JUnitXml.fromfile(str(demo_junit[1]))
    violation = next(c for c in demo_check["columns"] if c["status"] == "violation" and c["newest"])
    case = next(case for suite in xml for case in suite if case.name.startswith(violation["name"] + "［"))
    failures = [r for r in case.result if isinstance(r, Failure)]
    rules = {f["rule"] for f in violation["findings"] if f["severity"] == "violation"}
    assert {f.type for f in failures} == rules
    assert all("依据：" in f.text and f.message for f in failures)
    assert violation["newest"]["title"] in case.system_out


def test_junit_errors_and_warnings(demo_junit, demo_check):
    xml = JUnitXml.fromfile(str(demo_junit[1]))
    error = next(c for c in demo_check["columns"] if c["status"] == "error")
    case = next(case for suite in xml for case in suite if case.name.startswith(error["name"] + "［"))
    assert any(isinstance(r, Error) and "无法读取" in r.message for r in case.result)
    warned = next(c for c in demo_check["columns"] if c["status"] == "warning")
    case = next(
        case
        for suite in xml
        if suite.name == warned["site"]
        for case in suite
        if case.name.startswith(warned["name"] + "［")
    )
    assert not case.result  # a warning does not fail the build unless --fail-on warning
    assert "警告" in case.system_out


def test_github_annotations(demo_portal, tmp_path, demo_check):
    config = write_config(tmp_path / "sites.yaml", portal_config(demo_portal.url))
    run = run_cli("check", "--config", str(config), "--as-of", AS_OF, "--format", "github")
    assert run.code == 1
    lines = run.stdout.splitlines()
    assert all(line.startswith(("::error ", "::warning ", "::notice ")) for line in lines), lines[:3]
    assert all("\n" not in line and line.count("::") >= 2 for line in lines)
    violations = sum(1 for c in demo_check["columns"] for f in c["findings"] if f["severity"] == "violation") + sum(
        1 for s in demo_check["sites"] for f in s["findings"] if f["severity"] == "violation"
    )
    assert sum(1 for line in lines if line.startswith("::error title=违规")) == violations
    assert lines[-1].startswith("::notice title=govfresh 栏目更新检查::")
    assert "用时" in run.stderr  # the summary with the time taken goes to stderr


@pytest.fixture(scope="module")
def small_site(tmp_path_factory):
    """A site with one lively column and one that answers 500."""
    root = tmp_path_factory.mktemp("small-site")
    write_column(root / "site" / "gzdt", "测试单位", DemoColumn("工作动态", "gzdt", "trs", (1, 3, 9)), DEMO_AS_OF, 1)
    menu = '<div class="menu"><a href="./gzdt/">工作动态</a> <a href="./lxwm/">联系我们</a></div>'
    (root / "site" / "index.html").write_text(page("测试单位", "首页", menu, DEMO_AS_OF), encoding="utf-8")
    with serve(root) as server:
        yield server


def _config(tmp_path: Path, base: str, broken: bool) -> Path:
    """Write a config of the small site, with a column on a dead host when broken."""
    columns = [{"name": "工作动态", "url": f"{base}site/gzdt/", "category": "dynamic"}]
    if broken:
        columns.append({"name": "网站停机", "url": f"http://127.0.0.1:{closed_port()}/x/", "category": "dynamic"})
    data = {"settings": {"RETRY_TIMES": 0}, "sites": [{"name": "测试单位", "url": f"{base}site/", "columns": columns}]}
    return write_config(tmp_path / "sites.yaml", data)


def test_fail_on_error_is_the_users_choice(small_site, tmp_path):
    config = str(_config(tmp_path, small_site.url, broken=True))
    default = run_cli("check", "--config", config, "--as-of", AS_OF, "--format", "junit")
    assert default.code == 0, default.stderr  # an unreadable column alone does not fail the build …
    assert "连接被拒绝" in default.stdout
    ET.fromstring(default.stdout)  # only the XML on stdout
    strict = run_cli("check", "--config", config, "--as-of", AS_OF, "--format", "junit", "--fail-on", "error")
    assert strict.code == 1  # … unless asked
    both = run_cli("check", "--config", config, "--as-of", AS_OF, "--fail-on", "warning", "--fail-on", "error")
    assert both.code == 1


def test_fail_on_warning(small_site, tmp_path):
    config = str(_config(tmp_path, small_site.url, broken=False))
    # On Thursday with nothing yet this week the weekly rule warns (即将超期).
    run = run_cli("check", "--config", config, "--as-of", "2026-11-26", "--format", "json")
    statuses = {c["status"] for c in run.json()["columns"]}
    assert statuses == {"warning"}, run.stdout
    assert run.code == 0
    assert run_cli("check", "--config", config, "--as-of", "2026-11-26", "--fail-on", "warning").code == 1


def test_site_flag_discovers_and_checks(small_site, tmp_path):
    run = run_cli("check", "--site", f"{small_site.url}site/", "--as-of", AS_OF, "--format", "json")
    assert run.code == 0, run.stderr
    columns = {c["name"]: c for c in run.json()["columns"]}
    assert list(columns) == ["首页", "工作动态"]
    assert columns["工作动态"]["status"] == "ok" and columns["工作动态"]["latest"] == "2026-11-22"
    assert "用时" in run.stderr


def test_site_flag_on_a_dead_site_is_an_error_not_a_crash():
    url = f"http://127.0.0.1:{closed_port()}/"
    run = run_cli("check", "--site", url, "--as-of", AS_OF, "--format", "junit")
    assert run.code == 0, run.stderr
    assert "Traceback" not in run.stderr
    root = ET.fromstring(run.stdout)
    errors = root.findall(".//error")
    assert errors and "连接被拒绝" in errors[0].get("message")
    assert run_cli("check", "--site", url, "--as-of", AS_OF, "--fail-on", "error").code == 1


def test_config_or_site_but_not_both(tmp_path):
    assert run_cli("check").code == 2
    run = run_cli("check", "--config", "x.yaml", "--site", "http://127.0.0.1/")
    assert run.code == 2 and "--config" in run.stderr


def test_check_writes_nothing_but_its_output(small_site, tmp_path):
    """No database, no cache, no log file: the working folder, HOME and TMPDIR stay empty."""
    config = _config(tmp_path, small_site.url, broken=False)
    work, home, temp, out = (tmp_path / name for name in ("work", "home", "temp", "out"))
    for folder in (work, home, temp, out):
        folder.mkdir()
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "HOME": str(home),
        "TMPDIR": str(temp),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    args = ["check", "--config", str(config), "--as-of", AS_OF, "--format", "junit", "--output", str(out / "r.xml")]
    proc = subprocess.run(
        [sys.executable, "-m", "crawler", *args], cwd=work, env=env, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""
    assert [p.name for p in out.iterdir()] == ["r.xml"]
    assert not any(work.iterdir()) and not any(home.iterdir()) and not any(temp.iterdir())
