"""A fast static server for generated portals: one asyncio process serves many sites, each on its own address.

The demo's PortalServer (a thread per connection, HTTP/1.0, one Python process) answers about 1,400
pages/s; a bare Scrapy spider downloads faster than that, so it would measure the server. This one serves
the same folders over HTTP/1.1 keep-alive from an asyncio loop, answers a directory as its index.html (a
directory without its slash redirects, as SimpleHTTPRequestHandler does), logs every request (for the bare
spider to fetch the same pages) and reports its own CPU time, so each run says how busy the server was.

`chrome_kb` pads every HTML page with the chrome of a real county portal (a menu, a column tree, a 热点排行
sidebar, a footer: about 130 links and 450 elements; 8 inline scripts; inline CSS up to the size), so pages
weigh what real ones do (the labelled real pages in ../shared/realpages: median 50 KB, 100–1,800 elements,
10–385 links) while the column's own list stays what the generator wrote.

Control paths (on any site): /_bench/log answers {"requests": ["host path", …], "cpu": s} and clears the log.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import time
from collections.abc import Callable
from pathlib import Path

CONTROL_LOG = "/_bench/log"
TYPES = {".html": b"text/html", ".htm": b"text/html", ".json": b"application/json", ".txt": b"text/plain"}
MAX_HEADER_BYTES = 65536
SCRIPTS = 8  # inline scripts in the chrome (the labelled real pages: 6–38, median 16, mostly short)
Fallback = Callable[[Path, str], "bytes | None"]


def chrome(kb: int) -> tuple[bytes, bytes]:
    """Return the (after <body>, before </body>) chrome that brings a page to about kb kilobytes more."""
    if kb <= 0:
        return b"", b""
    sections = ["政务公开", "政务服务", "互动交流", "走进本县", "新闻中心", "专题专栏", "数据发布", "公共服务"]
    menu = "".join(
        f'<li><a href="/{n}/">{s}</a><ul class="sub">'
        + "".join(f'<li><a href="/{n}/{m}/" target="_blank">{s}子栏目{m}</a></li>' for m in range(8))
        + "</ul></li>"
        for n, s in enumerate(sections)
    )
    tree = "".join(
        f'<dl><dt><a href="/tree/{n}/">机构职能目录{n}</a></dt>'
        + "".join(f'<dd><a href="/tree/{n}/{m}/">政府信息公开目录第{n}类第{m}项</a></dd>' for m in range(6))
        + "</dl>"
        for n in range(6)
    )
    hot = "".join(
        f'<li><a href="/hot/{n}.html" title="热点信息标题{n}">关于做好热点工作的通知第{n}号</a>'
        f"<span>2026-0{1 + n % 9}-1{n % 10}</span></li>"
        for n in range(10)
    )
    menus_js = "[" + ", ".join(f'{{name: "{s}", url: "/{n}/"}}' for n, s in enumerate(sections)) + "]"
    script = (
        "<script>var _hmt = _hmt || [];(function(){var hm = document.createElement('script');"
        "hm.src = 'https://stat.example.gov.cn/hm.js?0123456789abcdef';"
        "var s = document.getElementsByTagName('script')[0];"
        "s.parentNode.insertBefore(hm, s);})();\n"
        f"var siteMenus = {menus_js};\n"
        "function setFont(size){document.getElementById('zoom').style.fontSize = size + 'px';}\n"
        "$(function(){ $('.nav li').hover(function(){ $(this).find('.sub').show(); }, function(){ $(this).find('.sub')"
        ".hide(); }); $('#searchBtn').click(function(){ var q = $('#q').val(); if (!q) { alert('请输入关键字'); "
        "return false; } window.location.href = '/search?q=' + encodeURIComponent(q); }); });</script>\n"
    )
    top = (
        '<div class="topbar"><a href="javascript:void(0)" id="wza">无障碍</a> <a href="javascript:void(0)">长者模式</a>'
        ' <a href="/login/">登录</a></div><div class="header"><div class="logo"><img src="/images/logo.png" alt="logo">'
        '</div><form class="search" action="/search"><input id="q" name="q"><button id="searchBtn">搜索</button></form>'
        f'</div><div class="nav"><ul class="menu">{menu}</ul></div>'
    )
    side = (
        f'<div class="side"><div class="tree">{tree}</div><h3>热点排行</h3><ul class="hot">{hot}</ul></div>'
        '<div class="footer"><ul class="links">'
        + "".join(f'<li><a href="https://dept{n}.example.gov.cn/">友情链接部门网站{n}</a></li>' for n in range(20))
        + '</ul><p>网站标识码：1234000001　备案号：<a href="https://beian.example.cn/">示ICP备12345678号</a></p>'
        '<p><a href="/about/">关于我们</a> | <a href="/map/">网站地图</a> | <a href="/contact/">联系我们</a></p></div>'
    )
    scripts = script * SCRIPTS
    images = "".join(f".icon{n} {{ background: url(/images/icon{n}.png) no-repeat; }}\n" for n in range(6))
    rule = ".nav .menu li .sub li a:hover { color: #b40000; border-bottom: 1px solid #e5e5e5; margin: 0 4px; }\n"
    fixed = len((top + side + scripts + images).encode())
    style = "<style>" + images + rule * max(0, (kb * 1024 - fixed) // len(rule)) + "</style>"
    return top.encode(), (side + scripts + style).encode()


class SiteProtocol(asyncio.Protocol):
    """One HTTP/1.1 connection to one site: GET and HEAD of files, keep-alive."""

    def __init__(self, site: Site) -> None:
        """Serve one connection to this site."""
        self.site = site
        self.buffer = b""
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        """Keep the transport."""
        self.transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        """Answer every complete request in the buffer."""
        self.buffer += data
        while b"\r\n\r\n" in self.buffer:
            head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
            answer, keep = self.answer(head)
            if self.site.latency:  # the web's round trip and the server's think time, without using CPU
                asyncio.get_running_loop().call_later(self.site.latency, self.send, answer, keep)
            else:
                self.send(answer, keep)
            if not keep:
                return
        if len(self.buffer) > MAX_HEADER_BYTES:
            assert self.transport is not None
            self.transport.close()

    def send(self, answer: bytes, keep: bool) -> None:
        """Write an answer, then close the connection unless it is kept alive."""
        assert self.transport is not None
        if self.transport.is_closing():
            return
        self.transport.write(answer)
        if not keep:
            self.transport.close()

    def answer(self, head: bytes) -> tuple[bytes, bool]:
        """Return the answer to one request head and whether the connection stays open."""
        lines = head.split(b"\r\n")
        try:
            method, target, version = lines[0].split(b" ", 2)
        except ValueError:
            method, target, version = b"GET", b"/", b"HTTP/1.0"
        headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(b":") for line in lines[1:])}
        connection = headers.get(b"connection", b"").lower()
        keep = connection != b"close" if version == b"HTTP/1.1" else connection == b"keep-alive"
        path = target.decode("latin-1").split("?", 1)[0].split("#", 1)[0]
        status, ctype, body, extra = self.site.page(path)
        out = [
            b"HTTP/1.1 " + status,
            b"Content-Type: " + ctype,
            b"Content-Length: " + str(len(body)).encode(),
            b"Cache-Control: no-store",
            b"Connection: " + (b"keep-alive" if keep else b"close"),
            *extra,
        ]
        return b"\r\n".join(out) + b"\r\n\r\n" + (b"" if method == b"HEAD" else body), keep


class Site:
    """One site's folder on its own address."""

    def __init__(
        self,
        host: str,
        folder: Path,
        chrome: tuple[bytes, bytes],
        log: RequestLog,
        fallback: Fallback | None = None,
        latency: float = 0.0,
    ) -> None:
        """Serve the folder at host, padded with the chrome, logging each request."""
        self.host, self.folder, self.log, self.fallback, self.latency = host, folder, log, fallback, latency
        self.top, self.bottom = chrome

    def page(self, path: str) -> tuple[bytes, bytes, bytes, list[bytes]]:
        """Return (status, content type, body, extra headers) for a path."""
        if path == CONTROL_LOG:
            return b"200 OK", b"application/json", self.log("", CONTROL_LOG).encode(), []
        self.log(self.host, path)
        parts = [p for p in path.split("/") if p and p not in (".", "..")]
        file = self.folder.joinpath(*parts)
        if file.is_dir():
            if not path.endswith("/"):
                return b"301 Moved Permanently", b"text/html", b"", [b"Location: " + path.encode() + b"/"]
            file = file / "index.html"
        try:
            body = file.read_bytes()
        except OSError:
            made = self.fallback(self.folder, path) if self.fallback else None
            if made is None:
                return b"404 File not found", b"text/html", b"<html><body><h1>404 File not found</h1></body></html>", []
            body = made
        ctype = TYPES.get(file.suffix, b"application/octet-stream")
        if ctype == b"text/html" and self.top:
            body = _padded(body, self.top, self.bottom)
        return b"200 OK", ctype, body, []


