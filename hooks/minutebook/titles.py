"""What the archive calls a meeting, wherever it names one: "Wirral Improvement Board, 24 October 2018"."""

from __future__ import annotations

import datetime as dt
import functools


@functools.lru_cache(maxsize=8192)  # a large archive names the same few thousand days on every page
def date_label(day: dt.date) -> str:
    """A meeting's date as its title gives it: "24 October 2018" (fixed, whatever date style the site chose)."""
    return f"{day.day} {day:%B %Y}"


def meeting_name(body_name: str, day: dt.date) -> str:
    """The title of the meeting of ``body_name`` on ``day``, held or announced."""
    return f"{body_name}, {date_label(day)}"
