"""Pure rendering: check results and history in, text / JSON / HTML out. No network, no clock, no database."""

from reports.check import render_html, render_json, render_text

__all__ = ["render_html", "render_json", "render_text"]
