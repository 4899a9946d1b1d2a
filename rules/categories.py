"""Column categories (栏目类别) and the guess of a category from a column's name."""

from __future__ import annotations

import re

CATEGORIES: dict[str, str] = {
    "dynamic": "动态类",
    "thematic": "专题类",
    "overview": "概况类",
    "annual-report": "政府信息公开工作年度报告",
    "budget": "财政预决算",
    "quarterly": "重点任务执行情况（季度）",
    "meeting": "会议公开",
    "documents": "政策文件",
    "personnel": "人事信息",
    "interpretation": "政策解读",
    "open-day": "政府开放日",
    "directory": "基层政务公开标准目录",
    "homepage": "网站首页",
    "other": "其他",
}

# Checked in order: the first pattern that matches the name wins, so specific names come before broad ones.
_GUESSES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (category, re.compile(pattern))
    for category, pattern in (
        ("homepage", r"^(网站|门户)?首页$"),
        ("directory", r"标准目录|公开目录|事项目录"),  # 财政预决算领域…标准目录 is a directory
        ("annual-report", r"年度报告|年报"),
        ("budget", r"预决算|预算|决算|三公经费"),
        ("interpretation", r"解读"),
        ("open-day", r"开放日"),
        ("meeting", r"会议|常务会"),
        ("quarterly", r"重点任务|民生实事|执行情况|季度"),
        ("personnel", r"人事|任免|招聘|招考|录用"),
        ("thematic", r"专题|专栏"),
        ("overview", r"概况|简介|县情|市情|区情|乡情|镇情|机构职能|职能|机构设置|组织机构|领导|简况"),
        ("documents", r"政策文件|规范性文件|政府文件|文件|政策法规|法规"),
        ("dynamic", r"动态|要闻|新闻|通知|公告|公示|资讯|快讯|信息|头条|图片|工作|简报"),
    )
)


def guess_category(name: str) -> str | None:
    """Return the category a column's name suggests, or None when nothing matches."""
    for category, pattern in _GUESSES:
        if pattern.search(name):
            return category
    return None
