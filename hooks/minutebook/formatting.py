"""Dates and times as British public bodies write them: "Wednesday 24 October 2018, 2.00pm"."""

from __future__ import annotations

import datetime as dt


def long_date(day: dt.date | None) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}" if day else ""


def short_date(day: dt.date | None) -> str:
    return f"{day.day} {day:%B %Y}" if day else ""


def clock(time: str) -> str:
    """``"14:00"`` -> ``"2.00pm"``; noon and midnight spelled out, as GOV.UK style asks."""
    if not time:
        return ""
    hours, minutes = (int(part) for part in time.split(":"))
    if (hours, minutes) == (12, 0):
        return "midday"
    if (hours, minutes) == (0, 0):
        return "midnight"
    return f"{(hours % 12) or 12}.{minutes:02d}{'am' if hours < 12 else 'pm'}"


def time_range(start: str, end: str) -> str:
    if start and end:
        return f"{clock(start)} to {clock(end)}"
    return clock(start)


FILTERS = {"long_date": long_date, "short_date": short_date, "clock": clock, "time_range": time_range}
