"""`govfresh crawl` into SQLite: history kept across days, nothing lost on a kill, one writer, old files migrated."""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date

import pytest
import sqlite_utils
from conftest import REPO, column, run_cli, write_config

from crawler.demo import pages
from crawler.demo.pages import DATE_FORMATS, Item
from crawler.demo.portal import DEMO_AS_OF, DemoColumn, write_column
from crawler.demo.server import serve
from crawler.store import MIGRATIONS, SCHEMA_VERSION, load_history


def write_list(folder, items):
    """Write a one-page TRS list of (title, date, href) items, and their articles (来源: the unit itself)."""
    folder.mkdir(parents=True, exist_ok=True)
    area = pages.trs_list([Item(t, d, h) for t, d, h in items], DATE_FORMATS["iso"], 0, 1)
    (folder / "index.html").write_text(pages.page("测试县", "工作动态", area, DEMO_AS_OF), encoding="utf-8")
    for title, day, href in items:
        article = folder / href.removeprefix("./")
        article.parent.mkdir(parents=True, exist_ok=True)
        article.write_text(pages.article("测试县", title, day, DEMO_AS_OF, meta=False), encoding="utf-8")


def rows(db_path, sql, params=()):
    with sqlite3.connect(db_path) as conn:
        return conn.execute(sql, params).fetchall()


A = ("县政府召开常务会议", date(2026, 11, 20), "./202611/t20261120_1.html")
B = ("县长督导森林防火工作", date(2026, 11, 17), "./202611/t20261117_2.html")
C = ("县政府召开安全生产会议", date(2026, 11, 24), "./202611/t20261124_3.html")


@pytest.fixture
def site(tmp_path):
    root = tmp_path / "site"
    write_list(root / "gzdt", [A, B])
    with serve(root) as server:
        server.root = root
        yield server


def config_for(tmp_path, server, name="工作动态", path="gzdt"):
    data = {
        "sites": [{"name": "测试县", "columns": [{"name": name, "url": f"{server.url}{path}/", "category": "dynamic"}]}]
    }
    return write_config(tmp_path / "sites.yaml", data)


def test_two_days_of_history_first_and_last_seen(site, tmp_path):
    db = tmp_path / "history.db"
    config = config_for(tmp_path, site)
    first = run_cli("crawl", "--config", str(config), "--db", str(db), "--at", "2026-11-23 02:00")
    assert first.code == 0, first.stderr
    assert first.stdout.startswith("run 1 complete: 1 columns (0 errors)")
    write_list(site.root / "gzdt", [C, A])  # next day: C is new, B was removed
    renamed = config_for(tmp_path, site, name="工作动态（新）")  # renamed in the config: same URL, same history
    second = run_cli("crawl", "--config", str(renamed), "--db", str(db), "--at", "2026-11-24 02:00")
    assert second.code == 0, second.stderr
    assert rows(db, "SELECT id, status FROM runs ORDER BY id") == [(1, "complete"), (2, "complete")]
    assert rows(db, "SELECT id, name FROM columns") == [(1, "工作动态（新）")]
    seen = {
        url.rsplit("/", 1)[1]: (published, first_seen[:10], last_seen[:10])
        for url, published, first_seen, last_seen in rows(
            db, "SELECT url, published, first_seen, last_seen FROM entries"
        )
    }
    assert seen == {
        "t20261120_1.html": ("2026-11-20", "2026-11-23", "2026-11-24"),
        "t20261117_2.html": ("2026-11-17", "2026-11-23", "2026-11-23"),  # removed, kept in history
        "t20261124_3.html": ("2026-11-24", "2026-11-24", "2026-11-24"),
    }
    assert rows(db, "SELECT run_id, status, latest, items FROM observations ORDER BY run_id") == [
        (1, "ok", "2026-11-20", 2),
        (2, "ok", "2026-11-24", 2),
    ]
    assert rows(db, "PRAGMA journal_mode") == [("wal",)]
    assert rows(db, "PRAGMA user_version") == [(SCHEMA_VERSION,)]


