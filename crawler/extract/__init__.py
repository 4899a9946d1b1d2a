"""Page → entries: dates in every format, list finding, CMS adapters, article dates."""

from crawler.extract.article import article_date
from crawler.extract.dates import parse_date, url_date
from crawler.extract.listing import Listing, extract_listing
from crawler.extract.page import decode_html, parse_html

__all__ = [
    "Listing",
    "article_date",
    "decode_html",
    "extract_listing",
    "parse_date",
    "parse_html",
    "url_date",
]
