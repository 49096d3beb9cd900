"""Fields every open-data file writes the same way: compact JSON, links to pages, dates and times."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from .model import Meeting
from .site import SiteInfo, local_moment


def dump(value: Any) -> bytes:
    # Key order is insertion order, fixed by the code: the same archive gives the same bytes.
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def link(site: SiteInfo, path: str, note: str) -> dict[str, str]:
    return {"url": site.address(path), "note": note}


def known(record: dict[str, Any], *optional: str) -> dict[str, Any]:
    """``record`` without those of ``optional`` that are None.

    Where the minutes do not say, Popolo allows null and Open Civic Data an empty string, but neither
    refuses a field that is left out: so it is left out, and the file meets both.
    """
    return {key: value for key, value in record.items() if not (value is None and key in optional)}


def when(day: dt.date, start: str, end: str) -> dict[str, Any]:
    if not start:
        return {"all_day": True, "start_date": day.isoformat()}
    return known(
        {
            "all_day": False,
            "start_date": local_moment(day, start).isoformat(),
            "end_date": local_moment(day, end).isoformat() if end else None,
        },
        "end_date",
    )


def moment(meeting: Meeting) -> str:
    """When a meeting's decisions were made, as the date-time Popolo asks for: its start, or midnight when
    the minutes give no time (UK time, with the day's offset)."""
    return local_moment(meeting.date, meeting.start).isoformat()
