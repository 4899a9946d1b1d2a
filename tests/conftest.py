"""Shared fixtures: the demo portal served on 127.0.0.1, and running the real CLI in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from crawler.demo.portal import DEMO_AS_OF, portal_config, write_portal
from crawler.demo.server import PortalServer, serve

REPO = Path(__file__).resolve().parent.parent


@dataclass
class Run:
    """A finished CLI run."""

    code: int
    stdout: str
    stderr: str

    def json(self) -> dict:
        return json.loads(self.stdout)


def run_cli(*args: str, cwd: Path | None = None, timeout: float = 120) -> Run:
    """Run `govfresh ARGS` as a separate process (Scrapy's reactor starts once per process)."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.run(
        [sys.executable, "-m", "crawler", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        env=env,
        timeout=timeout,
    )
    return Run(proc.returncode, proc.stdout, proc.stderr)


def write_config(path: Path, data: dict) -> Path:
    """Write a sites config as YAML and return its path."""
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def demo_portal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PortalServer]:
    """The bundled demo portal, written to a temp folder and served on 127.0.0.1."""
    root = tmp_path_factory.mktemp("portal")
    write_portal(root, DEMO_AS_OF)
    with serve(root, slow_seconds=3) as server:
        yield server


@pytest.fixture(scope="session")
def demo_check(demo_portal: PortalServer, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """One real `govfresh check --format json` of the whole demo portal (the JSON document)."""
    folder = tmp_path_factory.mktemp("demo-check")
    config = write_config(folder / "sites.yaml", portal_config(demo_portal.url))
    run = run_cli("check", "--config", str(config), "--as-of", DEMO_AS_OF.isoformat(), "--format", "json")
    assert run.code == 1, run.stderr
    return run.json()


def column(document: dict, site: str, name: str) -> dict:
    """Return one column of a check's JSON document."""
    found = [c for c in document["columns"] if c["site"] == site and c["name"] == name]
    assert len(found) == 1, f"{site}/{name} not in the check"
    return found[0]
