"""Real government pages (read from ../shared/realpages or $GOVFRESH_REALPAGES at run time, never copied here)."""

from __future__ import annotations

import importlib.util
import sys
from datetime import date
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench" / "realpages.py"
_spec = importlib.util.spec_from_file_location("bench_realpages", BENCH)
assert _spec is not None and _spec.loader is not None
bench = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = bench
_spec.loader.exec_module(bench)

FOLDER = bench.pages_dir()
if not (FOLDER / "labels.json").is_file():
    pytest.skip(f"labelled real pages not found in {FOLDER}", allow_module_level=True)

LABELS = bench.load_labels(FOLDER)
IDS = [Path(label["file"]).name for label in LABELS]


def _answer(label: dict, visible_only: bool, url: str | None = None) -> tuple[date | None, str]:
    """Return our date for a labelled page and how it was read."""
    url = url or bench.page_url(label)
    root = bench.read_page((FOLDER / label["file"]).read_bytes(), url, visible_only)
    return bench.our_date(label["kind"], root, url)


def _neutral_url(label: dict) -> str:
    """Return a URL that carries no date: http://SITE/page.html."""
    return f"http://{bench.SITE_HOST.match(label['site']).group(0)}/page.html"


def test_corpus_is_there():
    assert len(LABELS) >= 20
    assert all((FOLDER / label["file"]).is_file() for label in LABELS)


@pytest.mark.parametrize("label", LABELS, ids=IDS)
def test_normal_mode_reads_the_labelled_date(label):
    ours, how = _answer(label, visible_only=False)
    assert ours == date.fromisoformat(label["latest"]), f"read via {how}"


@pytest.mark.parametrize("label", LABELS, ids=IDS)
def test_visible_only_never_gives_a_wrong_date(label):
    ours, how = _answer(label, visible_only=True)
    assert ours in (None, date.fromisoformat(label["latest"])), f"wrong date via {how}"


@pytest.mark.parametrize("label", LABELS, ids=IDS)
def test_visible_only_without_url_date_never_gives_a_wrong_date(label):
    ours, how = _answer(label, visible_only=True, url=_neutral_url(label))
    assert ours in (None, date.fromisoformat(label["latest"])), f"wrong date via {how}"


@pytest.mark.parametrize(
    "label",
    [label for label in LABELS if label.get("chengwen_date") and label["chengwen_date"] != label["latest"]],
    ids=lambda label: Path(label["file"]).name,
)
def test_chengwen_date_is_never_taken_for_the_publication_date(label):
    for visible_only in (False, True):
        ours, _ = _answer(label, visible_only, url=_neutral_url(label))
        assert ours != date.fromisoformat(label["chengwen_date"])


def test_bench_counts_no_wrong_page():
    for visible_only in (False, True):
        outcomes, _ = bench.measure(FOLDER, visible_only, compare=False)
        assert [o.file for o in outcomes if o.verdict == bench.WRONG] == []
    outcomes, _ = bench.measure(FOLDER, visible_only=False, compare=False)
    assert all(o.verdict == bench.RIGHT for o in outcomes)


@pytest.mark.parametrize(
    ("page", "source"),
    [("001.html", "山西日报"), ("004.html", "省发改委"), ("008.html", "新华网"), ("014.html", "江西省市场监督管理局")],
)
def test_article_source_on_real_pages(page, source):
    from crawler.extract.article import article_source

    (label,) = [lab for lab in LABELS if lab["file"].endswith(page)]
    root = bench.read_page((FOLDER / label["file"]).read_bytes(), bench.page_url(label))
    assert article_source(root) == source


@pytest.mark.parametrize("page", ["009.html", "010.html"])
def test_empty_player_templates_are_not_videos(page):
    from crawler.extract.article import article_forms

    (label,) = [lab for lab in LABELS if lab["file"].endswith(page)]
    url = bench.page_url(label)
    assert article_forms(bench.read_page((FOLDER / label["file"]).read_bytes(), url), url) == ()
