"""Dates, times and places as British minutes write them."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {
    name: index
    for index, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?,?\s+)?"
DATE_PATTERNS = (
    # Wednesday 24th October 2018 / 5 May 2021 / 24 Oct 18 / Thursday 29th November (year from context)
    re.compile(
        rf"\b{_WEEKDAY}{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+(?P<year>\d{{4}}|\d{{2}}(?!\d|[:.]\d)))?\b", re.IGNORECASE
    ),
    # October 24, 2018 / September 4th (year from context)
    re.compile(rf"\b{_WEEKDAY}{_MONTH}\s+{_DAY}(?:,?\s+(?P<year>\d{{4}}))?\b(?![:.]\d)", re.IGNORECASE),
    # 24/10/2018, 24.10.18, 24-10-2018
    re.compile(r"\b(?P<day>[0-3]?\d)[/.\-](?P<nmonth>[01]?\d)[/.\-](?P<year>\d{4}|\d{2})\b"),
    # 2018-10-24
    re.compile(r"\b(?P<year>\d{4})-(?P<nmonth>[01]\d)-(?P<day>[0-3]\d)\b"),
)
_CLOCK = r"(?P<{0}h>[0-2]?\d)(?:[:.](?P<{0}m>[0-5]\d))?\s*(?P<{0}ap>[ap]\.?\s?m\.?(?![a-z]))?"
TIME_RANGE = re.compile(
    r"(?:\b(?:commencing|starting|beginning|started|commenced)\s+at\s+|\bfrom\s+|\bat\s+|\btime:?\s*)?"
    + r"(?<![\d/.\-])"
    + _CLOCK.format("s")
    + r"(?:\s*(?:-|–|—|to|until|till)\s*"
    + _CLOCK.format("e")
    + r")?(?![\d/])",
    re.IGNORECASE,
)
NOON = re.compile(r"\b(?:12\s*)?noon\b", re.IGNORECASE)
HOURS = re.compile(r"\b(?P<h>[01]\d|2[0-3])(?P<m>[0-5]\d)\s*(?:hrs|hours|h|utc|gmt|bst)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Found:
    """A value found in a line, and the span of text it came from."""

    value: str
    start: int
    end: int


# "20th Novenber 2023", "25 Mawrth 2024": a day, a word that may be a month, a year.
OTHER_DATE = re.compile(
    r"\b(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<word>[^\W\d_]{3,12}(?:\s[^\W\d_]{4,8})?)\.?,?\s+(?P<year>\d{4})\b"
)
LANGUAGES = ["en", "cy", "ga", "gd"]  # English, Welsh, Irish and Scots Gaelic month names


def find_date(text: str, context: dt.date | None = None) -> Found | None:
    """The first real date in ``text`` as ISO; a date without a year takes the first such day after ``context``."""
    text = re.sub(r"(?<=\d)™", "th", text)  # a superscript "th" read by OCR as a trade mark sign
    found = _find_date(text, context)
    return found or _other_date(text)


def _other_date(text: str) -> Found | None:
    """A date whose month is misspelt ("Novenber") or in Welsh or Irish ("Mawrth", "Meán Fómhair")."""
    import difflib

    for match in OTHER_DATE.finditer(text):
        word = match["word"].lower()
        close = difflib.get_close_matches(word.split()[0], [m for m in MONTHS if len(m) >= 5], n=1, cutoff=0.8)
        month = MONTHS[close[0]] if close else None
        if month is None:
            import dateparser  # type: ignore[import-untyped]  # dateparser ships no type hints

            parsed = dateparser.parse(
                match.group(0),
                languages=LANGUAGES,
                settings={"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"]},
            )
            if parsed is None:
                continue
            return Found(parsed.date().isoformat(), match.start(), match.end())
        try:
            return Found(dt.date(int(match["year"]), month, int(match["day"])).isoformat(), match.start(), match.end())
        except ValueError:
            continue
    return None


def _find_date(text: str, context: dt.date | None) -> Found | None:
    for pattern in DATE_PATTERNS:
        for match in pattern.finditer(text):
            groups = match.groupdict()
            month = MONTHS[groups["month"].lower()] if groups.get("month") else int(groups["nmonth"])
            day = int(groups["day"])
            year_text = groups.get("year")
            if year_text:
                year = int(year_text) + (
                    2000 if len(year_text) == 2 and int(year_text) < 70 else 1900 if len(year_text) == 2 else 0
                )
                candidates = [year]
            elif context:
                candidates = [context.year, context.year + 1]
            else:
                continue
            for year in candidates:
                try:
                    found = dt.date(year, month, day)
                except ValueError:
                    continue
                if year_text or context is None or found > context:
                    return Found(found.isoformat(), match.start(), match.end())
    return None


def _clock(hour: str | None, minute: str | None, ampm: str | None, fallback_ampm: str | None = None) -> str | None:
    if hour is None:
        return None
    h, m = int(hour), int(minute or 0)
    marker = (ampm or fallback_ampm or "").replace(".", "").replace(" ", "").lower()
    if marker == "pm" and h < 12:
        h += 12
    elif marker == "am" and h == 12:
        h = 0
    if h > 23:
        return None
    return f"{h:02d}:{m:02d}"


def find_times(text: str) -> tuple[Found | None, Found | None]:
    """Start and end times in ``text`` (24-hour "HH:MM"), each with its span; a bare number is not a time."""
    for match in TIME_RANGE.finditer(text):
        g = match.groupdict()
        has_marker = bool(g["sap"] or g["eap"] or g["sm"] or g["em"])
        if not has_marker:
            continue
        clock = text[match.start("sh") : match.end("sm")] if g["sm"] else ""
        if "." in clock and not (g["sap"] or g["eap"] or g["eh"]):
            continue  # "21.44" is a minute number; "2.30" alone is too risky to call a time
        end_marker = g["eap"]
        start = _clock(g["sh"], g["sm"], g["sap"], end_marker if g["eh"] else None)
        end = _clock(g["eh"], g["em"], g["eap"], g["sap"])
        if start and end and end <= start and not g["sap"] and end_marker:
            # "11.30 - 1pm": the start keeps its own half of the day
            start = _clock(g["sh"], g["sm"], None)
        if start:
            return Found(start, match.start(), match.end()), (Found(end, match.start(), match.end()) if end else None)
    hours = HOURS.search(text)
    if hours:
        return Found(f"{hours['h']}:{hours['m']}", hours.start(), hours.end()), None
    noon = NOON.search(text)
    if noon:
        return Found("12:00", noon.start(), noon.end()), None
    return None, None


PLACE = re.compile(
    r"(?i:\b(?:held\s+)?(?:at|in)\s+|\b(?:venue|location|place)\s*:\s*)(?:[Tt]he\s+)?(?P<place>[A-Z0-9][^;]*)"
)
LEADING_NOISE = re.compile(r"^[\s,;:–—-]*(?:and\s+)?")


def find_place(text: str, *spans: Found | None) -> str:
    """The place named in ``text`` once the date and time (``spans``) are cut out: "at X", "in X", "Venue: X"."""
    cuts = sorted({(s.start, s.end) for s in spans if s}, reverse=True)
    rest = text[cuts[0][1] :] if cuts else ""
    for start, end in cuts:
        text = text[:start] + " ; " + text[end:]
    match = PLACE.search(text)
    if match:
        place = match["place"]
    elif cuts:
        # "Thursday 29th November, 7pm, Council Chamber": the place is what follows the date and time
        place = rest if re.match(r"^[\s,;–—-]*[A-Z]", rest) else ""
    else:
        return ""
    place = re.split(r"\s+(?:on|commencing|starting|at\s+\d)\b|\s*;", place)[0]
    return LEADING_NOISE.sub("", place).strip().rstrip(".,:").strip()
