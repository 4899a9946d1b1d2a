"""The sites config (sites.yaml): loading and validation into Site and ColumnSpec records."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from crawler.errors import ConfigError
from rules.categories import CATEGORIES, guess_category

COLUMN_KEYS = {"name", "url", "category"}
SITE_KEYS = {"name", "url", "columns", "robots", "aliases"}
CALENDAR_KEYS = ("holidays", "workdays")
RENDER_MODES = ("browser", "static")  # `render:` of a column or site: static (the default) or through a browser


@dataclass(frozen=True)
class ColumnSpec:
    """A column to check: its site, name, URL, category (and whether that was guessed), extra options."""

    site: str
    name: str
    url: str
    category: str
    guessed: bool = False
    options: dict[str, object] = field(default_factory=dict)
    robots: bool = True


@dataclass(frozen=True)
class Site:
    """A website (unit) and its columns."""

    name: str
    url: str
    columns: tuple[ColumnSpec, ...]


@dataclass(frozen=True)
class Config:
    """A whole config: the ruleset name, Scrapy setting overrides and the sites."""

    path: str
    ruleset: str | None
    settings: dict[str, object]
    sites: tuple[Site, ...]
    contact: str | None = None
    calendar: dict[str, tuple[date, ...]] = field(default_factory=dict)

    @property
    def columns(self) -> list[ColumnSpec]:
        """Return every column of every site, in config order."""
        return [column for site in self.sites for column in site.columns]


def load_config(path: str | Path) -> Config:
    """Read and validate a sites config; raise ConfigError naming the file and what is wrong."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: 配置文件不存在 (config file not found)") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: 配置文件须为UTF-8编码 (config must be UTF-8)") from None
    except OSError as exc:
        raise ConfigError(f"{path}: 无法读取配置文件: {exc.strerror}") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" 第{mark.line + 1}行" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ConfigError(f"{path}:{where} YAML格式错误: {problem}") from None
    return parse_config(data, str(path))


def parse_config(data: object, where: str) -> Config:
    """Validate a parsed config mapping and build the Config."""
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: 配置应为YAML映射，含 sites 列表")
    sites_raw = data.get("sites")
    if not isinstance(sites_raw, list) or not sites_raw:
        raise ConfigError(f"{where}: 缺少 sites 列表（至少一个网站）")
    settings = data.get("settings") or {}
    if not isinstance(settings, dict):
        raise ConfigError(f"{where}: settings 应为映射（Scrapy设置名: 值）")
    ruleset = data.get("ruleset")
    if ruleset is not None and not isinstance(ruleset, str):
        raise ConfigError(f"{where}: ruleset 应为规则集名称或文件路径")
    contact = _url(data.get("contact"), f"{where}: contact", required=False)
    sites = tuple(_parse_site(raw, f"{where}: sites[{i}]") for i, raw in enumerate(sites_raw))
    calendar = _parse_calendar(data.get("calendar"), f"{where}: calendar")
    return Config(where, ruleset, dict(settings), sites, contact, calendar)


def _parse_calendar(raw: object, where: str) -> dict[str, tuple[date, ...]]:
    """Validate the working-day overrides: `holidays:` and `workdays:` lists of dates."""
    if raw is None:
        return {}
    if not isinstance(raw, dict) or set(raw) - set(CALENDAR_KEYS):
        raise ConfigError(f"{where}: 应为映射，只含 holidays（放假日期列表）和 workdays（调休上班日期列表）")
    calendar: dict[str, tuple[date, ...]] = {}
    for key in CALENDAR_KEYS:
        values = raw.get(key) or []
        if not isinstance(values, list) or not all(isinstance(v, date) for v in values):
            raise ConfigError(f"{where}.{key}: 应为日期列表，如 [2026-10-01, 2026-10-02]")
        calendar[key] = tuple(values)
    return calendar


def _parse_site(raw: object, where: str) -> Site:
    """Validate one site entry."""
    if not isinstance(raw, dict):
        raise ConfigError(f"{where}: 应为映射（name, url, columns）")
    name = _text(raw, "name", where)
    where = f"{where} ({name})"
    url = _url(raw.get("url"), where, required=False)
    columns_raw = raw.get("columns")
    if not isinstance(columns_raw, list) or not columns_raw:
        raise ConfigError(f"{where}: 缺少 columns 列表")
    robots = raw.get("robots", True)
    if not isinstance(robots, bool):
        raise ConfigError(f"{where}: robots 应为 true 或 false（是否遵守 robots.txt）")
    aliases = raw.get("aliases") or []
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
        raise ConfigError(f"{where}: aliases 应为单位名称列表（判断原创信息的来源）")
    inherited = {k: v for k, v in raw.items() if k not in SITE_KEYS}
    inherited["aliases"] = [name, *(a.strip() for a in aliases)]
    columns = tuple(
        _parse_column(c, name, f"{where} columns[{i}]", robots, inherited) for i, c in enumerate(columns_raw)
    )
    return Site(name, url or "", columns)


def _parse_column(raw: object, site: str, where: str, robots: bool, inherited: dict[str, object]) -> ColumnSpec:
    """Validate one column entry; guess its category from the name when absent."""
    if not isinstance(raw, dict):
        raise ConfigError(f"{where}: 应为映射（name, url, category）")
    name = _text(raw, "name", where)
    where = f"{where} ({name})"
    url = _url(raw.get("url"), where, required=True)
    category = raw.get("category")
    guessed = category is None
    if guessed:
        category = guess_category(name) or "other"
    elif category not in CATEGORIES:
        known = ", ".join(CATEGORIES)
        raise ConfigError(f"{where}: 未知栏目类别 category: {category!r}（可选: {known}）")
    options = {**inherited, **{k: v for k, v in raw.items() if k not in COLUMN_KEYS}}
    _check_options(options, where)
    return ColumnSpec(site, name, url, str(category), guessed, options, robots)


def _check_options(options: dict[str, object], where: str) -> None:
    """Validate the column options: event dates (lianghui), the paired column, the directory area, render."""
    lianghui = options.get("lianghui")
    if lianghui is not None and not (
        isinstance(lianghui, date) or (isinstance(lianghui, list) and all(isinstance(d, date) for d in lianghui))
    ):
        raise ConfigError(f"{where}: lianghui 应为两会日期（或日期列表），如 2026-01-20")
    for key in ("pairs_with", "area", "group"):
        if key in options and not isinstance(options[key], str):
            raise ConfigError(f"{where}: {key} 应为文字")
    render = options.get("render")
    if render is not None and render not in RENDER_MODES:
        raise ConfigError(
            f"{where}: render 应为 browser（用浏览器执行JavaScript后读取列表）或 static（直接读取网页）: {render!r}"
        )


def _text(raw: dict[str, object], key: str, where: str) -> str:
    """Return a required non-empty string field."""
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{where}: 缺少 {key}")
    return value.strip()


def _url(value: object, where: str, required: bool) -> str | None:
    """Return a validated http(s) URL."""
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{where}: 缺少 url")
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigError(f"{where}: url 须为 http(s) 地址: {value!r}")
    return value.strip()
