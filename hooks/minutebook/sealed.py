"""Values sealed for the build cache: pickles behind a checksum, read back only as the engine's own types."""

from __future__ import annotations

import hashlib
import io
import pickle
from typing import Any

MAGIC = b"MBC1"
CHECKSUM = 20


class CacheCorrupt(Exception):
    """A cache file is not what the cache wrote (cut short, altered, or of another format)."""


def digest(*parts: bytes | str) -> str:
    """A hex digest of ``parts`` (each separated, so ("ab", "c") and ("a", "bc") differ)."""
    hasher = hashlib.blake2b(digest_size=CHECKSUM)
    for part in parts:
        hasher.update(part.encode() if isinstance(part, str) else part)
        hasher.update(b"\0")
    return hasher.hexdigest()


def seal(value: Any) -> bytes:
    """``value`` pickled, behind a checksum that ``unseal`` checks."""
    payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    return MAGIC + hashlib.blake2b(payload, digest_size=CHECKSUM).digest() + payload


def unseal(data: bytes) -> Any:
    """The value ``seal`` sealed in ``data``; CacheCorrupt if its checksum fails or it holds anything else."""
    head = len(MAGIC) + CHECKSUM
    payload = data[head:]
    checksum = hashlib.blake2b(payload, digest_size=CHECKSUM).digest()
    if data[: len(MAGIC)] != MAGIC or checksum != data[len(MAGIC) : head]:
        raise CacheCorrupt("checksum")
    try:
        return _ModelUnpickler(io.BytesIO(payload)).load()
    except Exception as error:  # noqa: BLE001 - any failure to read back is a corrupt entry
        raise CacheCorrupt(str(error)) from error


_PLAIN = {
    "builtins": {"tuple", "list", "dict", "set", "frozenset", "str", "bytes", "int", "float", "bool", "complex"},
    "datetime": {"date", "datetime", "time", "timedelta", "timezone"},
}


class _ModelUnpickler(pickle.Unpickler):
    """Makes only the engine's own classes (its frozen dataclasses and enums) and plain values."""

    def find_class(self, module: str, name: str) -> Any:
        if name in _PLAIN.get(module, ()):
            return super().find_class(module, name)
        if module == "minutebook" or module.startswith("minutebook."):
            found = super().find_class(module, name)
            if isinstance(found, type):  # a class, never a function to call
                return found
        raise pickle.UnpicklingError(f"{module}.{name} is not a value the cache stores")