def _padded(body: bytes, top: bytes, bottom: bytes) -> bytes:
    """Return an HTML page with the chrome after its <body> tag and before its </body>."""
    start = body.find(b"<body")
    end = body.rfind(b"</body>")
    if start < 0 or end < 0:
        return body
    start = body.index(b">", start) + 1
    return body[:start] + top + body[start:end] + bottom + body[end:]


class RequestLog:
    """Every request served since the last read of the log."""

    def __init__(self) -> None:
        """Start with an empty log."""
        self.lines: list[str] = []

    def __call__(self, host: str, path: str) -> str:
        """Record a request, or (for the control path) return the log as JSON and clear it."""
        if path != CONTROL_LOG:
            self.lines.append(f"{host} {path}")
            return ""
        times = os.times()
        answer = json.dumps({"requests": self.lines, "cpu": times.user + times.system, "at": time.monotonic()})
        self.lines = []
        return answer


async def serve(
    sites: list[tuple[str, Path]], port: int, chrome_kb: int, fallback: Fallback | None = None, latency: float = 0.0
) -> None:
    """Serve every (address, folder) on port until SIGTERM or SIGINT, saying "ready" once listening.

    fallback(folder, path) may make the page of a path that has no file (None: 404); every answer leaves
    `latency` seconds after its request came.
    """
    loop = asyncio.get_running_loop()
    log = RequestLog()
    padding = chrome(chrome_kb)
    servers = []
    for host, folder in sites:
        site = Site(host, folder, padding, log, fallback, latency)
        servers.append(await loop.create_server(lambda s=site: SiteProtocol(s), host, port, backlog=1024))
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    print("ready", flush=True)
    await stop.wait()
    for server in servers:
        server.close()


