"""Bytes → text → one parsed tree, with the charset traps of real sites handled."""

from __future__ import annotations

import re

import lxml.html
from lxml import etree
from lxml.html import HtmlElement

GB_FAMILY = {"gb2312", "gbk", "gb18030", "cp936", "hz"}
_CJK = re.compile(r"[\u4e00-\u9fff]")


def decode_html(body: bytes, declared: str | None) -> str:
    """Decode a page; bytes that are valid UTF-8 but declare a GB charset (a saved DOM) are read as UTF-8."""
    encoding = (declared or "utf-8").lower().replace("_", "-")
    if encoding in GB_FAMILY or encoding.startswith("gb"):
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return body.decode("gb18030", errors="replace")
        if _CJK.search(text):
            return text
        return body.decode("gb18030", errors="replace")
    try:
        return body.decode(encoding, errors="replace")
    except LookupError:
        return body.decode("utf-8", errors="replace")


def parse_html(text: str, base_url: str | None = None) -> HtmlElement:
    """Parse HTML text once into an lxml tree (links resolve against base_url)."""
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True)
    try:
        root = lxml.html.document_fromstring(text.encode("utf-8", errors="replace"), parser=parser)
    except etree.ParserError:  # an empty or whitespace-only page
        root = lxml.html.document_fromstring(b"<html><body></body></html>", parser=parser)
    if base_url:
        root.make_links_absolute(base_url, resolve_base_href=True, handle_failures="ignore")
    return root
