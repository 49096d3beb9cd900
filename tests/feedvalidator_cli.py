"""Run the W3C feed validator over one feed file: ``feedvalidator_cli.py FILE ADDRESS`` prints its events as JSON.

A process of its own: the validator sets the socket module's default timeout for the whole process
when imported. ``PYTHONPATH`` must name a copy of its ``src/`` folder (tests/standards.py).
ADDRESS is where the feed is published, so its self link can be checked against it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import feedvalidator  # type: ignore[import-not-found]  # a copy of w3c/feedvalidator's src/, on PYTHONPATH
from feedvalidator import compatibility
from feedvalidator.formatter.text_plain import Formatter  # type: ignore[import-not-found]  # the same copy


def main(path: str, address: str) -> int:
    try:
        events = feedvalidator.validateString(Path(path).read_bytes(), firstOccurrenceOnly=0, base=address)[
            "loggedEvents"
        ]
    except feedvalidator.logging.ValidationFailure as failure:
        events = [failure.event]
    # "AA" is the level the online validator reports at (src/demo.py).
    events = compatibility.AA(events)
    lines = Formatter(events)
    print(json.dumps([f"{type(event).__name__}: {line}" for event, line in zip(events, lines, strict=True)]))
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
