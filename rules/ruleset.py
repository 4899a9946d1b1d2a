"""Rulesets as YAML data: loading (with `extends:`), validation of every rule kind, and the Rule record."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path

import yaml

from rules.categories import CATEGORIES
from rules.periods import PERIODS
from rules.workdays import WorkCalendar

BUNDLED_DIR = "rulesets"
DEFAULT_RULESET = "zwgk-2021"
_MONTH_DAY = re.compile(r"^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")
COMMON_KEYS = ("id", "kind", "categories", "title", "source", "severity")
SEVERITIES = ("violation", "warning")
# Rule kinds judged once per site from its columns' results, not per column.
SITE_KINDS = ("site-count", "presence")
# Title markers of diversified interpretations (多元化解读) when a share rule gives none.
DEFAULT_FORMS = ("图解", "一图", "图说", "图表", "长图", "视频", "动漫", "漫画", "动画", "问答", "H5", "h5", "音频")


class RulesetError(ValueError):
    """A ruleset that cannot be used: missing, malformed, or a rule with bad parameters."""


@dataclass(frozen=True)
class Param:
    """A rule parameter: its type, whether it must be given, its default, and a check of its value."""

    kind: type | tuple[type, ...]
    required: bool = False
    default: object = None
    check: Callable[[object], str | None] | None = None


def _at_least(low: float) -> Callable[[object], str | None]:
    """Return a check that a number is at least low."""
    return lambda v: None if v >= low else f"must be at least {low:g}"  # type: ignore[operator]


def _one_of(*values: str) -> Callable[[object], str | None]:
    """Return a check that a value is one of the given words."""
    return lambda v: None if v in values else f"must be one of {', '.join(values)}"


def _regex(value: object) -> str | None:
    """Return why a pattern is not a valid regular expression, or None."""
    try:
        re.compile(str(value))
    except re.error as exc:
        return f"is not a valid regular expression: {exc}"
    return None


def _months(value: object) -> str | None:
    """Return why a month list is unusable, or None."""
    ok = isinstance(value, list) and value and all(isinstance(m, int) and 1 <= m <= 12 for m in value)
    return None if ok else "must be a list of months 1–12, e.g. [2, 9]"


def _texts(value: object) -> str | None:
    """Return why a list of words is unusable, or None."""
    ok = isinstance(value, list) and value and all(isinstance(t, str) and t for t in value)
    return None if ok else "must be a list of words"


def _month_day(value: object) -> str | None:
    """Return why a MM-DD date is unusable (malformed, or a day no month has, like 02-30), or None."""
    if not _MONTH_DAY.match(str(value)):
        return 'must be MM-DD, e.g. "03-31"'
    month, day = (int(part) for part in str(value).split("-"))
    try:
        date(2000, month, day)  # a leap year: 02-29 is allowed, and means 02-28 in other years
    except ValueError:
        return f"is not a day of the year: {value} (month {month} has no day {day})"
    return None


def _words(value: object) -> str | None:
    """Return why a list of words (each with '|'-separated alternatives, e.g. 预算|预决算) is unusable, or None."""
    problem = _texts(value)
    if problem or all(all(alt for alt in str(word).split("|")) for word in value):  # type: ignore[attr-defined]
        return problem
    return "must be a list of words (alternatives separated by '|', none empty)"


POSITIVE = _at_least(1)
WARN = Param(int, check=POSITIVE)  # warn_days: an early warning (即将超期) this many days before the deadline
# Each rule kind and its parameters. Unknown keys are refused, so a typo never silently disables a rule.
KIND_PARAMS: dict[str, dict[str, Param]] = {
    "periodic": {
        "period": Param(str, check=_one_of(*PERIODS)),
        "rolling_days": Param(int, check=POSITIVE),
        "min_items": Param(int, default=1, check=POSITIVE),
        "match": Param(str, check=_regex),
        "original": Param(bool, default=False),
        "months": Param(list, check=_months),
        "by_day": Param(int, check=lambda v: None if 1 <= v <= 28 else "must be a day 1–28"),  # type: ignore[operator]
        "warn_days": WARN,
    },
    "deadline": {
        "due": Param(str, required=True, check=_month_day),
        "match": Param(str, check=_regex),
        "names_year": Param(str, check=_one_of("previous", "current")),
        "warn_days": WARN,
    },
    "after-event": {
        "event": Param(str, required=True, check=_one_of("config", "article", "document")),
        "days": Param(int, required=True, check=POSITIVE),
        "working_days": Param(bool, default=True),
        "option": Param(str),
        "match": Param(list, check=_words),
        "lookback_days": Param(int, default=31, check=POSITIVE),
        "warn_days": WARN,
    },
    "share": {
        "period": Param(str, default="year", check=_one_of(*PERIODS)),
        "min_share": Param((int, float), required=True, check=lambda v: None if 0 < v <= 1 else "must be in (0, 1]"),  # type: ignore[operator]
        "markers": Param(list, default=list(DEFAULT_FORMS), check=_texts),
        "warn_days": WARN,
    },
    "presence": {"areas": Param(list, required=True, check=_texts)},
    "site-count": {
        "count": Param(list, required=True, check=_texts),
        "threshold": Param(int, required=True, check=POSITIVE),
        "warn_at": Param(int, check=POSITIVE),
    },
    "backdated": {"min_misses": Param(int, default=2, check=POSITIVE)},
    "blank": {},
}
ALIASES = {"yearly-update": "deadline"}  # kind names of earlier versions
TYPE_WORDS = {int: "a whole number", float: "a number", str: "text", bool: "true or false", list: "a list"}


@dataclass(frozen=True)
class Rule:
    """One rule of a ruleset, as read from YAML."""

    id: str
    kind: str
    categories: tuple[str, ...]
    title: str
    source: str
    params: dict[str, object] = field(default_factory=dict)
    severity: str = "violation"

    def applies_to(self, category: str) -> bool:
        """Return True when the rule judges columns of this category."""
        return "all" in self.categories or category in self.categories

    @property
    def site_level(self) -> bool:
        """Return True for rules judged per site (counts over columns, presence of columns)."""
        return self.kind in SITE_KINDS


@dataclass(frozen=True)
class Ruleset:
    """A named list of rules, and the working-day calendar its after-event rules count with."""

    name: str
    title: str
    rules: tuple[Rule, ...]
    calendar: WorkCalendar = field(default_factory=WorkCalendar)
    extends: str | None = None

    def for_category(self, category: str) -> list[Rule]:
        """Return the column rules that apply to a category, in ruleset order."""
        return [rule for rule in self.rules if not rule.site_level and rule.applies_to(category)]

    @property
    def site_rules(self) -> list[Rule]:
        """Return the rules judged once per site."""
        return [rule for rule in self.rules if rule.site_level]

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

    def with_calendar(self, holidays: tuple[date, ...] = (), workdays: tuple[date, ...] = ()) -> Ruleset:
        """Return the ruleset with more calendar overrides (a config's `calendar:`)."""
        calendar = WorkCalendar(self.calendar.holidays | set(holidays), self.calendar.workdays | set(workdays))
        return Ruleset(self.name, self.title, self.rules, calendar, self.extends)


def bundled_names() -> list[str]:
    """Return the names of the rulesets shipped with govfresh."""
    folder = resources.files("rules") / BUNDLED_DIR
    return sorted(p.name.removesuffix(".yaml") for p in folder.iterdir() if p.name.endswith(".yaml"))


def load_ruleset(name_or_path: str | None = None) -> Ruleset:
    """Load a bundled ruleset by name, or a ruleset YAML file by path; raise RulesetError when unusable."""
    data, where = _read(name_or_path or DEFAULT_RULESET, ())
    return parse_ruleset(data, where)


def _read(name_or_path: str, chain: tuple[tuple[str, str], ...]) -> tuple[dict[str, object], str]:
    """Read a ruleset's YAML mapping, with the rules of the ruleset it extends merged in.

    chain holds the (identity, name) of the rulesets extending this one: a file's identity is its resolved
    path, so a cycle is found however the path is spelled (../dir/self.yaml, a symlink).
    """
    if name_or_path in bundled_names():
        text = (resources.files("rules") / BUNDLED_DIR / f"{name_or_path}.yaml").read_text("utf-8")
        where = identity = f"ruleset {name_or_path}"
    else:
        path = Path(name_or_path)
        if not path.is_file():
            known = ", ".join(bundled_names())
            raise RulesetError(f"ruleset {name_or_path}: no such bundled ruleset ({known}) or file")
        try:
            text = path.read_text("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise RulesetError(f"{path}: cannot read ruleset: {exc}") from exc
        where, identity = str(path), str(path.resolve())
    if identity in (seen for seen, _ in chain):
        raise RulesetError(f"{where}: extends itself through {' → '.join(name for _, name in chain)}")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise RulesetError(f"{where}: not valid YAML: {exc}".replace("\n", " ")) from exc
    if not isinstance(data, dict):
        raise RulesetError(f"{where}: expected a mapping with a 'rules' list")
    parent = data.get("extends")
    if parent is None:
        return data, where
    if not isinstance(parent, str):
        raise RulesetError(f"{where}: 'extends' must name a bundled ruleset or a file")
    if not Path(parent).is_absolute() and parent not in bundled_names() and where != f"ruleset {name_or_path}":
        parent = str(Path(where).parent / parent)
    base, _ = _read(parent, (*chain, (identity, where)))
    return _merge(base, data, where), where


def _merge(base: dict[str, object], child: dict[str, object], where: str) -> dict[str, object]:
    """Return the child ruleset over its base: same-id rules updated key by key, new rules appended."""
    rules = [dict(r) if isinstance(r, dict) else r for r in base.get("rules") or []]  # type: ignore[union-attr]
    index = {r.get("id"): i for i, r in enumerate(rules) if isinstance(r, dict)}
    child_rules = child.get("rules") or []
    if not isinstance(child_rules, list):
        raise RulesetError(f"{where}: 'rules' must be a list")
    for raw in child_rules:
        if isinstance(raw, dict) and raw.get("id") in index:
            rules[index[raw["id"]]].update(raw)  # type: ignore[union-attr]
        else:
            rules.append(raw)
    disabled = child.get("disable") or []
    if not isinstance(disabled, list) or any(d not in index for d in disabled):
        unknown = [d for d in disabled if d not in index] if isinstance(disabled, list) else disabled
        raise RulesetError(f"{where}: 'disable' names no rule of {child['extends']}: {unknown}")
    calendar: dict[str, list[object]] = {}
    for source in (base.get("calendar") or {}, child.get("calendar") or {}):
        if isinstance(source, dict):
            for key, values in source.items():
                calendar.setdefault(key, []).extend(values if isinstance(values, list) else [values])
        else:
            calendar["invalid"] = [source]
    merged = {**base, **{k: v for k, v in child.items() if k not in ("rules", "disable", "calendar")}}
    merged["rules"] = [r for r in rules if not (isinstance(r, dict) and r.get("id") in disabled)]
    merged["calendar"] = calendar
    return merged


def parse_ruleset(data: object, where: str) -> Ruleset:
    """Validate a ruleset's parsed YAML and build the Ruleset."""
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        raise RulesetError(f"{where}: expected a mapping with a 'rules' list")
    rules = [_parse_rule(raw, f"{where}, rule {i + 1}") for i, raw in enumerate(data["rules"])]
    ids = [rule.id for rule in rules]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise RulesetError(f"{where}: duplicate rule id {', '.join(duplicates)}")
    for rule in rules:
        unknown = [r for r in rule.params.get("count", []) if r not in ids]  # type: ignore[attr-defined]
        if unknown:
            raise RulesetError(f"{where}, rule {rule.id}: 'count' names unknown rules {', '.join(unknown)}")
    name = str(data.get("name") or Path(where).stem)
    calendar = _parse_calendar(data.get("calendar"), where)
    extends = data.get("extends")
    return Ruleset(name, str(data.get("title") or name), tuple(rules), calendar, str(extends) if extends else None)


def _parse_calendar(raw: object, where: str) -> WorkCalendar:
    """Validate a ruleset's `calendar:` (holidays and workdays lists of dates)."""
    if not raw:
        return WorkCalendar()
    if not isinstance(raw, dict) or set(raw) - {"holidays", "workdays"}:
        raise RulesetError(f"{where}: 'calendar' must map holidays and workdays to lists of dates")
    lists = {key: raw.get(key) or [] for key in ("holidays", "workdays")}
    for key, values in lists.items():
        if not isinstance(values, list) or not all(isinstance(d, date) for d in values):
            raise RulesetError(f"{where}: calendar '{key}' must be a list of dates, e.g. [2027-01-01]")
    return WorkCalendar.from_lists(tuple(lists["holidays"]), tuple(lists["workdays"]))


def _parse_rule(raw: object, where: str) -> Rule:
    """Validate one rule mapping and build the Rule."""
    if not isinstance(raw, dict):
        raise RulesetError(f"{where}: expected a mapping")
    rule_id = raw.get("id")
    if not isinstance(rule_id, str) or not rule_id:
        raise RulesetError(f"{where}: missing 'id'")
    where = f"{where} ({rule_id})"
    kind = ALIASES.get(raw.get("kind"), raw.get("kind"))  # type: ignore[arg-type]
    if kind not in KIND_PARAMS:
        raise RulesetError(f"{where}: unknown kind {raw.get('kind')!r}; expected one of {', '.join(KIND_PARAMS)}")
    categories = raw.get("categories", "all" if kind in SITE_KINDS else None)
    if categories == "all":
        categories = ["all"]
    if not isinstance(categories, list) or not categories:
        raise RulesetError(f"{where}: 'categories' must be a list of categories or 'all'")
    unknown = [c for c in categories if c != "all" and c not in CATEGORIES]
    if unknown:
        raise RulesetError(f"{where}: unknown category {', '.join(map(str, unknown))}")
    severity = raw.get("severity", "violation")
    if severity not in SEVERITIES:
        raise RulesetError(f"{where}: 'severity' must be one of {', '.join(SEVERITIES)}")
    spec = KIND_PARAMS[kind]
    extra = sorted(set(raw) - set(COMMON_KEYS) - set(spec))
    if extra:
        allowed = ", ".join(spec) or "none"
        raise RulesetError(f"{where}: unknown parameter {', '.join(extra)} for kind {kind} (allowed: {allowed})")
    params = {key: _param(raw, key, param, where) for key, param in spec.items()}
    _check_combination(kind, params, where)
    return Rule(
        id=rule_id,
        kind=kind,
        categories=tuple(categories),
        title=str(raw.get("title") or rule_id),
        source=str(raw.get("source") or ""),
        params={k: v for k, v in params.items() if v is not None},
        severity=str(severity),
    )


def _param(raw: dict[str, object], key: str, param: Param, where: str) -> object:
    """Return one validated parameter value (its default when absent)."""
    if key not in raw:
        if param.required:
            raise RulesetError(f"{where}: missing '{key}'")
        return param.default
    value = raw[key]
    kinds = param.kind if isinstance(param.kind, tuple) else (param.kind,)
    if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
        names = " or ".join(TYPE_WORDS.get(k, k.__name__) for k in kinds)
        raise RulesetError(f"{where}: '{key}' must be {names}, not {value!r}")
    problem = param.check(value) if param.check else None
    if problem:
        raise RulesetError(f"{where}: '{key}' {problem}")
    return value


def _check_combination(kind: str, params: dict[str, object], where: str) -> None:
    """Refuse parameter combinations a kind cannot judge."""
    if kind == "periodic":
        if (params["period"] is None) == (params["rolling_days"] is None):
            raise RulesetError(f"{where}: give either 'period' (week, month, quarter, year) or 'rolling_days'")
        if (params["months"] or params["by_day"]) and params["period"] != "month":
            raise RulesetError(f"{where}: 'months' and 'by_day' need period: month")
    if kind == "after-event" and params["event"] == "config" and not params["option"]:
        raise RulesetError(f"{where}: event: config needs 'option', the column option holding the event date")
