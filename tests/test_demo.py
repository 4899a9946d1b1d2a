"""`govfresh demo`: serves the bundled portal, checks it and writes real reports."""

from __future__ import annotations

import json

from conftest import run_cli


def test_demo_writes_reports_and_prints_their_paths(tmp_path):
    out = tmp_path / "reports"
    run = run_cli("demo", "--out", str(out), cwd=tmp_path)
    assert run.code == 0, run.stderr
    assert "Traceback" not in run.stderr
    html, data = out / "check.html", out / "check.json"
    assert str(html.resolve()) in run.stdout and str(data.resolve()) in run.stdout
    document = json.loads(data.read_text(encoding="utf-8"))
    assert document["as_of"] == "2026-11-23"
    assert document["summary"]["columns"] == 66
    # the check with history: an item dated 11-14 that the crawls of 11-16 and 11-20 had read past without seeing it
    (news,) = [c for c in document["columns"] if c["site"] == "示例县人民政府" and c["name"] == "工作动态"]
    assert news["status"] == "warning"
    (backdated,) = news["findings"]
    assert backdated["rule"] == "backdated" and "疑似补发或倒签" in backdated["message"]
    assert "标注2026-11-14发布，2026-11-23才首次出现，此前2次抓取均未见" in backdated["message"]
    others = [c for c in document["columns"] if c["name"] != "工作动态"]
    assert all(f["rule"] != "backdated" for c in others for f in c["findings"])  # items appear when published
    page = html.read_text(encoding="utf-8")
    assert "示例县人民政府" in page and "空白栏目" in page and "2026年11月23日" in page
    assert "<script" not in page and "http://" not in page.split("<body>")[0]  # no scripts, nothing fetched
    assert (out / "sites.yaml").is_file()
    for name in ("weekly-2026-W48.html", "monthly-2026-10.html", "quarterly-2026-Q4.html", "index.html"):
        assert str((out / name).resolve()) in run.stdout
        assert "<script" not in (out / name).read_text(encoding="utf-8")
    monthly = (out / "monthly-2026-10.html").read_text(encoding="utf-8")
    assert "关于2026年10月示例县政府网站栏目更新情况的通报" in monthly
    assert "2026年10月未更新" in monthly  # the bureau's 教育专题 had no item in October
    weekly = (out / "weekly-2026-W48.html").read_text(encoding="utf-8")
    # history: an item dated 11-14 that the crawls of 11-16 and 11-20 had read past without seeing it
    assert "疑似补发或倒签发稿日期1条" in weekly and "标注2026-11-14发布，2026-11-23才首次出现" in weekly
    assert "单项否决" in (out / "check-national-2019.html").read_text(encoding="utf-8")
    index = (out / "index.html").read_text(encoding="utf-8")
    assert index.index("weekly-2026-W48.html") < index.index("monthly-2026-10.html")
