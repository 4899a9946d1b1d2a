"""Dates as Chinese government sites write them: full dates, month-days with an inferred year, URL dates."""

from __future__ import annotations

from datetime import date

import pytest

from crawler.extract.dates import find_dates, infer_year, parse_date, published_dates, url_date

AS_OF = date(2026, 11, 23)


@pytest.mark.parametrize(
    "text",
    [
        "2026-11-18",
        "2026/11/18",
        "2026.11.18",
        "2026年11月18日",
        "2026 年 11 月 18 日",
        "2026-11-18 09:30",
        "2026-11-18 09:30:15",
        "2026-11-18T09:30:00+08:00",
        "[2026-11-18]",
        "（2026-11-18）",
        "发布时间：2026-11-18",
        "日期:2026/11/18 来源：市政府办公室",
    ],
)
def test_full_date_formats(text):
    assert parse_date(text) == date(2026, 11, 18)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-1-8", date(2026, 1, 8)),
        ("2026/1/8", date(2026, 1, 8)),
        ("2026年1月8日", date(2026, 1, 8)),
        ("2026-01-08", date(2026, 1, 8)),
        ("2024-02-29", date(2024, 2, 29)),
    ],
)
def test_single_digit_months_and_days(text, expected):
    assert parse_date(text) == expected


def test_find_dates_returns_every_date_with_its_position():
    text = "发布：2026-11-18 更新：2026年11月20日"
    found = find_dates(text)
    assert [d for d, _, _ in found] == [date(2026, 11, 18), date(2026, 11, 20)]
    start, end = found[0][1], found[0][2]
    assert text[start:end].strip() == "2026-11-18"


@pytest.mark.parametrize(
    "text",
    [
        "2026-02-30",  # no such day
        "2026-13-01",  # no such month
        "2026-00-10",
        "2026-11-32",
        "2025-02-29",  # not a leap year
        "1985-06-01",  # implausibly old for a government website item
        "2026年11月",  # a month, no day
        "2026年第11期",
    ],
)
def test_impossible_or_incomplete_dates_are_rejected(text):
    assert find_dates(text) == []
    assert parse_date(text, AS_OF) is None


@pytest.mark.parametrize(
    "text",
    [
        "联系电话：0797-1234567",
        "咨询电话：0791-86212345 传真：0791-86254321",
        "监督电话：12345",
        "赣府字〔2020〕8号",
        "洪府办发〔2026〕11号",
        "国办发〔2026〕18号文件",
        "版本 1.2.3",
        "v2.2026.11.18",  # a version string, not a date
        "art_1234_5678",
        "第2026-11号",
        "1-10月全市经济运行情况",
        "2019-2020学年",
        "2026-11-180",
        "邮编 330046，面积 2026.11 平方公里",
        "ICP备2026123456号",
        "浏览次数：2026",
    ],
)
def test_numbers_that_are_not_dates(text):
    assert find_dates(text) == []
    assert parse_date(text, AS_OF) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[11-18]", date(2026, 11, 18)),
        ("11-18", date(2026, 11, 18)),
        ("(11/18)", date(2026, 11, 18)),
        ("（11-18）", date(2026, 11, 18)),
        ("【11-18】", date(2026, 11, 18)),
        ("11月18日", date(2026, 11, 18)),
        ("11-23", date(2026, 11, 23)),  # today
        ("11-24", date(2025, 11, 24)),  # tomorrow is last year's
        ("12-30", date(2025, 12, 30)),
        ("01-05", date(2026, 1, 5)),
        ("02-29", date(2024, 2, 29)),
    ],
)
def test_month_day_only_takes_the_latest_year_not_after_as_of(text, expected):
    assert parse_date(text, AS_OF) == expected


def test_month_day_needs_as_of():
    assert parse_date("[11-18]") is None


@pytest.mark.parametrize("text", ["02-30", "13-01", "00-10", "11-32", "1-10月", "第11-18号", "11-18 万元", "共11-18页"])
def test_month_day_traps(text):
    assert parse_date(text, AS_OF) is None


