"""index.html lists every report of a folder, newest period first, and nothing else."""

from __future__ import annotations

from reports.index import render_index, report_file


def test_report_names_are_recognised():
    assert report_file("weekly-2026-W48.html").period == "2026年第48周"
    assert report_file("monthly-2026-10.html").period == "2026年10月"
    assert report_file("quarterly-2026-Q3.html").period == "2026年第3季度"
    assert report_file("index.html") is None and report_file("weekly-2026-W48.csv") is None


def test_index_is_newest_first_and_escaped():
    page = render_index(["monthly-2026-10.html", "weekly-2026-W40.html", "weekly-2026-W48.html", "notes<b>.html"])
    order = [page.index(name) for name in ("weekly-2026-W48.html", "monthly-2026-10.html", "weekly-2026-W40.html")]
    assert order == sorted(order)
    assert "notes" not in page
