"""Measure the date extractors on labelled real government pages: right, wrong and cannot-read counts."""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import lxml.html
from lxml.html import HtmlElement

from crawler.extract.article import article_date
from crawler.extract.listing import extract_listing
from crawler.extract.page import decode_html, parse_html

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DIR = REPO.parent / "shared" / "realpages"
ENV_DIR = "GOVFRESH_REALPAGES"
# Later than every label, so no list item is dropped as "in the future".
AS_OF = date(2026, 11, 23)
# How far into a page its <meta charset> / http-equiv declaration is looked for.
CHARSET_SNIFF_BYTES = 4096
META_CHARSET = re.compile(rb"<meta[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9_-]+)", re.I)
# URL forms a label states outright: TRS t20190918_693227.shtml, Hanweb art/2020/2/13/ (+ art_4975_1503934).
TRS_URL = re.compile(r"\bt((?:19|20)\d{6})_(\d+)(\.s?html?)?")
HANWEB_URL_DATE = re.compile(r"URL\s+(?:art/)?((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})\b")
HANWEB_PAGE = re.compile(r"(art_\d+_\d+)\.\w+$")
SITE_HOST = re.compile(r"^[\w.-]+")

RIGHT, WRONG, CANNOT_READ = "RIGHT", "WRONG", "CANNOT-READ"


@dataclass(frozen=True)
class Outcome:
    """One page's result: the label, our answer and how it was read, and htmldate's answer."""

    file: str
    kind: str
    label: date
    ours: date | None
    how: str
    verdict: str
    other: date | None = None
    other_verdict: str = ""


def pages_dir(override: str | None = None) -> Path:
    """Return the labelled pages folder: --dir, then $GOVFRESH_REALPAGES, then ../shared/realpages."""
    return Path(override or os.environ.get(ENV_DIR) or DEFAULT_DIR)


def load_labels(folder: Path) -> list[dict]:
    """Return the labels of the folder's pages (labels.json)."""
    return json.loads((folder / "labels.json").read_text(encoding="utf-8"))


def page_url(label: dict) -> str:
    """Return a realistic URL for a page, using only URL forms its label states, else http://SITE/page.html."""
    site = SITE_HOST.match(label["site"])
    host = site.group(0) if site else "example.gov.cn"
    stated = f"{label.get('cms', '')} {label.get('notes', '')}"
    trs = TRS_URL.search(stated)
    if trs:
        return f"http://{host}/t{trs.group(1)}_{trs.group(2)}{trs.group(3) or '.html'}"
    hanweb = HANWEB_URL_DATE.search(label.get("notes", ""))
    page = HANWEB_PAGE.search(label.get("source", {}).get("path", ""))
    if hanweb and page:
        year, month, day = (int(g) for g in hanweb.groups())
        return f"http://{host}/art/{year}/{month}/{day}/{page.group(1)}.html"
    return f"http://{host}/page.html"


def declared_charset(body: bytes) -> str | None:
    """Return the charset the page's <meta> declares near its start, or None."""
    match = META_CHARSET.search(body[:CHARSET_SNIFF_BYTES])
    return match.group(1).decode("ascii").lower() if match else None


def read_page(body: bytes, url: str, visible_only: bool = False) -> HtmlElement:
    """Decode and parse a page; visible_only drops every <meta> tag so only text and URL can date it."""
    root = parse_html(decode_html(body, declared_charset(body)), url)
    if visible_only:
        for meta in list(root.iter("meta")):
            meta.drop_tree()
    return root


def our_date(kind: str, root: HtmlElement, url: str) -> tuple[date | None, str]:
    """Return our answer for a page and how it was read: article date, or a list's newest item up to AS_OF."""
    if kind == "article":
        found = article_date(root, url)
        return (found.published, found.source) if found else (None, "none")
    listing = extract_listing(root, url, AS_OF)
    dated = [i for i in listing.items if i.published is not None and i.published <= AS_OF]
    if not dated:
        return None, listing.kind
    newest = max(dated, key=lambda i: i.published or AS_OF)
    return newest.published, f"{listing.kind}/{newest.date_source} ({len(listing.items)} items)"


def verdict(label: date, answer: date | None) -> str:
    """Return RIGHT, WRONG or CANNOT-READ (no answer)."""
    if answer is None:
        return CANNOT_READ
    return RIGHT if answer == label else WRONG


