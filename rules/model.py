"""Data passed into and out of the rules: entries of a column, findings, the verdict."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

SEVERITY_ORDER = {"ok": 0, "warning": 1, "violation": 2, "error": 3}


@dataclass(frozen=True)
class Entry:
    """One item of a column: its title, link and publication date (None when unknown)."""

    title: str
    url: str
    published: date | None
    pinned: bool = False
    date_source: str = "list"
    source: str | None = None  # 来源 / ContentSource read from the article page (None: not read or not given)
    event: date | None = None  # the day of the event the item reports, read from its text (e.g. a meeting)
    forms: tuple[str, ...] = ()  # diversified forms the article page carries (视频, 音频, 图解 …)


@dataclass(frozen=True)
class ColumnSnapshot:
    """What one crawl saw of a column, as the rules need it."""

    name: str
    url: str
    category: str
    entries: tuple[Entry, ...]
    covered_since: date | None = None
    options: dict[str, object] = field(default_factory=dict)
    observed: date | None = None  # the day the list was read (None: on as_of itself, a live check)
    history: ColumnHistory | None = None  # every reading and entry of the history (None: a live check without one)


@dataclass(frozen=True)
class Finding:
    """One rule's judgement on one column."""

    rule: str
    severity: str
    message: str
    source: str = ""

    def as_dict(self) -> dict[str, str]:
        """Return the JSON form of the finding (contract keys first)."""
        data = {"rule": self.rule, "severity": self.severity, "message": self.message}
        if self.source:
            data["source"] = self.source
        return data


@dataclass(frozen=True)
class Verdict:
    """The outcome for a column: its status, newest date on or before as_of, and the findings."""

    status: str
    latest: date | None
    findings: tuple[Finding, ...]


def worst(severities: list[str]) -> str:
    """Return the most severe of the given severities, 'ok' for none."""
    return max(severities, key=SEVERITY_ORDER.__getitem__, default="ok")


@dataclass(frozen=True)
class ColumnReport:
    """One column's line in a check: where it is, what was read, and the verdict."""

    site: str
    name: str
    url: str
    category: str
    category_guessed: bool
    status: str
    latest: date | None
    findings: tuple[Finding, ...]
    items: int = 0
    error: str | None = None
    newest: Entry | None = None
    options: dict[str, object] = field(default_factory=dict, compare=False)

    def as_dict(self) -> dict[str, object]:
        """Return the JSON form of the column (the contract's keys, then extras)."""
        newest = None
        if self.newest is not None:
            published = self.newest.published.isoformat() if self.newest.published else None
            newest = {"title": self.newest.title, "url": self.newest.url, "published": published}
        return {
            "site": self.site,
            "name": self.name,
            "url": self.url,
            "category": self.category,
            "latest": self.latest.isoformat() if self.latest else None,
            "status": self.status,
            "findings": [f.as_dict() for f in self.findings],
            "category_guessed": self.category_guessed,
            "items": self.items,
            "error": self.error,
            "newest": newest,
        }


@dataclass(frozen=True)
class SiteReport:
    """A unit's site-level findings (national single-veto counts, presence of columns) and their status."""

    site: str
    status: str
    findings: tuple[Finding, ...]

    def as_dict(self) -> dict[str, object]:
        """Return the JSON form of the site's findings."""
        return {"site": self.site, "status": self.status, "findings": [f.as_dict() for f in self.findings]}


@dataclass(frozen=True)
class CheckResult:
    """A whole check: the day it judged, the ruleset, every column, and how long it took."""

    as_of: date
    ruleset: str
    columns: tuple[ColumnReport, ...]
    elapsed: float = 0.0
    pages: int = 0
    sites: tuple[SiteReport, ...] = ()

    def summary(self) -> dict[str, int]:
        """Return the count of columns and of each status."""
        counts = {"columns": len(self.columns), "ok": 0, "warning": 0, "violation": 0, "error": 0}
        for column in self.columns:
            counts[column.status] += 1
        counts["site_violations"] = sum(1 for s in self.sites for f in s.findings if f.severity == "violation")
        return counts

    @property
    def violated(self) -> bool:
        """Return True when a column or a site-level rule is violated."""
        return any(c.status == "violation" for c in self.columns) or any(s.status == "violation" for s in self.sites)

    @property
    def warned(self) -> bool:
        """Return True when any column or site-level rule gave a warning."""
        return any(c.status == "warning" for c in self.columns) or any(s.status == "warning" for s in self.sites)

    def as_dict(self) -> dict[str, object]:
        """Return the JSON document of the check (contract keys first)."""
        return {
            "as_of": self.as_of.isoformat(),
            "ruleset": self.ruleset,
            "columns": [c.as_dict() for c in self.columns],
            "summary": self.summary(),
            "sites": [s.as_dict() for s in self.sites],
            "elapsed_seconds": round(self.elapsed, 2),
            "pages_fetched": self.pages,
        }


@dataclass(frozen=True)
class Observation:
    """One crawl's reading of a column: when, whether it could be read (and why not), how far back it read.

    covered_since: the list was read back to this publication date (None: to its end).
    """

    observed: date
    status: str
    error: str | None = None
    covered_since: date | None = None

    def covers(self, day: date) -> bool:
        """Return True when this reading saw every item published on or after day."""
        return self.covered_since is None or self.covered_since <= day


@dataclass(frozen=True)
class SeenEntry:
    """An entry of the history and the days it was first and last seen in the column's list."""

    entry: Entry
    first_seen: date
    last_seen: date


@dataclass(frozen=True)
class ColumnHistory:
    """Everything the history holds about a column: identity, observations (oldest first), entries."""

    site: str
    name: str
    url: str
    category: str
    observations: tuple[Observation, ...]
    entries: tuple[SeenEntry, ...]
    options: dict[str, object] = field(default_factory=dict)  # the column's options from the config (site's included)

    def as_of(self, day: date) -> tuple[Observation | None, tuple[Entry, ...]]:
        """Return the last observation on or before day and the entries first seen by then."""
        observed = [o for o in self.observations if o.observed <= day]
        return (observed[-1] if observed else None), tuple(s.entry for s in self.entries if s.first_seen <= day)
