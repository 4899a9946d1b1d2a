"""The CLI contract: exit codes 0 / 1 / 2, one readable line for bad input, stdout holding only the report."""

from __future__ import annotations

import json

import pytest
from conftest import run_cli, write_config

from crawler.demo.portal import DEMO_AS_OF, DemoColumn, write_column
from crawler.demo.server import serve


@pytest.fixture(scope="module")
def small_site(tmp_path_factory):
    """A site with one fresh, one stale and one future-dated (warning only) dynamic column."""
    root = tmp_path_factory.mktemp("small-site")
    write_column(root / "fresh", "小站", DemoColumn("工作动态", "fresh", "trs", (2, 8)), DEMO_AS_OF, 0)
    write_column(root / "stale", "小站", DemoColumn("乡镇动态", "stale", "trs", (20, 30)), DEMO_AS_OF, 1)
    write_column(root / "typo", "小站", DemoColumn("部门动态", "typo", "trs", (-300, 3)), DEMO_AS_OF, 2)
    with serve(root) as server:
        yield server


def site_config(tmp_path, base, *names):
    columns = [{"name": n, "url": f"{base}{path}/"} for n, path in names]
    return write_config(tmp_path / "sites.yaml", {"sites": [{"name": "小站", "url": base, "columns": columns}]})


def assert_one_line_error(run, *fragments):
    assert run.code == 2, (run.code, run.stdout, run.stderr)
    assert run.stdout == ""
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr
    assert "Traceback" not in run.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


def test_exit_0_when_no_violation(small_site, tmp_path):
    config = site_config(tmp_path, small_site.url, ("工作动态", "fresh"))
    run = run_cli("check", "--config", str(config), "--as-of", "2026-11-23")
    assert run.code == 0, run.stderr
    assert "工作动态" in run.stdout and "合格1" in run.stdout


def test_exit_1_on_violation_and_json_only_on_stdout(small_site, tmp_path):
    config = site_config(tmp_path, small_site.url, ("工作动态", "fresh"), ("乡镇动态", "stale"))
    run = run_cli("check", "--config", str(config), "--as-of", "2026-11-23", "--format", "json")
    assert run.code == 1
    document = json.loads(run.stdout)  # nothing but the JSON on stdout
    assert set(document) >= {"as_of", "ruleset", "columns", "summary"}
    column = document["columns"][1]
    assert set(column) >= {"site", "name", "url", "category", "latest", "status", "findings"}
    assert column["status"] == "violation"


def test_warning_fails_only_with_fail_on_warning(small_site, tmp_path):
    config = site_config(tmp_path, small_site.url, ("部门动态", "typo"))
    assert run_cli("check", "--config", str(config), "--as-of", "2026-11-23").code == 0
    assert run_cli("check", "--config", str(config), "--as-of", "2026-11-23", "--fail-on", "warning").code == 1


def test_output_file_and_html_format(small_site, tmp_path):
    config = site_config(tmp_path, small_site.url, ("工作动态", "fresh"))
    out = tmp_path / "report.html"
    run = run_cli("check", "--config", str(config), "--as-of", "2026-11-23", "--format", "html", "--output", str(out))
    assert run.code == 0 and run.stdout == ""
    assert "<!DOCTYPE html>" in out.read_text(encoding="utf-8")


def test_as_of_changes_the_verdict(small_site, tmp_path):
    config = site_config(tmp_path, small_site.url, ("乡镇动态", "stale"))
    # As of 2026-11-09 the stale column's newest item (2026-11-03) fell in the last complete week.
    assert run_cli("check", "--config", str(config), "--as-of", "2026-11-09").code == 0


def test_missing_config_file(tmp_path):
    assert_one_line_error(run_cli("check", "--config", str(tmp_path / "nope.yaml")), "nope.yaml", "不存在")


def test_yaml_syntax_error_names_file_and_line(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("sites:\n  - name: 示例县\n    columns: [\n", encoding="utf-8")
    assert_one_line_error(run_cli("check", "--config", str(path)), "bad.yaml", "YAML")


@pytest.mark.parametrize(
    ("column", "fragments"),
    [
        ({"name": "工作动态"}, ("工作动态", "缺少 url")),
        ({"name": "工作动态", "url": "ftp://x.gov.cn/"}, ("工作动态", "http")),
        ({"name": "工作动态", "url": "http://x.gov.cn/", "category": "weekly"}, ("工作动态", "weekly", "dynamic")),
        ({"url": "http://x.gov.cn/"}, ("缺少 name",)),
    ],
)
def test_bad_column_entries(tmp_path, column, fragments):
    config = write_config(tmp_path / "sites.yaml", {"sites": [{"name": "示例县人民政府", "columns": [column]}]})
    assert_one_line_error(run_cli("check", "--config", str(config)), "sites.yaml", *fragments)


def test_no_sites(tmp_path):
    config = write_config(tmp_path / "sites.yaml", {"ruleset": "zwgk-2021"})
    assert_one_line_error(run_cli("check", "--config", str(config)), "sites")


def test_bad_as_of(tmp_path):
    config = write_config(
        tmp_path / "sites.yaml",
        {"sites": [{"name": "县", "columns": [{"name": "动态", "url": "http://127.0.0.1:9/"}]}]},
    )
    assert_one_line_error(run_cli("check", "--config", str(config), "--as-of", "2026-13-01"), "--as-of", "YYYY-MM-DD")


def test_bad_setting_value(tmp_path):
    data = {
        "settings": {"DOWNLOAD_TIMEOUT": "soon"},
        "sites": [{"name": "县", "columns": [{"name": "动态", "url": "http://127.0.0.1:9/"}]}],
    }
    assert_one_line_error(
        run_cli("check", "--config", str(write_config(tmp_path / "s.yaml", data))), "DOWNLOAD_TIMEOUT"
    )


def test_unknown_ruleset(tmp_path):
    data = {
        "ruleset": "no-such-rules",
        "sites": [{"name": "县", "columns": [{"name": "动态", "url": "http://127.0.0.1:9/"}]}],
    }
    assert_one_line_error(run_cli("check", "--config", str(write_config(tmp_path / "s.yaml", data))), "no-such-rules")


def test_help_lists_the_commands():
    run = run_cli("--help")
    assert run.code == 0
    assert "check" in run.stdout and "demo" in run.stdout
