"""The history database (SQLite through sqlite-utils): schema and migrations, the crawl lock, writes and reads.

Tables (contract): runs, columns, observations, entries. Every column's observation is written in its own
transaction as the column finishes, in WAL mode, so a crawl killed at any moment leaves a consistent file
and a report can read while a crawl writes.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import sqlite3
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from crawler.errors import GovfreshError
from crawler.items import ColumnResult
from rules.model import ColumnHistory, Entry, Observation, SeenEntry

BUSY_TIMEOUT_MS = 10_000


class StoreError(GovfreshError):
    """The database file cannot be used (not SQLite, corrupt, unwritable)."""


class CrawlLocked(GovfreshError):
    """Another crawl is writing to the same database."""


def _v1(db: sqlite_utils.Database) -> None:
    """Schema 1: the four tables of the history contract."""
    db["runs"].create(
        {"id": int, "started_at": str, "finished_at": str, "status": str}, pk="id", not_null={"started_at", "status"}
    )
    db["columns"].create(
        {"id": int, "site": str, "name": str, "url": str, "category": str},
        pk="id",
        not_null={"site", "name", "url", "category"},
    )
    db["columns"].create_index(["url"], unique=True)
    db["observations"].create(
        {"run_id": int, "column_id": int, "status": str, "latest": str, "items": int, "error": str},
        pk=("run_id", "column_id"),
        foreign_keys=[("run_id", "runs", "id"), ("column_id", "columns", "id")],
        not_null={"status", "items"},
    )
    db["entries"].create(
        {"column_id": int, "url": str, "title": str, "published": str, "first_seen": str, "last_seen": str},
        pk=("column_id", "url"),
        foreign_keys=[("column_id", "columns", "id")],
        not_null={"title", "first_seen", "last_seen"},
    )


def _v2(db: sqlite_utils.Database) -> None:
    """Schema 2: what a run crawled and how far each column's list was read; indexes for reports."""
    db["runs"].add_column("config", str)
    db["runs"].add_column("columns_total", int)
    for name, kind in (("observed_at", str), ("pages", int), ("covered_since", str), ("final_url", str)):
        db["observations"].add_column(name, kind)
    db["entries"].add_column("pinned", int, not_null_default=0)
    db["entries"].add_column("date_source", str)
    db["observations"].create_index(["column_id", "run_id"])
    db["entries"].create_index(["column_id", "published"])


def _v3(db: sqlite_utils.Database) -> None:
    """Schema 3: article details of entries (来源, event day, forms) and each column's options from the config."""
    for name in ("source", "event", "forms"):
        db["entries"].add_column(name, str)
    db["columns"].add_column("options", str)


MIGRATIONS: tuple[Callable[[sqlite_utils.Database], None], ...] = (_v1, _v2, _v3)
SCHEMA_VERSION = len(MIGRATIONS)


def check_database_path(path: Path) -> None:
    """Refuse a folder given as the database.

    The file itself is never opened outside SQLite: closing any other handle on it would drop the locks
    SQLite holds in this process. A file that is not SQLite fails SQLite's first read, before any write.
    """
    if path.is_dir():
        raise StoreError(f"{path}: 是目录，不是数据库文件")


