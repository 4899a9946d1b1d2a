"""Rulesets as YAML data: loading, validation and the Rule record."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import yaml

from rules.categories import CATEGORIES

BUNDLED_DIR = "rulesets"
DEFAULT_RULESET = "zwgk-2021"
_MONTH_DAY = re.compile(r"^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")

# Each rule kind and the parameters it requires (with their type).
KIND_PARAMS: dict[str, dict[str, type]] = {
    "periodic": {"period": str, "min_items": int},
    "yearly-update": {"due": str},
    "blank": {},
}
PERIODS = ("week", "month")


class RulesetError(ValueError):
    """A ruleset that cannot be used: missing, malformed, or a rule with bad parameters."""


@dataclass(frozen=True)
class Rule:
    """One rule of a ruleset, as read from YAML."""

    id: str
    kind: str
    categories: tuple[str, ...]
    title: str
    source: str
    params: dict[str, object] = field(default_factory=dict)

    def applies_to(self, category: str) -> bool:
        """Return True when the rule judges columns of this category."""
        return "all" in self.categories or category in self.categories


@dataclass(frozen=True)
class Ruleset:
    """A named list of rules."""

    name: str
    title: str
    rules: tuple[Rule, ...]

    def for_category(self, category: str) -> list[Rule]:
        """Return the rules that apply to a category, in ruleset order."""
        return [rule for rule in self.rules if rule.applies_to(category)]

    def needs(self, category: str) -> frozenset[str]:
        """Return what the category's rules need read from article pages: 'source', 'event', 'forms'."""
        needed: set[str] = set()
        for rule in self.for_category(category):
            if rule.params.get("original"):
                needed.add("source")
            if rule.kind == "after-event" and rule.params.get("event") == "article":
                needed.add("event")
            if rule.kind == "share":
                needed.add("forms")
        return frozenset(needed)


def bundled_names() -> list[str]:
    """Return the names of the rulesets shipped with govfresh."""
    folder = resources.files("rules") / BUNDLED_DIR
    return sorted(p.name.removesuffix(".yaml") for p in folder.iterdir() if p.name.endswith(".yaml"))


def load_ruleset(name_or_path: str | None = None) -> Ruleset:
    """Load a bundled ruleset by name, or a ruleset YAML file by path; raise RulesetError when unusable."""
    name_or_path = name_or_path or DEFAULT_RULESET
    if name_or_path in bundled_names():
        text = (resources.files("rules") / BUNDLED_DIR / f"{name_or_path}.yaml").read_text("utf-8")
        where = f"ruleset {name_or_path}"
    else:
        path = Path(name_or_path)
        if not path.is_file():
            known = ", ".join(bundled_names())
            raise RulesetError(f"ruleset {name_or_path}: no such bundled ruleset ({known}) or file")
        try:
            text = path.read_text("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise RulesetError(f"{path}: cannot read ruleset: {exc}") from exc
        where = str(path)
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise RulesetError(f"{where}: not valid YAML: {exc}".replace("\n", " ")) from exc
    return parse_ruleset(data, where)


def parse_ruleset(data: object, where: str) -> Ruleset:
    """Validate a ruleset's parsed YAML and build the Ruleset."""
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise RulesetError(f"{where}: expected a mapping with a 'rules' list")
    rules = [_parse_rule(raw, f"{where}, rule {i + 1}") for i, raw in enumerate(data["rules"])]
    ids = [rule.id for rule in rules]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise RulesetError(f"{where}: duplicate rule id {', '.join(duplicates)}")
    name = str(data.get("name") or Path(where).stem)
    return Ruleset(name=name, title=str(data.get("title") or name), rules=tuple(rules))


def _parse_rule(raw: object, where: str) -> Rule:
    """Validate one rule mapping and build the Rule."""
    if not isinstance(raw, dict):
        raise RulesetError(f"{where}: expected a mapping")
    rule_id = raw.get("id")
    if not isinstance(rule_id, str) or not rule_id:
        raise RulesetError(f"{where}: missing 'id'")
    where = f"{where} ({rule_id})"
    kind = raw.get("kind")
    if kind not in KIND_PARAMS:
        raise RulesetError(f"{where}: unknown kind {kind!r}; expected one of {', '.join(KIND_PARAMS)}")
    categories = raw.get("categories")
    if categories == "all":
        categories = ["all"]
    if not isinstance(categories, list) or not categories:
        raise RulesetError(f"{where}: 'categories' must be a list of categories or 'all'")
    unknown = [c for c in categories if c != "all" and c not in CATEGORIES]
    if unknown:
        raise RulesetError(f"{where}: unknown category {', '.join(map(str, unknown))}")
    params: dict[str, object] = {}
    for key, typ in KIND_PARAMS[kind].items():
        value = raw.get(key)
        if not isinstance(value, typ) or isinstance(value, bool):
            raise RulesetError(f"{where}: '{key}' must be a {typ.__name__}")
        params[key] = value
    if kind == "periodic" and params["period"] not in PERIODS:
        raise RulesetError(f"{where}: 'period' must be one of {', '.join(PERIODS)}")
    if kind == "periodic" and int(params["min_items"]) < 1:  # type: ignore[call-overload]
        raise RulesetError(f"{where}: 'min_items' must be at least 1")
    if kind == "yearly-update" and not _MONTH_DAY.match(str(params["due"])):
        raise RulesetError(f"{where}: 'due' must be MM-DD, e.g. \"03-31\"")
    return Rule(
        id=rule_id,
        kind=kind,
        categories=tuple(categories),
        title=str(raw.get("title") or rule_id),
        source=str(raw.get("source") or ""),
        params=params,
    )