def test_check_with_history_counts_an_item_that_was_later_removed(site, tmp_path):
    db = tmp_path / "history.db"
    config = config_for(tmp_path, site)
    # 2026-11-21: last week's items A and B are listed. Then the unit removes every item of last week.
    assert run_cli("crawl", "--config", str(config), "--db", str(db), "--at", "2026-11-21 02:00").code == 0
    write_list(site.root / "gzdt", [("很久以前的信息", date(2026, 10, 8), "./202610/t20261008_9.html")])
    without = run_cli("check", "--config", str(config), "--as-of", "2026-11-23", "--format", "json")
    assert column(without.json(), "测试县", "工作动态")["status"] == "violation"
    with_history = run_cli(
        "check", "--config", str(config), "--as-of", "2026-11-23", "--format", "json", "--db", str(db)
    )
    assert with_history.code == 0, with_history.stderr
    col = column(with_history.json(), "测试县", "工作动态")
    assert (col["status"], col["latest"]) == ("ok", "2026-11-20")
    assert rows(db, "SELECT count(*) FROM runs WHERE status = 'complete'") == [(2,)]  # check --db stored its crawl


@pytest.fixture
def slow_site(tmp_path):
    root = tmp_path / "slow"
    for n in range(24):
        write_column(root / f"c{n}", "慢站", DemoColumn(f"动态{n}", f"c{n}", "trs", (2, 5)), DEMO_AS_OF, n)
    with serve(root, slow_seconds=0.25) as server:
        # thematic: one list page per column (dynamic columns would also read their articles' 来源)
        columns = [{"name": f"动态{n}", "url": f"{server.url}_slow/c{n}/", "category": "thematic"} for n in range(24)]
        server.config = {
            "settings": {"CONCURRENT_REQUESTS_PER_DOMAIN": 2},
            "sites": [{"name": "慢站", "columns": columns}],
        }
        yield server


