"""Small charts drawn on the server, without any JavaScript library or CDN.

A chart is built once as a list of shapes on a `Canvas`, then written either as SVG (inline in the pages) or
as PNG with Pillow (embedded in the DOCX reports) — the same drawing both ways. Text is measured with the
same TrueType font in both (Liberation Sans 2, Debian's fonts-liberation2, which LibreOffice and the browsers
also have; DejaVu Sans otherwise), so labels fit in both outputs. The older Liberation 1 fonts lack the
Vietnamese letters with two marks (ổ, ỉ …) and are never used.

    chart = bar_chart([Bar("Tổ dân phố số 1", Decimal("98.6"))], target=Decimal("98.4"), unit="%")
    chart.svg(title="Tỷ lệ hộ gia đình văn hóa theo tổ dân phố")   # str
    chart.png()                                                     # bytes
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache, lru_cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from PIL import Image, ImageDraw, ImageFont

from vanhoa.core.text import format_number

FONT_FILES = {
    False: [
        "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    ],
    True: [
        "/usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    ],
}
FONT_FAMILY = "'Liberation Sans', Arial, Helvetica, sans-serif"

GREEN = "#198754"
BLUE = "#0d6efd"
ORANGE = "#e8590c"
RED = "#dc3545"
GREY = "#adb5bd"
INK = "#212529"
MUTED = "#6c757d"
GRID = "#dee2e6"


@cache
def font(size: int, bold: bool = False) -> Any:
    for path in FONT_FILES[bold]:
        if Path(path).is_file():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default(size)


@lru_cache(maxsize=8192)
def text_width(text: str, size: int, bold: bool = False) -> float:
    """Pixels of `text` (kept per process: the same labels are measured on every page)."""
    return float(font(size, bold).getlength(text))


def wrap(text: str, width: float, size: int, max_lines: int = 2) -> list[str]:
    """Break a label into lines that fit `width` pixels (the last line is cut with "…" if needed)."""
    words, lines, line = text.split(), [], ""
    for word in words:
        candidate = f"{line} {word}".strip()
        if not line or text_width(candidate, size) <= width:
            line = candidate
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    if len(lines) > max_lines:
        lines = lines[: max_lines - 1] + [" ".join(lines[max_lines - 1 :])]
    out = []
    for ln in lines:
        while text_width(ln, size) > width and len(ln) > 2:
            ln = ln[:-2].rstrip() + "…"
        out.append(ln)
    return out


# --------------------------------------------------------------------------- the canvas


@dataclass
class Canvas:
    """Shapes in pixel coordinates (origin top left); `svg()` and `png()` draw them."""

    width: int
    height: int
    shapes: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    def rect(self, x: float, y: float, w: float, h: float, fill: str, stroke: str | None = None) -> None:
        self.shapes.append(("rect", {"x": x, "y": y, "w": w, "h": h, "fill": fill, "stroke": stroke}))

    def line(self, x1: float, y1: float, x2: float, y2: float, stroke: str, width: float = 1, dash: int = 0) -> None:
        self.shapes.append(
            ("line", {"x1": x1, "y1": y1, "x2": x2, "y2": y2, "stroke": stroke, "width": width, "dash": dash})
        )

    def polyline(self, points: Sequence[tuple[float, float]], stroke: str, width: float = 2, dash: int = 0) -> None:
        self.shapes.append(("polyline", {"points": list(points), "stroke": stroke, "width": width, "dash": dash}))

    def circle(self, cx: float, cy: float, r: float, fill: str, stroke: str | None = None) -> None:
        self.shapes.append(("circle", {"cx": cx, "cy": cy, "r": r, "fill": fill, "stroke": stroke}))

    def text(
        self,
        x: float,
        y: float,
        text: str,
        size: int = 12,
        fill: str = INK,
        anchor: str = "start",
        bold: bool = False,
    ) -> None:
        """`y` is the baseline; anchor start | middle | end."""
        self.shapes.append(
            ("text", {"x": x, "y": y, "text": text, "size": size, "fill": fill, "anchor": anchor, "bold": bold})
        )

    # ----------------------------------------------------------------- SVG

    def svg(self, title: str = "", css_class: str = "chart") -> str:
        out = [
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {self.width} {self.height}" '
            f'width="100%" class="{escape(css_class)}" role="img" font-family="{FONT_FAMILY}"'
            + (f' aria-label="{escape(title, {chr(34): "&quot;"})}">' if title else ">")
        ]
        if title:
            out.append(f"<title>{escape(title)}</title>")
        for kind, s in self.shapes:
            if kind == "rect":
                stroke = f' stroke="{s["stroke"]}"' if s["stroke"] else ""
                out.append(
                    f'<rect x="{s["x"]:.1f}" y="{s["y"]:.1f}" width="{max(s["w"], 0):.1f}" '
                    f'height="{max(s["h"], 0):.1f}" fill="{s["fill"]}"{stroke}/>'
                )
            elif kind == "line":
                dash = f' stroke-dasharray="{s["dash"]} {s["dash"]}"' if s["dash"] else ""
                out.append(
                    f'<line x1="{s["x1"]:.1f}" y1="{s["y1"]:.1f}" x2="{s["x2"]:.1f}" y2="{s["y2"]:.1f}" '
                    f'stroke="{s["stroke"]}" stroke-width="{s["width"]}"{dash}/>'
                )
            elif kind == "polyline":
                pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in s["points"])
                dash = f' stroke-dasharray="{s["dash"]} {s["dash"]}"' if s["dash"] else ""
                out.append(
                    f'<polyline points="{pts}" fill="none" stroke="{s["stroke"]}" stroke-width="{s["width"]}"'
                    f' stroke-linejoin="round"{dash}/>'
                )
            elif kind == "circle":
                stroke = f' stroke="{s["stroke"]}" stroke-width="2"' if s["stroke"] else ""
                out.append(f'<circle cx="{s["cx"]:.1f}" cy="{s["cy"]:.1f}" r="{s["r"]}" fill="{s["fill"]}"{stroke}/>')
            elif kind == "text":
                weight = ' font-weight="bold"' if s["bold"] else ""
                out.append(
                    f'<text x="{s["x"]:.1f}" y="{s["y"]:.1f}" font-size="{s["size"]}" fill="{s["fill"]}" '
                    f'text-anchor="{s["anchor"]}"{weight}>{escape(s["text"])}</text>'
                )
        out.append("</svg>")
        return "".join(out)

    # ----------------------------------------------------------------- PNG

    def png(self, scale: float = 2.0) -> bytes:
        img = Image.new("RGB", (round(self.width * scale), round(self.height * scale)), "white")
        draw = ImageDraw.Draw(img)

        def sc(v: float) -> float:
            return v * scale

        for kind, s in self.shapes:
            if kind == "rect":
                if s["w"] <= 0 or s["h"] <= 0:
                    continue
                box = [sc(s["x"]), sc(s["y"]), sc(s["x"] + s["w"]), sc(s["y"] + s["h"])]
                draw.rectangle(box, fill=s["fill"], outline=s["stroke"])
            elif kind in ("line", "polyline"):
                pts = [(s["x1"], s["y1"]), (s["x2"], s["y2"])] if kind == "line" else s["points"]
                pts = [(sc(x), sc(y)) for x, y in pts]
                w = max(1, round(s["width"] * scale))
                for a, b in zip(pts, pts[1:], strict=False):
                    if s["dash"]:
                        _dashed(draw, a, b, s["stroke"], w, s["dash"] * scale)
                    else:
                        draw.line([a, b], fill=s["stroke"], width=w)
                if kind == "polyline" and not s["dash"]:  # round joins
                    for x, y in pts[1:-1]:
                        draw.ellipse([x - w / 2, y - w / 2, x + w / 2, y + w / 2], fill=s["stroke"])
            elif kind == "circle":
                r = sc(s["r"])
                box = [sc(s["cx"]) - r, sc(s["cy"]) - r, sc(s["cx"]) + r, sc(s["cy"]) + r]
                draw.ellipse(box, fill=s["fill"], outline=s["stroke"], width=round(2 * scale) if s["stroke"] else 0)
            elif kind == "text":
                f = font(round(s["size"] * scale), s["bold"])
                anchor = {"start": "ls", "middle": "ms", "end": "rs"}[s["anchor"]]
                draw.text((sc(s["x"]), sc(s["y"])), s["text"], fill=s["fill"], font=f, anchor=anchor)
        buf = io.BytesIO()
        img.save(buf, "PNG", optimize=True)
        return buf.getvalue()


def _dashed(draw: Any, a: tuple[float, float], b: tuple[float, float], fill: str, width: int, dash: float) -> None:
    (x1, y1), (x2, y2) = a, b
    length = math.hypot(x2 - x1, y2 - y1)
    if length == 0:
        return
    dx, dy = (x2 - x1) / length, (y2 - y1) / length
    pos = 0.0
    while pos < length:
        end = min(pos + dash, length)
        draw.line([(x1 + dx * pos, y1 + dy * pos), (x1 + dx * end, y1 + dy * end)], fill=fill, width=width)
        pos += 2 * dash


# --------------------------------------------------------------------------- value formatting and scales


def pct_text(value: Decimal | float | None) -> str:
    return "–" if value is None else format_number(value, 1) + "%"


def nice_floor(values: Sequence[Decimal | float | None], top: float = 100.0) -> float:
    """Where the value axis starts: 0, unless every value is high (rates of 90–100% would all look alike on a
    0–100 axis); then the nearest multiple of 10 below the lowest value, minus 10. The ticks say so."""
    present = [float(v) for v in values if v is not None]
    if not present or min(present) < 60 or top != 100.0:
        return 0.0
    return max(0.0, math.floor(min(present) / 10) * 10 - 10)


def ticks(floor: float, top: float) -> list[float]:
    """Round tick values from `floor` to `top`: steps of 20 for 0–100, of 10 or 5 on a shorter axis."""
    span = top - floor
    step = 20.0 if span > 50 else 10.0 if span >= 30 else 5.0 if span >= 10 else max(span / 4, 0.5)
    out, v = [], floor
    while v <= top + 1e-9:
        out.append(v)
        v += step
    return out


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal | float | None
    color: str = GREEN
    caption: str = ""  # under the value, e.g. "147/152"


def bar_color(value: Decimal | float | None, target: Decimal | float | None) -> str:
    if value is None:
        return GREY
    if target is None:
        return BLUE
    return GREEN if float(value) >= float(target) else ORANGE


# --------------------------------------------------------------------------- charts


def bar_chart(
    bars: Sequence[Bar],
    *,
    target: Decimal | float | None = None,
    target_label: str = "Chỉ tiêu",
    top: float = 100.0,
    fmt: Callable[[Any], str] = pct_text,
    width: int = 640,
    height: int = 300,
) -> Canvas:
    """Vertical bars with their values on top and an optional dashed target line (named in a legend above)."""
    c = Canvas(width, height)
    left, right, top_pad, bottom = 46, 12, 40, 46
    plot_w, plot_h = width - left - right, height - top_pad - bottom
    floor = nice_floor([b.value for b in bars] + ([target] if target is not None else []), top)
    span = top - floor or 1.0

    def y_of(v: float) -> float:
        return top_pad + plot_h * (1 - (min(max(v, floor), top) - floor) / span)

    for v in ticks(floor, top):
        y = y_of(v)
        c.line(left, y, width - right, y, GRID)
        c.text(left - 6, y + 4, format_number(v, 0) + ("%" if fmt is pct_text else ""), 12, MUTED, "end")
    n = max(len(bars), 1)
    slot = plot_w / n
    bar_w = min(56.0, slot * 0.62)
    for i, b in enumerate(bars):
        cx = left + slot * (i + 0.5)
        if b.value is not None:
            y = y_of(float(b.value))
            c.rect(cx - bar_w / 2, y, bar_w, top_pad + plot_h - y, b.color)
            c.text(cx, y - 6, fmt(b.value), 13 if slot > 60 else 11, INK, "middle", bold=True)
        else:
            c.text(cx, top_pad + plot_h - 6, "chưa có", 12, MUTED, "middle")
        for j, line in enumerate(wrap(b.label, slot - 4, 12)):
            c.text(cx, top_pad + plot_h + 17 + 14 * j, line, 12, INK, "middle")
    c.line(left, top_pad + plot_h, width - right, top_pad + plot_h, INK)
    if target is not None:
        y = y_of(float(target))
        c.line(left, y, width - right, y, RED, 1.5, dash=6)
        legend = f"{target_label} {fmt(target)}"
        x = width - right - text_width(legend, 12, True)
        c.line(x - 34, 15, x - 8, 15, RED, 1.5, dash=5)
        c.text(x, 19, legend, 12, RED, bold=True)
    return c


def ranking_chart(
    bars: Sequence[Bar],
    *,
    target: Decimal | float | None = None,
    top: float = 100.0,
    fmt: Callable[[Any], str] = pct_text,
    width: int = 640,
) -> Canvas:
    """Horizontal bars, one line per ward, best first (the caller orders them)."""
    row = 26
    label_w = min(260.0, max((text_width(b.label, 12) for b in bars), default=80) + 40)
    height = 30 + row * max(len(bars), 1) + 10
    c = Canvas(width, int(height))
    left, right = label_w, 70
    plot_w = width - left - right
    floor = nice_floor([b.value for b in bars] + ([target] if target is not None else []), top)
    span = top - floor or 1.0

    def x_of(v: float) -> float:
        return left + plot_w * (min(max(v, floor), top) - floor) / span

    for v in ticks(floor, top):
        x = x_of(v)
        c.line(x, 20, x, height - 10, GRID)
        c.text(x, 14, format_number(v, 0) + ("%" if fmt is pct_text else ""), 10, MUTED, "middle")
    for i, b in enumerate(bars):
        y = 24 + row * i
        c.text(8, y + 16, f"{i + 1}.", 12, MUTED)
        c.text(30, y + 16, wrap(b.label, label_w - 34, 12, 1)[0], 12, INK)
        if b.value is None:
            c.text(left + 4, y + 16, "chưa có số liệu", 11, MUTED)
            continue
        x = x_of(float(b.value))
        c.rect(left, y + 4, x - left, row - 8, b.color)
        c.text(x + 5, y + 16, fmt(b.value), 12, INK, bold=True)
    if target is not None:
        x = x_of(float(target))
        c.line(x, 20, x, height - 10, RED, 1.5, dash=5)
    return c


def line_chart(
    points: Sequence[tuple[str, Decimal | float | None]],
    *,
    targets: Sequence[Decimal | float | None] = (),
    top: float = 100.0,
    fmt: Callable[[Any], str] = pct_text,
    width: int = 640,
    height: int = 260,
    target_label: str = "Chỉ tiêu",
) -> Canvas:
    """A line through the yearly values (gaps where a year has no data), with the yearly targets as red dashes."""
    c = Canvas(width, height)
    left, right, top_pad, bottom = 46, 16, 40, 30
    plot_w, plot_h = width - left - right, height - top_pad - bottom
    values = [v for _, v in points] + list(targets)
    floor = nice_floor(values, top)
    span = top - floor or 1.0

    def y_of(v: float) -> float:
        return top_pad + plot_h * (1 - (min(max(v, floor), top) - floor) / span)

    for v in ticks(floor, top):
        y = y_of(v)
        c.line(left, y, width - right, y, GRID)
        c.text(left - 6, y + 4, format_number(v, 0) + ("%" if fmt is pct_text else ""), 12, MUTED, "end")
    n = max(len(points), 1)
    slot = plot_w / n
    xs = [left + slot * (i + 0.5) for i in range(len(points))]
    for x, (label, _v) in zip(xs, points, strict=True):
        c.text(x, height - 10, label, 12, INK, "middle")
    if any(t is not None for t in targets):
        x = width - right - text_width(target_label, 12, True)
        c.line(x - 34, 15, x - 8, 15, RED, 2, dash=4)
        c.text(x, 19, target_label, 12, RED, bold=True)
    segment: list[tuple[float, float]] = []
    for x, (_label, v) in zip(xs, points, strict=True):
        if v is None:
            if len(segment) > 1:
                c.polyline(segment, GREEN, 2.5)
            segment = []
            continue
        segment.append((x, y_of(float(v))))
    if len(segment) > 1:
        c.polyline(segment, GREEN, 2.5)
    for i, t in enumerate(targets):
        if t is not None and i < len(xs):
            y = y_of(float(t))
            c.line(xs[i] - slot * 0.3, y, xs[i] + slot * 0.3, y, RED, 2.5, dash=5)
    for x, (_label, v) in zip(xs, points, strict=True):
        if v is not None:
            y = y_of(float(v))
            c.circle(x, y, 4, "white", GREEN)
            c.text(x, y - 9, fmt(v), 12 if slot > 60 else 11, INK, "middle", bold=True)
    return c
