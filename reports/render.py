"""The Jinja2 environment shared by every HTML report: autoescape on, Chinese dates and labels as filters."""

from __future__ import annotations

from datetime import date

from jinja2 import Environment, PackageLoader, select_autoescape

from rules.categories import CATEGORIES

STATUS_LABELS = {"ok": "合格", "warning": "警告", "violation": "违规", "error": "无法读取"}


def cn_date(day: date | None) -> str:
    """Return a date in Chinese form (2026年11月23日), or — when missing."""
    return f"{day.year}年{day.month}月{day.day}日" if day else "—"


def category_name(category: str) -> str:
    """Return a category's Chinese name."""
    return CATEGORIES.get(category, category)


ENV = Environment(loader=PackageLoader("reports", "templates"), autoescape=select_autoescape(["html", "j2"]))
ENV.globals.update(cn_date=cn_date, labels=STATUS_LABELS, category_name=category_name)
