"""Make Pagefind's output repeatable: the same site gives the same search files, byte for byte.

Pagefind (1.5) writes its filter indexes from a Rust HashMap, so the order of
filter values, and with it the files' content hashes and names, changes from
run to run (Pagefind/pagefind#638: "other files will still change, such as the
filter/metadata indexes"). Two builds of the same minutes must be identical, so
after Pagefind runs we sort those lists, re-encode the files
(gzip-framed CBOR with a ``pagefind_dcd`` signature), rename them after their
new content and update the two places that name them (the entry file and the
metadata file). Only those files change; fragments and word indexes are already stable.

Hack: remove once Pagefind writes filters in a stable order (Pagefind/pagefind#638).
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
from pathlib import Path
from typing import Any

SIGNATURE = b"pagefind_dcd"


class BundleError(Exception):
    """Pagefind left a search file empty or cut short: the search would be broken, so the build stops."""


class Text(str):
    """A CBOR text string (kept apart from byte strings so re-encoding gives the same bytes)."""


def _decode(data: bytes, at: int) -> tuple[Any, int]:
    head = data[at]
    major, info = head >> 5, head & 0x1F
    at += 1
    if info < 24:
        value = info
    elif info in (24, 25, 26, 27):
        size = 1 << (info - 24)
        if major == 7 and info in (25, 26, 27):  # floats: keep the raw bytes
            return ("float", data[at - 1 : at + size]), at + size
        value = int.from_bytes(data[at : at + size], "big")
        at += size
    else:
        raise ValueError(f"unsupported CBOR item 0x{head:02x} (indefinite lengths are not used by Pagefind)")
    if major == 0:
        return value, at
    if major == 1:
        return -1 - value, at
    if major == 2:
        return bytes(data[at : at + value]), at + value
    if major == 3:
        return Text(data[at : at + value].decode("utf-8")), at + value
    if major == 4:
        items = []
        for _ in range(value):
            item, at = _decode(data, at)
            items.append(item)
        return items, at
    if major == 5:
        pairs = []
        for _ in range(value):
            key, at = _decode(data, at)
            item, at = _decode(data, at)
            pairs.append((key, item))
        return ("map", pairs), at
    if major == 7:
        return ("simple", value), at
    raise ValueError(f"unsupported CBOR major type {major}")


def _head(major: int, value: int) -> bytes:
    if value < 24:
        return bytes([major << 5 | value])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if value < 1 << (8 * size):
            return bytes([major << 5 | info]) + value.to_bytes(size, "big")
    raise ValueError("integer too large for CBOR")


def _encode(value: Any, out: io.BytesIO) -> None:
    if isinstance(value, bool):
        raise TypeError("booleans are decoded as simple values")
    if isinstance(value, int):
        out.write(_head(0, value) if value >= 0 else _head(1, -1 - value))
    elif isinstance(value, Text):
        raw = value.encode("utf-8")
        out.write(_head(3, len(raw)) + raw)
    elif isinstance(value, bytes):
        out.write(_head(2, len(value)) + value)
    elif isinstance(value, list):
        out.write(_head(4, len(value)))
        for item in value:
            _encode(item, out)
    elif isinstance(value, tuple) and value[0] == "map":
        out.write(_head(5, len(value[1])))
        for key, item in value[1]:
            _encode(key, out)
            _encode(item, out)
    elif isinstance(value, tuple) and value[0] == "float":
        out.write(value[1])
    elif isinstance(value, tuple) and value[0] == "simple":
        out.write(_head(7, value[1]))
    else:
        raise TypeError(f"cannot encode {type(value).__name__}")


def read_pagefind_file(path: Path) -> Any:
    """The CBOR value inside one of Pagefind's gzip-framed files."""
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(SIGNATURE):
        raise ValueError(f"{path.name} is not a Pagefind data file")
    value, end = _decode(data, len(SIGNATURE))
    if end != len(data):
        raise ValueError(f"{path.name} has trailing bytes")
    return value


def _write(path: Path, value: Any) -> bytes:
    out = io.BytesIO()
    out.write(SIGNATURE)
    _encode(value, out)
    payload = out.getvalue()
    # Pagefind's own framing: gzip, no file name, mtime 0.
    path.write_bytes(gzip.compress(payload, mtime=0))
    return payload


def _rename(path: Path, payload: bytes, prefix: str, length: int, suffix: str) -> str:
    """Name a file after its content, in Pagefind's pattern; return the new hash (e.g. ``en_1a2b3c4``)."""
    new_hash = f"{prefix}{hashlib.sha256(payload).hexdigest()[:length]}"
    target = path.with_name(path.name.split(prefix, 1)[0] + new_hash + suffix)
    if target != path:
        path.rename(target)
    return new_hash


def stabilise_pagefind(bundle: Path) -> int:
    """Sort Pagefind's filter indexes in ``bundle`` (site/pagefind) so builds repeat; return files rewritten."""
    entry_path = bundle / "pagefind-entry.json"
    if not entry_path.is_file():
        return 0
    try:
        return _stabilise(bundle, entry_path)
    except (ValueError, OSError, EOFError, KeyError) as error:
        # Seen on a heavily loaded machine: Pagefind's service answers "written" and is stopped while a
        # file is still being written. Publishing that bundle would break search, so say so plainly.
        raise BundleError(f"{bundle}: Pagefind wrote an incomplete search index ({error}); build again") from error


def _stabilise(bundle: Path, entry_path: Path) -> int:
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    rewritten = 0
    renamed: dict[str, str] = {}
    for path in sorted((bundle / "filter").glob("*.pf_filter")):
        value = read_pagefind_file(path)
        # [filter name, [[value, [page numbers]], ...]]: the value list comes out in hash order.
        if isinstance(value, list) and len(value) == 2 and isinstance(value[1], list):
            value[1].sort(key=lambda pair: str(pair[0]) if isinstance(pair, list) and pair else "")
        old_hash = path.name.removesuffix(".pf_filter")
        language = old_hash.split("_", 1)[0] + "_"
        payload = _write(path, value)
        renamed[old_hash] = _rename(path, payload, language, len(old_hash) - len(language), ".pf_filter")
        rewritten += 1
    for language, info in sorted(entry.get("languages", {}).items()):
        meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
        if not meta_path.is_file():
            continue
        value = read_pagefind_file(meta_path)
        for index, part in enumerate(value if isinstance(value, list) else []):
            # The [[filter name, filter file hash], ...] list: point at the renamed files, in name order.
            if (
                isinstance(part, list)
                and part
                and all(isinstance(p, list) and len(p) == 2 and p[1] in renamed for p in part)
            ):
                value[index] = sorted(
                    ([name, Text(renamed[file_hash])] for name, file_hash in part), key=lambda p: str(p[0])
                )
        payload = _write(meta_path, value)
        prefix = info["hash"].split("_", 1)[0] + "_"
        info["hash"] = _rename(meta_path, payload, prefix, len(info["hash"]) - len(prefix), ".pf_meta")
        rewritten += 1
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return rewritten
