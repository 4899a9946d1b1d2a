"""Rulesets from the command line: `govfresh rules`, user rulesets that extend a bundled one, config options
the rules read, and site-level (per unit) findings in a real crawl of a local site."""

from __future__ import annotations

import pytest
from conftest import run_cli, write_config

from crawler.demo.portal import DEMO_AS_OF, DemoColumn, write_column
from crawler.demo.server import serve
from rules import load_ruleset


@pytest.mark.parametrize("name", ["zwgk-2021", "national-2019"])
def test_rules_prints_every_rule_with_its_source(name):
    run = run_cli("rules", name)
    assert run.code == 0, run.stderr
    for rule in load_ruleset(name).rules:
        assert rule.id in run.stdout and rule.source in run.stdout
    assert "判定：" in run.stdout and "适用：" in run.stdout


def test_rules_defaults_to_zwgk_2021_and_names_the_others():
    run = run_cli("rules")
    assert run.code == 0 and "规则集 zwgk-2021" in run.stdout and "national-2019" in run.stdout


def test_a_user_ruleset_extends_a_bundled_one(tmp_path):
    (tmp_path / "my.yaml").write_text(
        """extends: zwgk-2021
name: 某县2026
disable: [head-interprets]
rules:
  - id: overview-yearly
    due: "02-28"
  - id: notices-early
    kind: periodic
    categories: [dynamic]
    period: month
    by_day: 10
    match: 通知|公告
    title: 通知公告每月上旬至少更新1条
    source: 《某县2026年政务公开工作要点》三（一）
""",
        encoding="utf-8",
    )
    run = run_cli("rules", str(tmp_path / "my.yaml"))
    assert run.code == 0, run.stderr
    assert "规则集 某县2026" in run.stdout and "扩展自 zwgk-2021" in run.stdout
    assert "head-interprets" not in run.stdout
    assert "每年2月28日前" in run.stdout and "每月1日至10日至少1条信息（标题含：通知|公告）" in run.stdout


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        (
            "extends: zwgk-2021\nrules:\n  - id: dynamic-weekly\n    min_item: 2\n",
            "(dynamic-weekly): unknown parameter min_item",
        ),
        (
            "extends: zwgk-2021\nrules:\n  - id: dynamic-weekly\n    min_items: two\n",
            "'min_items' must be a whole number",
        ),
        ("extends: zwgk-2021\ndisable: [no-such-rule]\n", "'disable' names no rule"),
        ("extends: zwgk-1999\n", "no such bundled ruleset"),
        ("extends: me.yaml\nrules: []\n", "extends itself"),
        (
            "rules:\n  - id: r\n    kind: periodic\n    categories: [dynamic]\n    period: week\n    by_day: 5\n",
            "need period: month",
        ),
        ("rules:\n  - id: v\n    kind: site-count\n    count: [nothing]\n    threshold: 5\n", "unknown rules nothing"),
        (
            "rules:\n  - id: m\n    kind: periodic\n    categories: [meeting]\n    period: week\n    match: '(常务'\n",
            "regular expression",
        ),
        ("calendar: {holidays: [tomorrow]}\nrules: []\n", "calendar 'holidays' must be a list of dates"),
    ],
)
def test_a_malformed_ruleset_is_one_line_naming_the_rule(tmp_path, text, fragment):
    (tmp_path / "me.yaml").write_text(text, encoding="utf-8")
    run = run_cli("rules", str(tmp_path / "me.yaml"))
    assert run.code == 2
    assert fragment in run.stderr and len(run.stderr.strip().splitlines()) == 1 and "Traceback" not in run.stderr


@pytest.mark.parametrize(
    ("site_keys", "fragment"),
    [
        ({"lianghui": "一月"}, "lianghui 应为两会日期"),
        ({"aliases": "示例县政府"}, "aliases 应为单位名称列表"),
    ],
)
def test_config_options_the_rules_read_are_validated(tmp_path, site_keys, fragment):
    site = {"name": "示例县人民政府", "url": "http://127.0.0.1:9/", **site_keys}
    site["columns"] = [{"name": "财政预决算", "url": "http://127.0.0.1:9/czyjs/"}]
    config = write_config(tmp_path / "sites.yaml", {"sites": [site]})
    run = run_cli("check", "--config", str(config), "--as-of", "2026-11-23")
    assert run.code == 2 and fragment in run.stderr and "示例县人民政府" in run.stderr


def test_config_calendar_must_be_dates(tmp_path):
    config = write_config(
        tmp_path / "sites.yaml",
        {
            "calendar": {"holidays": ["元旦"]},
            "sites": [{"name": "单位", "columns": [{"name": "动态", "url": "http://127.0.0.1:9/"}]}],
        },
    )
    run = run_cli("check", "--config", str(config))
    assert run.code == 2 and "calendar.holidays" in run.stderr


@pytest.fixture(scope="module")
def blank_site(tmp_path_factory):
    """A unit with five blank columns and one fresh one: the national checklist's single veto (空白栏目 ≥ 5)."""
    root = tmp_path_factory.mktemp("blank-site")
    write_column(root / "ok", "测试县", DemoColumn("工作动态", "ok", "trs", (1, 3, 9)), DEMO_AS_OF, 1)
    for n in range(5):
        write_column(root / f"b{n}", "测试县", DemoColumn(f"空栏目{n}", f"b{n}", "blank"), DEMO_AS_OF, 2 + n)
    with serve(root) as server:
        columns = [{"name": "工作动态", "url": f"{server.url}ok/", "category": "dynamic"}]
        columns += [{"name": f"专题{n}", "url": f"{server.url}b{n}/", "category": "thematic"} for n in range(5)]
        yield {"sites": [{"name": "测试县人民政府", "url": server.url, "columns": columns}]}


def test_site_level_single_veto_is_reported_once_per_unit_and_fails_the_check(blank_site, tmp_path):
    config = write_config(tmp_path / "sites.yaml", {**blank_site, "settings": {"AUTOTHROTTLE_ENABLED": False}})
    run = run_cli(
        "check", "--config", str(config), "--as-of", "2026-11-23", "--ruleset", "national-2019", "--format", "json"
    )
    assert run.code == 1, run.stderr
    (site,) = run.json()["sites"]
    assert site["site"] == "测试县人民政府" and site["status"] == "violation"
    (veto,) = [f for f in site["findings"] if f["rule"] == "veto-blank"]
    assert veto["severity"] == "violation" and "5个栏目" in veto["message"] and "国办秘函〔2019〕19号" in veto["source"]
    assert run.json()["summary"]["site_violations"] == 1
    text = run_cli("check", "--config", str(config), "--as-of", "2026-11-23", "--ruleset", "national-2019")
    assert "全站 violation" in text.stdout and "全站指标违规1项" in text.stdout