@pytest.mark.parametrize(
    ("month", "day", "expected"),
    [
        (11, 18, date(2026, 11, 18)),
        (11, 23, date(2026, 11, 23)),
        (12, 30, date(2025, 12, 30)),
        (2, 29, date(2024, 2, 29)),
        (2, 30, None),
        (13, 1, None),
    ],
)
def test_infer_year(month, day, expected):
    assert infer_year(month, day, AS_OF) == expected


def test_infer_year_on_new_years_day():
    assert infer_year(12, 31, date(2027, 1, 1)) == date(2026, 12, 31)
    assert infer_year(1, 1, date(2027, 1, 1)) == date(2027, 1, 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("成文日期：2026-11-01 发布日期：2026-11-18", [date(2026, 11, 18)]),
        ("成文日期:2026年11月01日", []),
        ("印发日期：2026-11-01", []),
        ("截止日期：2026-12-31", []),
        ("截止时间：2026-12-31 17:00", []),
        ("施行日期：2027-01-01", []),
        ("实施日期：2027-01-01", []),
        ("生效日期：2027-01-01", []),
        ("有效期至：2031-12-31", []),
        ("有效期：2031-12-31", []),
        ("失效日期：2030-01-01", []),
        ("截至2026年11月18日，全市共受理", []),
        ("征求意见时间：2026-11-18至2026-12-18", [date(2026, 11, 18)]),
        ("本办法自2027年1月1日起施行", []),
        ("请于2026年12月1日前报送", []),
        ("请于2026年12月1日之前报送", []),
        ("报名时间截至2026年12月1日止", []),
        ("2026-11-18 前往县区调研", [date(2026, 11, 18)]),
        ("2026-11-18 起草单位：县司法局", [date(2026, 11, 18)]),
        ("废止日期：2030-01-01", []),
        ("今天是2026年11月23日 星期一", []),
        ("网站更新时间：2026-11-23", []),
        ("发布日期：2026-11-18 截止日期：2026-12-18", [date(2026, 11, 18)]),
        ("2026-11-18", [date(2026, 11, 18)]),
    ],
)
def test_published_dates_skip_dates_labelled_as_another_kind(text, expected):
    assert published_dates(text) == expected


def test_parse_date_skips_a_leading_non_publication_date():
    assert parse_date("成文日期：2026-11-01　发布日期：2026-11-18") == date(2026, 11, 18)
    assert parse_date("截止日期：2026-12-31") is None


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://www.example.gov.cn/xxgk/2026/11/18/content_1.html", date(2026, 11, 18)),
        ("http://www.example.gov.cn/art/2020/2/13/art_1_2.html", date(2020, 2, 13)),
        ("http://www.example.gov.cn/zwgk/tzgg/202611/t20261118_123.html", date(2026, 11, 18)),
        ("./202611/t20261118_4567890.html", date(2026, 11, 18)),
        ("http://www.example.gov.cn/news/20261118/abc.html", date(2026, 11, 18)),
        ("http://www.example.gov.cn/gzdt/2018-05/11/content_1.htm", date(2018, 5, 11)),
        ("/xxgk/2026-11-18/detail.html", date(2026, 11, 18)),
        ("http://www.example.gov.cn/art/2026/11/18/art_1_2.html?from=20200101#20190101", date(2026, 11, 18)),
    ],
)
def test_url_dates(url, expected):
    assert url_date(url) == expected


@pytest.mark.parametrize(
    "url",
    [
        "http://www.example.gov.cn/zwgk/tzgg/202611/",
        "http://www.example.gov.cn/col/col42150/index.html",
        "http://www.example.gov.cn/art/art_1234_5678.html",
        "http://www.example.gov.cn/zwgk/tzgg/index_2.html",
        "http://www.example.gov.cn/news/detail.jsp?id=20261118",  # the query is not the path
        "http://20261118.example.gov.cn/news/1.html",  # nor the host
        "http://www.example.gov.cn/art/2026/2/30/art_1_2.html",  # no such day
        "http://www.example.gov.cn/zwgk/20261399/1.html",
        "http://www.example.gov.cn/picture/0/2026111812345.jpg",
        "http://www.example.gov.cn/2019/12/3456.html",
        "",
    ],
)
def test_urls_without_dates(url):
    assert url_date(url) is None
