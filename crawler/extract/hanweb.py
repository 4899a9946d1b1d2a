"""Hanweb (大汉) column paging: the dataproxy.jsp group requests behind a column page's `<datastore>`.

A Hanweb column page holds its first group of records (perPage × groupSize, usually 45) as CDATA `<record>`s
in a `<script type="text/xml"><datastore>`; its jpage script loads later groups by POSTing the column's form
(col, appid, webid, path, columnid, sourceContentType, unitid, webname, permissiontype) to
`/module/web/jpage/dataproxy.jsp?startrecord=46&endrecord=90&perpage=15`, which answers another datastore.
The same form sits in the `<nextgroup>` link's query string.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, unquote, urljoin, urlsplit

HANWEB_RECORD = re.compile(r"<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", re.S)
HANWEB_TOTAL = re.compile(r"<totalrecord>\s*(\d+)\s*</totalrecord>")
NEXTGROUP = re.compile(r"<nextgroup>\s*(?:<!\[CDATA\[)?(.*?)(?:\]\]>)?\s*</nextgroup>", re.S)
HREF = re.compile(r"""href\s*=\s*["']([^"']+)["']""")
PROXY_URL = re.compile(r"""proxyUrl\s*:\s*["']([^"']+)["']""")
PER_PAGE = re.compile(r"""\bperPage\s*:\s*["']?(\d+)""")
GROUP_SIZE = re.compile(r"""\bgroupSize\s*:\s*["']?(\d+)""")
TOTAL_RECORD = re.compile(r"""\btotalRecord\s*:\s*["']?(\d+)""")
FORM_FIELD = re.compile(
    r"""(?<![\w.$])(col|appid|webid|path|columnid|sourceContentType|unitid|webname|permissiontype)\s*[:=]\s*"""
    r"""(?:"([^"]*)"|'([^']*)'|([\w%.:/-]+))"""
)
XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
SCRIPT_END = re.compile(r"</(script)", re.I)
PROXY_PATH = "/module/web/jpage/dataproxy.jsp"
# What jpage sends when the page does not say otherwise.
FORM_DEFAULTS = {"col": "1", "appid": "1", "path": "/", "sourceContentType": "1", "permissiontype": "0"}
FORM_ORDER = ("col", "appid", "webid", "path", "columnid", "sourceContentType", "unitid", "webname", "permissiontype")
DEFAULT_PER_PAGE = 15
DEFAULT_GROUP_SIZE = 3


@dataclass(frozen=True)
class Pager:
    """A Hanweb column's group paging: where to POST, its form, records per page and per group, records in all."""

    proxy: str
    form: tuple[tuple[str, str], ...]
    per_page: int
    group: int
    total: int | None


def find_pager(scripts: list[str], url: str) -> Pager | None:
    """Return the dataproxy.jsp paging of a Hanweb column page, or None when the page has no column form."""
    datastore = next((text for text in scripts if "<datastore" in text), None)
    if datastore is None:
        return None
    jpage = [text for text in scripts if "dataproxy" in text or "jpage(" in text or "<nextgroup" in text]
    form = dict(FORM_DEFAULTS)
    proxy = PROXY_PATH
    nextgroup = NEXTGROUP.search(datastore)
    link = HREF.search(nextgroup.group(1)) if nextgroup else None
    if link is not None:
        href = link.group(1).replace("&amp;", "&")
        parts = urlsplit(href)
        proxy = parts.path or proxy
        form.update((k, _decoded(v)) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k in FORM_ORDER)
    for text in jpage:
        if "<datastore" in text:  # its link was read above; its records are not the form
            continue
        for match in FORM_FIELD.finditer(text):
            form[match.group(1)] = _decoded(next(g for g in match.groups()[1:] if g is not None))
        found = PROXY_URL.search(text)
        proxy = found.group(1) if found else proxy
    if not form.get("columnid"):
        return None
    stated = _number(PER_PAGE, jpage)
    per_page = stated or DEFAULT_PER_PAGE
    # A group is perPage × groupSize records; a page that does not say holds one whole group.
    shown = len(HANWEB_RECORD.findall(datastore))
    group = (
        per_page * (_number(GROUP_SIZE, jpage) or DEFAULT_GROUP_SIZE)
        if stated
        else shown or DEFAULT_PER_PAGE * DEFAULT_GROUP_SIZE
    )
    total = HANWEB_TOTAL.search(datastore)
    records = int(total.group(1)) if total else _number(TOTAL_RECORD, jpage)
    ordered = tuple((key, form[key]) for key in FORM_ORDER if key in form)
    return Pager(urljoin(url, proxy), ordered, per_page, group, records)


def has_group(pager: Pager, number: int) -> bool:
    """Return True when the column has records in its number-th group (1 = the group on the column page)."""
    return number >= 1 and (pager.total is None or (number - 1) * pager.group < pager.total)


def group_request(pager: Pager, number: int) -> tuple[str, dict[str, str]]:
    """Return the URL and the POST form that load the number-th group of records."""
    start = (number - 1) * pager.group + 1
    end = number * pager.group
    if pager.total is not None:
        end = min(end, pager.total)
    url = f"{pager.proxy}?startrecord={start}&endrecord={end}&perpage={pager.per_page}"
    return url, dict(pager.form)


def group_document(text: str) -> str:
    """Wrap a dataproxy.jsp answer (an XML datastore) as a page whose datastore script extract_listing reads."""
    body = SCRIPT_END.sub(r"<\\/\1", XML_DECLARATION.sub("", text, count=1))
    return f'<html><head></head><body><script type="text/xml">{body}</script></body></html>'


def _decoded(value: str) -> str:
    """Return a form value percent-decoded as often as it was encoded (webname is often encoded twice)."""
    for _ in range(3):
        decoded = unquote(value)
        if decoded == value:
            break
        value = decoded
    return value


def _number(pattern: re.Pattern[str], texts: list[str]) -> int | None:
    """Return the first number the pattern finds in the texts, or None."""
    for text in texts:
        found = pattern.search(text)
        if found:
            return int(found.group(1))
    return None