class History:
    """An open history database, migrated to the current schema."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        check_database_path(self.path)
        try:
            self.db = sqlite_utils.Database(self.path)
            self.db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            version = self.db.execute("PRAGMA user_version").fetchone()[0]  # fails on a file that is not SQLite
            if version > SCHEMA_VERSION:
                raise StoreError(f"{self.path}: 数据库版本 {version} 新于本程序的 {SCHEMA_VERSION}，请升级 govfresh")
            if self.db.journal_mode != "wal":
                self.db.enable_wal()
            self.db.execute("PRAGMA synchronous = NORMAL")
            self.db.execute("PRAGMA foreign_keys = ON")
            self._migrate(version)
        except sqlite3.DatabaseError as exc:
            if "not a database" in str(exc) or "malformed" in str(exc):
                raise StoreError(f"{self.path}: 不是SQLite数据库或已损坏（{exc}），文件未改动") from None
            raise StoreError(f"{self.path}: 数据库无法使用（{exc}）") from None

    def _migrate(self, version: int) -> None:
        """Apply the migrations after `version`, each in one transaction with its version number."""
        for number, migration in enumerate(MIGRATIONS[version:], start=version + 1):
            with self.db.conn:
                migration(self.db)
                self.db.execute(f"PRAGMA user_version = {number}")

    def close(self) -> None:
        """Close the connection."""
        self.db.close()

    def mark_interrupted(self) -> int:
        """Mark runs left `running` by a crawl that died as `interrupted`; return how many (call with the lock held)."""
        with self.db.conn:
            cursor = self.db.execute("UPDATE runs SET status = 'interrupted' WHERE status = 'running'")
        return cursor.rowcount

    def begin_run(self, started_at: datetime, config: str, columns_total: int) -> int:
        """Record a new running run and return its id."""
        with self.db.conn:
            table = self.db["runs"]
            table.insert(
                {
                    "started_at": _stamp(started_at),
                    "status": "running",
                    "config": config,
                    "columns_total": columns_total,
                }
            )
            return int(table.last_pk)

    def finish_run(self, run_id: int, finished_at: datetime, status: str = "complete") -> None:
        """Close a run as `complete` (or `interrupted`)."""
        with self.db.conn:
            self.db["runs"].update(run_id, {"finished_at": _stamp(finished_at), "status": status})

    def record_column(self, run_id: int, result: ColumnResult, observed_at: datetime) -> None:
        """Store one column's observation and its entries in one transaction."""
        spec = result.spec
        stamp = _stamp(observed_at)
        with self.db.conn:
            column_id = self._column_id(spec.site, spec.name, spec.url, spec.category, spec.options)
            current = [e.published for e in result.entries if e.published and e.published <= observed_at.date()]
            self.db["observations"].upsert(
                {
                    "run_id": run_id,
                    "column_id": column_id,
                    "status": "error" if result.error else "ok",
                    "latest": max(current).isoformat() if current else None,
                    "items": len(result.entries),
                    "error": result.error,
                    "observed_at": stamp,
                    "pages": result.pages,
                    "covered_since": result.covered_since.isoformat() if result.covered_since else None,
                    "final_url": result.final_url,
                },
                pk=("run_id", "column_id"),
            )
            self.db.conn.executemany(
                """INSERT INTO entries (column_id, url, title, published, first_seen, last_seen, pinned, date_source,
                                       source, event, forms)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT (column_id, url) DO UPDATE SET
                     source = COALESCE(excluded.source, entries.source),
                     event = COALESCE(excluded.event, entries.event),
                     forms = COALESCE(excluded.forms, entries.forms),
                     title = excluded.title,
                     published = COALESCE(excluded.published, entries.published),
                     first_seen = MIN(entries.first_seen, excluded.first_seen),
                     last_seen = MAX(entries.last_seen, excluded.last_seen),
                     pinned = excluded.pinned,
                     date_source = COALESCE(excluded.date_source, entries.date_source)""",
                [
                    (
                        column_id,
                        e.url,
                        e.title,
                        e.published.isoformat() if e.published else None,
                        stamp,
                        stamp,
                        int(e.pinned),
                        e.date_source or None,
                        e.source,
                        e.event.isoformat() if e.event else None,
                        ",".join(e.forms) or None,
                    )
                    for e in result.entries
                ],
            )

    def _column_id(self, site: str, name: str, url: str, category: str, options: dict[str, object]) -> int:
        """Return the id of the column with this URL, creating it or updating its name, site, category, options."""
        fields = {"site": site, "name": name, "category": category, "options": _options_json(options)}
        row = self.db.execute("SELECT id FROM columns WHERE url = ?", [url]).fetchone()
        if row is None:
            table = self.db["columns"]
            table.insert({**fields, "url": url})
            return int(table.last_pk)
        self.db["columns"].update(row[0], fields)
        return int(row[0])

    def columns_history(self) -> list[ColumnHistory]:
        """Return every column with its observations (oldest first) and entries, in the order first crawled."""
        observations: dict[int, list[Observation]] = {}
        for column_id, observed, status, error, covered in self.db.execute(
            """SELECT o.column_id, COALESCE(o.observed_at, r.started_at), o.status, o.error, o.covered_since
               FROM observations o JOIN runs r ON r.id = o.run_id ORDER BY 2, o.run_id"""
        ).fetchall():
            since = date.fromisoformat(covered) if covered else None
            observations.setdefault(column_id, []).append(Observation(_day(observed), status, error, since))
        entries: dict[int, list[SeenEntry]] = {}
        for column_id, first, last, *row in self.db.execute(
            f"SELECT column_id, first_seen, last_seen, {ENTRY_FIELDS} FROM entries ORDER BY column_id, published DESC"
        ).fetchall():
            entries.setdefault(column_id, []).append(SeenEntry(_entry(row, ""), _day(first), _day(last)))
        return [
            ColumnHistory(
                site, name, url, category, tuple(observations.get(i, ())), tuple(entries.get(i, ())), _options(options)
            )
            for i, site, name, url, category, options in self.db.execute(
                "SELECT id, site, name, url, category, options FROM columns ORDER BY id"
            ).fetchall()
        ]

    def detailed_urls(self) -> list[str]:
        """Return the links of entries whose article details (来源, event day, forms) are already stored."""
        sql = "SELECT DISTINCT url FROM entries WHERE source IS NOT NULL OR event IS NOT NULL OR forms IS NOT NULL"
        return [url for (url,) in self.db.execute(sql).fetchall()]

    def entries_seen(self, url: str, seen_by: date | None = None) -> list[Entry]:
        """Return every entry seen in the column with this URL (first seen on or before seen_by, if given)."""
        fields = ", ".join(f"e.{name.strip()}" for name in ENTRY_FIELDS.split(","))
        sql = f"SELECT {fields} FROM entries e JOIN columns c ON c.id = e.column_id WHERE c.url = ?"
        params: list[object] = [url]
        if seen_by is not None:
            sql += " AND substr(e.first_seen, 1, 10) <= ?"
            params.append(seen_by.isoformat())
        return [_entry(row, "history") for row in self.db.execute(sql, params).fetchall()]


