"""The publishing body's colours, from ``extra.minutebook.brand`` in mkdocs.yml, and the helpers pages use with them.

Colours are checked against WCAG 2.2's contrast minimum (4.5:1 for text) when the site
is built, so a brand change cannot quietly make the archive unreadable.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urljoin

WHITE = "#ffffff"
TEXT = "#1f1f1f"  # body text Material draws on white (close to its --md-default-fg-color)
FOCUS_TEXT = "#0b0c0c"  # what keyboard focus draws on the focus colour (assets/minutebook.css)
MIN_TEXT_CONTRAST = 4.5
# The brand's colours, one stylesheet for every page (from templates/partials/mb-brand.css.html).
STYLESHEET = "assets/mb-brand.css"
_HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}){1,2}\Z")


@dataclass(frozen=True)
class Brand:
    """The site's colours: header background and its text, links, and the keyboard focus highlight."""

    primary: str = "#1d3f73"
    primary_text: str = WHITE
    link: str = "#1a4fa3"
    focus: str = "#ffdd00"


def load_brand(given: Mapping[str, Any]) -> tuple[Brand, list[str]]:
    """The colours of ``extra.minutebook.brand``, and a warning for each thing wrong with them.

    A bad colour falls back to the default so the site still builds (and `--strict` stops on the warning).
    """
    warnings: list[str] = []
    brand = Brand()
    for name in ("primary", "primary_text", "link", "focus"):
        value = given.get(name)
        if value is None:
            continue
        if not isinstance(value, str) or not _HEX.match(value):
            warnings.append(
                f"extra.minutebook.brand.{name}: {value!r} is not a colour like '#1d3f73'; using {getattr(brand, name)}"
            )
            continue
        brand = replace(brand, **{name: _expand(value)})
    for label, fore, back in (
        ("primary_text on primary (the header)", brand.primary_text, brand.primary),
        ("link on the white page", brand.link, WHITE),
        ("focused text (#0b0c0c) on focus", FOCUS_TEXT, brand.focus),
    ):
        ratio = contrast_ratio(fore, back)
        if ratio < MIN_TEXT_CONTRAST:
            warnings.append(
                f"extra.minutebook.brand: {label} has contrast {ratio:.2f}:1 ({fore} on {back}); "
                f"WCAG 2.2 AA needs at least {MIN_TEXT_CONTRAST}:1 — choose a darker or lighter colour"
            )
    return brand, warnings


def _expand(colour: str) -> str:
    colour = colour.lower()
    return "#" + "".join(ch * 2 for ch in colour[1:]) if len(colour) == 4 else colour


def _luminance(colour: str) -> float:
    """Relative luminance, as WCAG defines it."""
    channels = [int(_expand(colour)[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(fore: str, back: str) -> float:
    """WCAG contrast ratio of two ``#rrggbb`` colours, from 1 to 21."""
    lighter, darker = sorted((_luminance(fore), _luminance(back)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def page_address(site_url: str | None, page_url: str | None) -> str:
    """Where a page lives: absolute when the site's address is configured, else from the site's root."""
    path = page_url or ""
    if site_url:
        return urljoin(site_url if site_url.endswith("/") else site_url + "/", path)
    return "/" + path


def css_string(text: str) -> str:
    """``text`` as a quoted CSS string, safe inside a <style> element (no quote, backslash or '<' left raw)."""
    escaped = "".join(f"\\{ord(ch):x} " if ch in '"\\<>\n\r' else ch for ch in text)
    return f'"{escaped}"'