def start_crawl(config, db, at="2026-11-23 02:00"):
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "crawler",
            "crawl",
            "--config",
            str(config),
            "--db",
            str(db),
            "--at",
            at,
            "--progress",
            "off",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def wait_for_observations(db, at_least, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if db.exists():
            try:
                # Reading while the crawl writes: WAL lets a report read at any time.
                if rows(db, "SELECT count(*) FROM observations")[0][0] >= at_least:
                    return
            except sqlite3.OperationalError:
                pass
        time.sleep(0.05)
    raise AssertionError("the crawl stored nothing in time")


def test_killed_crawl_leaves_a_consistent_database_and_is_marked_interrupted(slow_site, tmp_path):
    db = tmp_path / "history.db"
    config = write_config(tmp_path / "sites.yaml", slow_site.config)
    assert run_cli("crawl", "--config", str(config), "--db", str(db), "--at", "2026-11-22 02:00").code == 0
    crawl = start_crawl(config, db)
    wait_for_observations(db, 24 + 3)
    crawl.send_signal(signal.SIGKILL)
    crawl.wait(timeout=10)
    assert rows(db, "PRAGMA integrity_check") == [("ok",)]
    assert rows(db, "SELECT id, status FROM runs ORDER BY id") == [(1, "complete"), (2, "running")]
    kept = rows(db, "SELECT count(*) FROM observations WHERE run_id = 2")[0][0]
    assert 3 <= kept < 24
    rerun = run_cli("crawl", "--config", str(config), "--db", str(db), "--at", "2026-11-23 03:00")
    assert rerun.code == 0, rerun.stderr
    assert "interrupted" in rerun.stderr
    assert rows(db, "SELECT id, status FROM runs ORDER BY id") == [(1, "complete"), (2, "interrupted"), (3, "complete")]
    assert rows(db, "SELECT count(*) FROM observations WHERE run_id = 2")[0][0] == kept  # what it observed stays


def test_second_crawl_is_refused_at_once_and_the_first_goes_on(slow_site, tmp_path):
    db = tmp_path / "history.db"
    config = write_config(tmp_path / "sites.yaml", slow_site.config)
    first = start_crawl(config, db)
    wait_for_observations(db, 1)
    started = time.monotonic()
    second = run_cli("crawl", "--config", str(config), "--db", str(db))
    assert time.monotonic() - started < 10
    assert second.code == 2
    assert len(second.stderr.strip().splitlines()) == 1 and "另一个抓取" in second.stderr
    out, err = first.communicate(timeout=60)
    assert first.returncode == 0, err
    assert rows(db, "SELECT status FROM runs") == [("complete",)]
    assert rows(db, "SELECT count(*) FROM observations")[0][0] == 24


def test_sigterm_stops_cleanly_and_keeps_what_was_read(slow_site, tmp_path):
    db = tmp_path / "history.db"
    config = write_config(tmp_path / "sites.yaml", slow_site.config)
    crawl = start_crawl(config, db)
    wait_for_observations(db, 2)
    crawl.send_signal(signal.SIGTERM)
    out, err = crawl.communicate(timeout=30)
    assert crawl.returncode == 1, err
    assert "interrupted" in out
    assert rows(db, "SELECT status FROM runs") == [("interrupted",)]
    assert rows(db, "PRAGMA integrity_check") == [("ok",)]
    assert rows(db, "SELECT count(*) FROM observations")[0][0] >= 2


def test_database_of_an_older_schema_is_migrated_in_place(site, tmp_path):
    db = tmp_path / "old.db"
    old = sqlite_utils.Database(db)
    MIGRATIONS[0](old)  # the schema of govfresh's first release
    old.execute("PRAGMA user_version = 1")
    old["runs"].insert(
        {
            "id": 1,
            "started_at": "2026-11-01T02:00:00+08:00",
            "finished_at": "2026-11-01T02:01:00+08:00",
            "status": "complete",
        }
    )
    old["columns"].insert(
        {"id": 1, "site": "测试县", "name": "工作动态", "url": f"{site.url}gzdt/", "category": "dynamic"}
    )
    old["observations"].insert(
        {"run_id": 1, "column_id": 1, "status": "ok", "latest": "2026-10-30", "items": 1, "error": None}
    )
    old["entries"].insert(
        {
            "column_id": 1,
            "url": "http://old/1.html",
            "title": "旧信息",
            "published": "2026-10-30",
            "first_seen": "2026-11-01T02:00:00+08:00",
            "last_seen": "2026-11-01T02:00:00+08:00",
        }
    )
    old.close()
    run = run_cli("crawl", "--config", str(config_for(tmp_path, site)), "--db", str(db), "--at", "2026-11-23 02:00")
    assert run.code == 0, run.stderr
    assert rows(db, "PRAGMA user_version") == [(SCHEMA_VERSION,)]
    assert rows(db, "SELECT id, status FROM runs ORDER BY id") == [(1, "complete"), (2, "complete")]
    assert rows(db, "SELECT count(*) FROM entries")[0][0] == 3
    assert rows(db, "SELECT observed_at FROM observations WHERE run_id = 2")[0][0].startswith("2026-11-23T02:00")


def test_database_of_schema_2_gets_article_details_and_options_with_old_rows_intact(site, tmp_path):
    db = tmp_path / "v2.db"
    old = sqlite_utils.Database(db)
    MIGRATIONS[0](old)
    MIGRATIONS[1](old)  # the schema before article details: v1 and v2 only
    old.execute("PRAGMA user_version = 2")
    old["runs"].insert({"id": 1, "started_at": "2026-11-20T02:00:00+08:00", "status": "complete", "columns_total": 1})
    url = f"{site.url}gzdt/"
    old["columns"].insert({"id": 1, "site": "测试县", "name": "工作动态", "url": url, "category": "dynamic"})
    old["observations"].insert(
        {"run_id": 1, "column_id": 1, "status": "ok", "latest": "2026-11-17", "items": 1, "pages": 1,
         "observed_at": "2026-11-20T02:00:00+08:00"}
    )  # fmt: skip
    old_entry = {
        "column_id": 1,
        "url": f"{url}202611/t20261117_2.html",  # B: listed again by the crawl below
        "title": "县长督导森林防火工作",
        "published": "2026-11-17",
        "first_seen": "2026-11-20T02:00:00+08:00",
        "last_seen": "2026-11-20T02:00:00+08:00",
        "pinned": 0,
        "date_source": "list",
    }
    old["entries"].insert(old_entry)
    old.close()

    (column_history,) = load_history(db)  # opening migrates in place
    assert rows(db, "PRAGMA user_version") == [(SCHEMA_VERSION,)]
    assert column_history.options == {}
    (seen,) = column_history.entries
    assert seen.entry.title == "县长督导森林防火工作"
    assert (seen.entry.source, seen.entry.event, seen.entry.forms) == (None, None, ())
    assert (seen.first_seen, seen.entry.published) == (date(2026, 11, 20), date(2026, 11, 17))

    run = run_cli("crawl", "--config", str(config_for(tmp_path, site)), "--db", str(db), "--at", "2026-11-23 02:00")
    assert run.code == 0, run.stderr
    assert rows(db, "SELECT id, status FROM runs ORDER BY id") == [(1, "complete"), (2, "complete")]
    assert rows(db, "SELECT options FROM columns") == [('{"aliases": ["测试县"]}',)]  # written by every crawl
    # the old row keeps its first sighting and gains the 来源 its article gives (dynamic columns need originals)
    assert rows(
        db, "SELECT title, published, first_seen, last_seen, source FROM entries WHERE url = ?", [old_entry["url"]]
    ) == [("县长督导森林防火工作", "2026-11-17", "2026-11-20T02:00:00+08:00", "2026-11-23T02:00:00+08:00", "测试县")]


@pytest.mark.parametrize(
    "content",
    [b"this is not a database, just text\n" * 10, b"SQLite format 3\x00" + bytes(range(256)) * 20],
    ids=["text-file", "corrupt-sqlite"],
)
def test_non_sqlite_or_corrupt_file_is_refused_untouched(site, tmp_path, content):
    db = tmp_path / "history.db"
    db.write_bytes(content)
    digest = hashlib.sha256(content).hexdigest()
    run = run_cli("crawl", "--config", str(config_for(tmp_path, site)), "--db", str(db))
    assert run.code == 2
    assert len(run.stderr.strip().splitlines()) == 1 and "Traceback" not in run.stderr
    assert "history.db" in run.stderr
    assert hashlib.sha256(db.read_bytes()).hexdigest() == digest
    assert not (tmp_path / "history.db-wal").exists()


def test_bad_at_is_refused(site, tmp_path):
    run = run_cli(
        "crawl", "--config", str(config_for(tmp_path, site)), "--db", str(tmp_path / "h.db"), "--at", "tomorrow"
    )
    assert run.code == 2 and "--at" in run.stderr


def test_articles_are_read_once_and_their_source_kept_for_later_checks(site, tmp_path):
    db = tmp_path / "history.db"
    config = config_for(tmp_path, site)
    assert run_cli("crawl", "--config", str(config), "--db", str(db), "--at", "2026-11-21 02:00").code == 0
    articles = [path for path in site.requests if "/202611/" in path]
    assert sorted(articles) == ["/gzdt/202611/t20261117_2.html", "/gzdt/202611/t20261120_1.html"]
    assert rows(db, "SELECT DISTINCT source FROM entries") == [("测试县",)]
    check = run_cli("check", "--config", str(config), "--as-of", "2026-11-23", "--format", "json", "--db", str(db))
    assert [path for path in site.requests if "/202611/" in path] == articles  # not read a second time
    assert column(check.json(), "测试县", "工作动态")["status"] == "ok"  # the stored 来源 still counts
