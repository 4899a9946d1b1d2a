"""What a rule kind judges with: the column, the day, the unit's other columns, the working-day calendar."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from rules.model import ColumnSnapshot, Entry, Finding
from rules.ruleset import Rule
from rules.workdays import WorkCalendar

# Spaces and punctuation dropped when titles or sources are compared.
PUNCT = re.compile(r"[\s\u3000“”\"'‘’《》〈〉（）()〔〕\[\]【】,，.。、:：;；!！?？·—\-]+")
MAX_LISTED = 3  # items named in a finding's message at most


@dataclass(frozen=True)
class Context:
    """What a column's rules may look at beyond the column: the unit, its other columns, the calendar."""

    site: str = ""
    columns: tuple[ColumnSnapshot, ...] = ()
    calendar: WorkCalendar = field(default_factory=WorkCalendar)
    unread: frozenset[str] = frozenset()  # URLs of the unit's columns that could not be read


@dataclass(frozen=True)
class Judging:
    """One rule judging one column on as_of, with the column's entries dated on or before as_of."""

    rule: Rule
    column: ColumnSnapshot
    as_of: date
    current: tuple[Entry, ...]
    context: Context

    def finding(self, message: str, severity: str | None = None) -> Finding:
        """Return a finding of this rule (its own severity unless told: a violation may be softened to warning)."""
        return Finding(self.rule.id, severity or self.rule.severity, message, self.rule.source)

    def matching(self) -> list[Entry]:
        """Return the current entries whose title matches the rule's `match` pattern (all without one)."""
        pattern = self.rule.params.get("match")
        if not isinstance(pattern, str):
            return list(self.current)
        compiled = re.compile(pattern)
        return [e for e in self.current if compiled.search(e.title)]

    def uncovered(self, first: date) -> bool:
        """Return True when the list was not read back as far as first (items from first on may be unseen)."""
        return self.column.covered_since is not None and self.column.covered_since > first

    def unobserved(self, last: date) -> bool:
        """Return True when the last reading happened before the day `last` ended (a crawl missing since)."""
        return self.column.observed is not None and self.column.observed <= last


def since(latest: date | None, as_of: date) -> str:
    """Return how long the column has been quiet, in words."""
    return f"最新一条发布于{latest}，已{(as_of - latest).days}天未更新" if latest else "没有早于检查日期的信息"


def normal(text: str) -> str:
    """Return a title without spaces and punctuation, for matching a document to its interpretation."""
    return PUNCT.sub("", text)