ENTRY_FIELDS = "title, url, published, pinned, date_source, source, event, forms"
ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")  # an option stored as a day: a config's 两会 date (lianghui) and the like


def _entry(row: tuple[Any, ...] | list[Any], date_source: str) -> Entry:
    """Build an Entry from a row of ENTRY_FIELDS (date_source: the default when the row has none)."""
    title, link, published, pinned, how, source, event, forms = row
    return Entry(
        title,
        link,
        date.fromisoformat(published) if published else None,
        bool(pinned),
        how or date_source,
        source,
        date.fromisoformat(event) if event else None,
        tuple(forms.split(",")) if forms else (),
    )


def _options_json(options: dict[str, object]) -> str:
    """Return a column's config options as JSON, dates (YAML gives date objects) as ISO strings."""

    def iso(value: object) -> str:
        if isinstance(value, (date, datetime)):
            return value.isoformat()
        return str(value)

    return json.dumps(options, ensure_ascii=False, sort_keys=True, default=iso)


def _options(text: str | None) -> dict[str, object]:
    """Return a column's stored options, with event dates (lianghui, or any option holding ISO days) as dates again."""
    options: dict[str, object] = json.loads(text) if text else {}
    for key, value in options.items():
        if isinstance(value, str):
            options[key] = _iso_day(value) or value
        elif isinstance(value, list) and value:
            days = [_iso_day(v) if isinstance(v, str) else None for v in value]
            if all(days):
                options[key] = days
    return options


def _iso_day(text: str) -> date | None:
    """Return the day an ISO date string (YYYY-MM-DD) names, or None."""
    if not ISO_DAY.match(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def load_history(path: str | Path) -> list[ColumnHistory]:
    """Read every column's observations and entries (for reports); the database must exist."""
    if not Path(path).is_file():
        raise StoreError(f"{path}: 历史数据库不存在（先运行 govfresh crawl）")
    history = History(path)
    try:
        return history.columns_history()
    finally:
        history.close()


class CrawlLock:
    """An exclusive lock beside the database (FILE.lock) that the OS releases if the crawl dies."""

    def __init__(self, db_path: str | Path) -> None:
        self.path = Path(f"{db_path}.lock")
        self._handle: int | None = None

    def acquire(self) -> None:
        """Take the lock or raise CrawlLocked at once, naming the process that holds it."""
        try:
            handle = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise StoreError(f"{self.path}: 无法创建锁文件: {exc.strerror}") from None
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(handle, 32).decode(errors="replace").strip() or "?"
            os.close(handle)
            db = str(self.path)[: -len(".lock")]
            raise CrawlLocked(f"{db}: 另一个抓取（pid {holder}）正在写入该数据库，本次未运行") from None
        os.ftruncate(handle, 0)
        os.write(handle, str(os.getpid()).encode())
        self._handle = handle

    def release(self) -> None:
        """Release the lock."""
        if self._handle is not None:
            fcntl.flock(self._handle, fcntl.LOCK_UN)
            os.close(self._handle)
            self._handle = None


def _day(stamp: str) -> date:
    """Return the calendar day of a stored timestamp (its local date, as written)."""
    return date.fromisoformat(stamp[:10])


def _stamp(moment: datetime) -> str:
    """Return a timestamp as stored: ISO 8601 to the second, with its UTC offset."""
    return moment.isoformat(timespec="seconds")
