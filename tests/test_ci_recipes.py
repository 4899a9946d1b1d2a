"""The README's CI recipes, tried as a new user would: their `govfresh` commands run against a local site."""

from __future__ import annotations

import re
import shlex

import pytest
import yaml
from conftest import REPO, run_cli
from junitparser import Error, JUnitXml
from test_ci_mode import _config, small_site  # noqa: F401 — the module's served site

README = (REPO / "README.md").read_text(encoding="utf-8")
SECTION = README.split("### In CI", 1)[1].split("\n## ", 1)[0]
BLOCKS = re.findall(r"```(\w+)\n(.*?)```", SECTION, re.S)
CRON_COMMAND = re.compile(r"\.venv/bin/govfresh (check [^|&]*?)(?: 2>>| \|\||$)", re.M)
AS_OF = "2026-11-23"


def _recipe(marker: str) -> str:
    """Return the recipe block whose first line names the file (or tool) it is for."""
    found = [text for _, text in BLOCKS if text.splitlines()[0].startswith(f"# {marker}")]
    assert len(found) == 1, f"one README recipe for {marker}"
    return found[0]


def _args(command: str, config: str, out: str) -> list[str]:
    """Return a recipe's govfresh arguments with the local config, a local output folder and a fixed day."""
    words = shlex.split(command.removeprefix("govfresh "))
    words = [config if w == "sites.yaml" else w for w in words]
    words = [f"{out}/{w.rsplit('/', 1)[-1]}" if w.endswith((".xml", ".html")) else w for w in words]
    return [*words, "--as-of", AS_OF]


@pytest.fixture
def paths(small_site, tmp_path):  # noqa: F811
    """A config with a lively column and a dead one, and an output folder."""
    out = tmp_path / "out"
    out.mkdir()
    return str(_config(tmp_path, small_site.url, broken=True)), str(out)


def test_github_actions_recipe(paths):
    workflow = yaml.safe_load(_recipe(".github/workflows/govfresh.yml"))
    steps = workflow["jobs"]["govfresh"]["steps"]
    commands = [s["run"] for s in steps if "run" in s and s["run"].startswith("govfresh ")]
    assert len(commands) == 1
    run = run_cli(*_args(commands[0], *paths))
    assert run.code == 0, run.stderr  # the dead column is reported, the build fails only on violations
    lines = run.stdout.splitlines()
    assert any(line.startswith("::warning title=无法读取") for line in lines)
    assert lines[-1].startswith("::notice ")


def test_gitlab_recipe(paths):
    job = yaml.safe_load(_recipe(".gitlab-ci.yml"))["govfresh"]
    commands = [c for c in job["script"] if c.startswith("govfresh ")]
    report = job["artifacts"]["reports"]["junit"]
    run = run_cli(*_args(commands[0], *paths))
    assert run.code == 1, run.stderr  # --fail-on error: the dead column fails this build
    xml = JUnitXml.fromfile(f"{paths[1]}/{report}")
    errors = [r for suite in xml for case in suite for r in case.result if isinstance(r, Error)]
    assert len(errors) == 1 and "连接被拒绝" in errors[0].message


def test_cron_recipe(paths):
    line = next(li for li in _recipe("crontab").splitlines() if not li.startswith("#"))
    fields = line.split()
    assert len(fields) > 5 and all(re.fullmatch(r"[\d*,/-]+", f) for f in fields[:5])
    command = CRON_COMMAND.search(line)
    assert command
    run = run_cli(*_args(command.group(1), *paths))
    assert run.code == 0, run.stderr
    assert "栏目更新检查" in (REPO / paths[1] / "govfresh.html").read_text(encoding="utf-8")