def htmldate_finder() -> Callable[[str, str], date | None] | None:
    """Return a function asking htmldate for a page's original date, or None when htmldate is not installed."""
    try:
        from htmldate import find_date
    except ImportError:
        return None
    logging.getLogger("htmldate").setLevel(logging.CRITICAL)

    def ask(html: str, url: str) -> date | None:
        """Return htmldate's original (publication) date for a page."""
        try:
            found = find_date(html, url=url, original_date=True, outputformat="%Y-%m-%d")
        except Exception:  # a third-party tool's failure is just "no answer"
            return None
        return date.fromisoformat(found) if found else None

    return ask


def measure(folder: Path, visible_only: bool = False, compare: bool = True) -> tuple[list[Outcome], float]:
    """Run the extractor (and htmldate when compare) over every labelled page; return outcomes and our ms/page."""
    other = htmldate_finder() if compare else None
    outcomes: list[Outcome] = []
    spent = 0.0
    for label in load_labels(folder):
        body = (folder / label["file"]).read_bytes()
        url = page_url(label)
        expected = date.fromisoformat(label["latest"])
        started = time.perf_counter()
        root = read_page(body, url, visible_only)
        ours, how = our_date(label["kind"], root, url)
        spent += time.perf_counter() - started
        outcome = Outcome(Path(label["file"]).name, label["kind"], expected, ours, how, verdict(expected, ours))
        if other is not None:
            html = lxml.html.tostring(read_page(body, url, visible_only), encoding="unicode")
            answer = other(html, url)
            outcome = replace(outcome, other=answer, other_verdict=verdict(expected, answer))
        outcomes.append(outcome)
    return outcomes, spent * 1000 / max(1, len(outcomes))


def profile(folder: Path, rounds: int) -> None:
    """Profile the extractor (parse, then list or article date) over every labelled page with pyinstrument."""
    from pyinstrument import Profiler  # the bench extra

    pages = [(label["kind"], (folder / label["file"]).read_bytes(), page_url(label)) for label in load_labels(folder)]
    profiler = Profiler(interval=0.0002)
    started = time.perf_counter()
    with profiler:
        for _ in range(rounds):
            for kind, body, url in pages:
                our_date(kind, read_page(body, url), url)
    spent = time.perf_counter() - started
    print(profiler.output_text(unicode=True, color=False))
    print(f"{1000 * spent / (rounds * len(pages)):.2f} ms per page (profiled) over {rounds} × {len(pages)} pages")


def summary(verdicts: Sequence[str]) -> str:
    """Return 'N right, N wrong, N cannot-read of N'."""
    counts = {v: sum(1 for x in verdicts if x == v) for v in (RIGHT, WRONG, CANNOT_READ)}
    return f"{counts[RIGHT]} right, {counts[WRONG]} wrong, {counts[CANNOT_READ]} cannot-read of {len(verdicts)}"


def show(day: date | None) -> str:
    """Return a date as text, or '-' for no answer."""
    return day.isoformat() if day else "-"


def main(argv: Sequence[str] | None = None) -> int:
    """Print one line per labelled page and the totals; exit 1 when a page is WRONG, 2 when the folder is absent."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dir", help=f"labelled pages folder (default: ${ENV_DIR} or {DEFAULT_DIR})")
    parser.add_argument("--visible-only", action="store_true", help="remove every <meta> tag before extraction")
    parser.add_argument("--no-htmldate", action="store_true", help="do not compare with htmldate")
    parser.add_argument("--profile", type=int, metavar="ROUNDS", help="profile ROUNDS passes with pyinstrument")
    args = parser.parse_args(argv)
    folder = pages_dir(args.dir)
    if not (folder / "labels.json").is_file():
        print(f"no labels.json in {folder}", file=sys.stderr)
        return 2
    if args.profile:
        profile(folder, args.profile)
        return 0
    outcomes, ms = measure(folder, args.visible_only, compare=not args.no_htmldate)
    compared = any(o.other_verdict for o in outcomes)
    mode = "visible text and URL only (<meta> removed)" if args.visible_only else "normal"
    print(f"mode: {mode}; as_of {AS_OF}")
    header = f"{'file':<9} {'kind':<8} {'label':<10} {'ours':<10} {'read':<26} {'verdict':<11}"
    print(header + (f" {'htmldate':<10} verdict" if compared else ""))
    for o in outcomes:
        line = f"{o.file:<9} {o.kind:<8} {show(o.label):<10} {show(o.ours):<10} {o.how:<26} {o.verdict:<11}"
        print(line + (f" {show(o.other):<10} {o.other_verdict}" if compared else ""))
    print(f"{summary([o.verdict for o in outcomes])} ({ms:.1f} ms per page)")
    if compared:
        print(f"htmldate: {summary([o.other_verdict for o in outcomes])}")
    return 1 if any(o.verdict == WRONG for o in outcomes) else 0


if __name__ == "__main__":
    sys.exit(main())
