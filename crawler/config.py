"""The sites config (sites.yaml): loading and validation into Site and ColumnSpec records."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from crawler.errors import ConfigError
from rules.categories import CATEGORIES, guess_category

COLUMN_KEYS = {"name", "url", "category"}


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
    return Config(where, ruleset, dict(settings), sites, contact)


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
    columns = tuple(_parse_column(c, name, f"{where} columns[{i}]", robots) for i, c in enumerate(columns_raw))
    return Site(name, url or "", columns)


def _parse_column(raw: object, site: str, where: str, robots: bool) -> ColumnSpec:
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
    options = {k: v for k, v in raw.items() if k not in COLUMN_KEYS}
    return ColumnSpec(site, name, url, str(category), guessed, options, robots)


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
