"""Dates and times as British public bodies write them: "Wednesday 24 October 2018, 2.00pm".

The defaults follow GOV.UK style; a site can choose other patterns in mkdocs.yml
(``extra.minutebook.date_format``, ``short_date_format``, ``time_format``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

LONG_DATE = "{weekday} {day} {month} {year}"
SHORT_DATE = "{day} {month} {year}"
# Fields a date pattern may use, e.g. "{day2}/{month_number2}/{year}" for 24/10/2018.
_SAMPLE = dt.date(2018, 10, 24)


def _fields(day: dt.date) -> dict[str, Any]:
    return {
        "weekday": f"{day:%A}",
        "weekday_short": f"{day:%a}",
        "day": day.day,
        "day2": f"{day.day:02d}",
        "month": f"{day:%B}",
        "month_short": f"{day:%b}",
        "month_number": day.month,
        "month_number2": f"{day.month:02d}",
        "year": day.year,
    }


@dataclass(frozen=True)
class DateStyle:
    """How the site writes dates and times."""

    long_date: str = LONG_DATE
    short_date: str = SHORT_DATE
    time_format: str = "12h"  # "12h": 2.00pm, midday (GOV.UK); "24h": 14:00


def load_date_style(extra: Mapping[str, Any]) -> tuple[DateStyle, list[str]]:
    """The date style configured in ``extra.minutebook``, and a warning for each pattern that cannot work."""
    warnings: list[str] = []
    style = DateStyle()
    values = {}
    for key, attr in (
        ("date_format", "long_date"),
        ("short_date_format", "short_date"),
    ):
        pattern = extra.get(key)
        if pattern is None:
            continue
        try:
            str(pattern).format(**_fields(_SAMPLE))
        except (KeyError, IndexError, ValueError) as error:
            warnings.append(
                f"extra.minutebook.{key}: {pattern!r} cannot be used ({error}); fields are "
                + ", ".join("{" + name + "}" for name in _fields(_SAMPLE))
            )
            continue
        values[attr] = str(pattern)
    time_format = extra.get("time_format")
    if time_format is not None:
        if time_format in ("12h", "24h"):
            values["time_format"] = time_format
        else:
            warnings.append(f"extra.minutebook.time_format: {time_format!r} is not '12h' or '24h'")
    return DateStyle(**{**style.__dict__, **values}), warnings


# A large archive writes the same few thousand dates hundreds of thousands of times.
@lru_cache(maxsize=1 << 16)
def long_date(day: dt.date | None, pattern: str = LONG_DATE) -> str:
    return pattern.format(**_fields(day)) if day else ""


@lru_cache(maxsize=1 << 16)
def short_date(day: dt.date | None, pattern: str = SHORT_DATE) -> str:
    return pattern.format(**_fields(day)) if day else ""


def clock(time: str, time_format: str = "12h") -> str:
    """``"14:00"`` -> ``"2.00pm"``; noon and midnight spelled out, as GOV.UK style asks."""
    if not time:
        return ""
    hours, minutes = (int(part) for part in time.split(":"))
    if time_format == "24h":
        return f"{hours:02d}:{minutes:02d}"
    if (hours, minutes) == (12, 0):
        return "midday"
    if (hours, minutes) == (0, 0):
        return "midnight"
    return f"{(hours % 12) or 12}.{minutes:02d}{'am' if hours < 12 else 'pm'}"


def time_range(start: str, end: str, time_format: str = "12h") -> str:
    if start and end:
        return f"{clock(start, time_format)} to {clock(end, time_format)}"
    return clock(start, time_format)


def build_filters(style: DateStyle) -> dict[str, Callable[..., str]]:
    """Template filters that write dates and times in ``style``."""
    return {
        "long_date": lambda day: long_date(day, style.long_date),
        "short_date": lambda day: short_date(day, style.short_date),
        "clock": lambda time: clock(time, style.time_format),
        "time_range": lambda start, end="": time_range(start, end, style.time_format),
    }
