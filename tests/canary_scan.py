"""Look for planted secrets in every byte of a built site, however the bytes encode them.

Each file is read as stored and inside each gzip or zlib layer (Pagefind's files are gzip-framed),
as UTF-8 and as UTF-16; then iCalendar's folded lines are joined, JSON's \\u escapes, HTML entities
and %-escapes are undone, and everything but letters and digits is dropped (accents, case, spacing,
markup, invisible and format characters with it). A secret is found if its letters and digits appear
in a row. This normalisation is written here, apart from the product's own, so the two check each other.
"""

from __future__ import annotations

import gzip
import html
import re
import unicodedata
import zlib
from pathlib import Path
from urllib.parse import unquote

MAX_INFLATED = 64 * 1024 * 1024
_JSON_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")
_ICS_FOLD = re.compile(r"\r?\n[ \t]")


def decoded_layers(data: bytes) -> list[bytes]:
    """The bytes as stored, plus every gzip/zlib layer inside them."""
    layers = [data]
    while len(layers) < 4:
        current = layers[-1]
        try:
            if current[:2] == b"\x1f\x8b":
                inflated = gzip.decompress(current)
            elif current[:1] == b"\x78" and len(current) > 2 and (current[0] * 256 + current[1]) % 31 == 0:
                inflated = zlib.decompress(current)
            else:
                break
        except (OSError, zlib.error, EOFError):
            break
        if len(inflated) > MAX_INFLATED:
            break
        layers.append(inflated)
    return layers


def letters(text: str) -> str:
    """Only the letters and digits of ``text``, without accents, in lower case."""
    decomposed = unicodedata.normalize("NFKD", text).casefold()
    return "".join(char for char in decomposed if unicodedata.category(char)[0] in "LN")


def readings(data: bytes) -> list[str]:
    """Every text a file's bytes can be read as, each reduced to its letters and digits."""
    found = []
    for layer in decoded_layers(data):
        for text in (layer.decode("utf-8", "replace"), layer.decode("utf-16-le", "ignore")):
            text = _ICS_FOLD.sub("", text)
            text = _JSON_ESCAPE.sub(lambda match: chr(int(match.group(1), 16)), text)
            text = html.unescape(html.unescape(text))
            found.append(letters(unquote(text)))
    return found


def scan(site: Path, needles: tuple[str, ...]) -> dict[str, list[str]]:
    """{needle: [site files in which it appears once read as above]}."""
    wanted = {needle: letters(needle) for needle in needles}
    found: dict[str, list[str]] = {needle: [] for needle in needles}
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        texts = readings(path.read_bytes())
        for needle, key in wanted.items():
            if any(key in text for text in texts):
                found[needle].append(path.relative_to(site).as_posix())
    return found


def in_text(text: str, needle: str) -> bool:
    """Whether ``needle`` appears in ``text`` (a build's log, say) once both are reduced to letters and digits."""
    return letters(needle) in letters(html.unescape(text))
