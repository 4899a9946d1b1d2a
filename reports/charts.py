"""Small inline SVG charts drawn by our own code: readable offline, printable, no JavaScript."""

from __future__ import annotations

from markupsafe import Markup, escape

BAR_HEIGHT, BAR_GAP, LABEL_WIDTH, PLOT_WIDTH = 22, 6, 180, 360
LINE_WIDTH, LINE_HEIGHT, LINE_PAD = 560, 220, 40


def bar_chart(bars: list[tuple[str, float]], title: str) -> Markup:
    """Return a horizontal bar chart of shares (0–1), one bar per label, with the percentage written out."""
    height = len(bars) * (BAR_HEIGHT + BAR_GAP) + BAR_GAP
    width = LABEL_WIDTH + PLOT_WIDTH + 60
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" class="chart"><title>{escape(title)}</title>'
    ]
    for i, (label, share) in enumerate(bars):
        y = BAR_GAP + i * (BAR_HEIGHT + BAR_GAP)
        length = max(0.0, min(1.0, share)) * PLOT_WIDTH
        colour = "#176b2c" if share >= 0.9 else "#9a6700" if share >= 0.6 else "#b00020"
        parts.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + 16}" text-anchor="end" font-size="13">{escape(label)}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length:.1f}" height="{BAR_HEIGHT}" fill="{colour}"/>'
            f'<text x="{LABEL_WIDTH + length + 4:.1f}" y="{y + 16}" font-size="12">{share:.0%}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def line_chart(points: list[tuple[str, float | None]], title: str) -> Markup:
    """Return a line chart of shares (0–1) over periods; a period without data leaves a gap."""
    step = (LINE_WIDTH - 2 * LINE_PAD) / max(1, len(points) - 1)
    plot = LINE_HEIGHT - 2 * LINE_PAD

    def y(share: float) -> float:
        return LINE_PAD + (1 - share) * plot

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{LINE_WIDTH}" height="{LINE_HEIGHT}" '
        f'viewBox="0 0 {LINE_WIDTH} {LINE_HEIGHT}" class="chart"><title>{escape(title)}</title>'
    ]
    for share in (0.0, 0.5, 1.0):
        parts.append(
            f'<line x1="{LINE_PAD}" x2="{LINE_WIDTH - LINE_PAD}" y1="{y(share):.1f}" y2="{y(share):.1f}" '
            'stroke="#ddd"/>'
            f'<text x="{LINE_PAD - 4}" y="{y(share) + 4:.1f}" text-anchor="end" font-size="11">{share:.0%}</text>'
        )
    segment: list[str] = []
    for i, (label, share) in enumerate(points):
        x = LINE_PAD + i * step
        parts.append(
            f'<text x="{x:.1f}" y="{LINE_HEIGHT - 12}" text-anchor="middle" font-size="11">{escape(label)}</text>'
        )
        if share is None:
            if len(segment) > 1:
                parts.append(f'<polyline points="{" ".join(segment)}" fill="none" stroke="#1f5fa8" stroke-width="2"/>')
            segment = []
            continue
        segment.append(f"{x:.1f},{y(share):.1f}")
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y(share):.1f}" r="3.5" fill="#1f5fa8"/>'
            f'<text x="{x:.1f}" y="{y(share) - 8:.1f}" text-anchor="middle" font-size="11">{share:.0%}</text>'
        )
    if len(segment) > 1:
        parts.append(f'<polyline points="{" ".join(segment)}" fill="none" stroke="#1f5fa8" stroke-width="2"/>')
    parts.append("</svg>")
    return Markup("".join(parts))
