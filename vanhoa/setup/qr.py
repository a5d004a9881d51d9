"""QR codes for the printed sheet of first-login details: inline SVG, no file, no external service."""

from __future__ import annotations

import segno


def svg(text: str, scale: int = 3) -> str:
    """An <svg> element encoding `text` (the login address), for a template's `|safe`."""
    return segno.make(text, error="m").svg_inline(scale=scale, omitsize=False)