def fetch_log(host: str, port: int) -> tuple[list[str], float]:
    """Return the server's request log (clearing it) and its CPU seconds so far."""
    import urllib.request

    with urllib.request.urlopen(f"http://{host}:{port}{CONTROL_LOG}", timeout=30) as answer:
        data = json.loads(answer.read())
    return data["requests"], data["cpu"]


async def _client(urls: list[tuple[str, str]], port: int, done: list[int], until: float) -> None:
    """Fetch urls (host, path) over keep-alive connections, one connection per host at a time, until `until`."""
    writer = None
    current = ""
    reader: asyncio.StreamReader | None = None
    for host, path in urls:
        if time.monotonic() > until:
            break
        if host != current or writer is None:
            if writer is not None:
                writer.close()
            reader, writer = await asyncio.open_connection(host, port)
            current = host
        assert reader is not None
        writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
        head = await reader.readuntil(b"\r\n\r\n")
        length = int(head.lower().split(b"content-length:", 1)[1].split(b"\r\n", 1)[0])
        await reader.readexactly(length)
        done[0] += 1
    if writer is not None:
        writer.close()


def load(urls: list[tuple[str, str]], port: int, connections: int, seconds: float) -> tuple[int, float]:
    """Fetch urls with this many connections at once for at most `seconds`; return (pages, wall seconds)."""
    shares = [urls[i::connections] for i in range(connections)]
    done = [0]

    async def run() -> None:
        """Run every connection's client until its share is fetched or the time is up."""
        until = time.monotonic() + seconds
        await asyncio.gather(*(_client(sorted(share), port, done, until) for share in shares))

    started = time.monotonic()
    asyncio.run(run())
    return done[0], time.monotonic() - started
