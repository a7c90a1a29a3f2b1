"""Unit keys: short, readable and never reused within a document (u0001, u0002, ...)."""

from __future__ import annotations

import re

# At most 30 digits: int() refuses strings of over 4,300 digits, and no document has that many
# units; a longer "key" is not one of ours.
_KEY_NUMBER = re.compile(r"^u(\d{1,30})$")


def unit_key(number: int) -> str:
    return f"u{number:04d}"


def next_key_number(keys: list[str]) -> int:
    """The number after the highest key a document ever had."""
    numbers = [int(m.group(1)) for k in keys if (m := _KEY_NUMBER.match(k))]
    return max(numbers, default=0) + 1
