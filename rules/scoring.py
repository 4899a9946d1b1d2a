"""季评估 scoring tables as YAML data: a base score and a deduction per lapse of each rule, with sources."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml

from rules.ruleset import RulesetError

DEFAULT_SCORING = "zwgk-2021"


@dataclass(frozen=True)
class Deduction:
    """Points lost for each lapse of a rule, and where that comes from."""

    rule: str
    points: float
    title: str
    source: str


@dataclass(frozen=True)
class ScoringTable:
    """A named scoring table."""

    name: str
    title: str
    base: float
    deductions: tuple[Deduction, ...]

    def points(self, rule: str) -> float:
        """Return the points a lapse of the rule costs (0 when the table does not score it)."""
        return next((d.points for d in self.deductions if d.rule == rule), 0.0)


def load_scoring(name_or_path: str | None = None) -> ScoringTable:
    """Load a bundled scoring table by name or a YAML file by path; raise RulesetError when unusable."""
    name_or_path = name_or_path or DEFAULT_SCORING
    bundled = resources.files("rules") / "scoring" / f"{name_or_path}.yaml"
    if bundled.is_file():
        text, where = bundled.read_text("utf-8"), f"scoring table {name_or_path}"
    else:
        path = Path(name_or_path)
        if not path.is_file():
            raise RulesetError(f"scoring table {name_or_path}: no such bundled table ({DEFAULT_SCORING}) or file")
        text, where = path.read_text("utf-8"), str(path)
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise RulesetError(f"{where}: not valid YAML: {exc}".replace("\n", " ")) from exc
    if not isinstance(data, dict) or not isinstance(data.get("deductions"), list):
        raise RulesetError(f"{where}: expected a mapping with a 'deductions' list")
    base = data.get("base", 100)
    if not isinstance(base, (int, float)) or isinstance(base, bool) or base <= 0:
        raise RulesetError(f"{where}: 'base' must be a positive number")
    deductions = []
    for i, raw in enumerate(data["deductions"], start=1):
        if not isinstance(raw, dict) or not isinstance(raw.get("rule"), str):
            raise RulesetError(f"{where}, deduction {i}: missing 'rule'")
        points = raw.get("points")
        if not isinstance(points, (int, float)) or isinstance(points, bool) or points < 0:
            raise RulesetError(f"{where}, deduction {i} ({raw['rule']}): 'points' must be a number ≥ 0")
        deductions.append(
            Deduction(raw["rule"], float(points), str(raw.get("title") or raw["rule"]), str(raw.get("source") or ""))
        )
    return ScoringTable(
        str(data.get("name") or where), str(data.get("title") or "评分表"), float(base), tuple(deductions)
    )
