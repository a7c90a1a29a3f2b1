"""The C string escapes of PO files as GNU gettext reads and writes them, and the control
characters they can hold.

polib (1.2) reads and writes only ``\\\\ \\t \\n \\r \\v \\b \\f \\"``: ``\\a``, octal
(``\\033``) and hex (``\\x1f``) escapes stay a backslash and letters, which its writer then
doubles, so a msgid ``"Bell\\a"`` came back as ``"Bell\\\\a"``: another message, and msgcmp
failed. polib looks its `escape` and `unescape` up as module globals when it runs; `install`
puts these in their place (po.py and po_catalog.py call it on import).

Control characters (glibc's argp uses ``\\v`` in option help, terminals' ``\\033``) cannot be
stored: the markup the workbench stores is HTML, which has no way to carry them, and XML 1.0
forbids them. A message's controls are therefore stored as their pictures from Unicode's
Control Pictures block (U+2400-U+241F: ``␋`` for ``\\v``), which translators see and copy like
any placeable, and the PO export writes the controls back. The price: a picture a message
really contained is written as its control (no catalog has been seen to hold one).
"""

from __future__ import annotations

import re

import polib

_UNESCAPE = re.compile(r"\\(?:([0-7]{1,3})|x([0-9A-Fa-f]{1,2})|(.))", re.DOTALL)
_SIMPLE = {
    "a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v",
    "\\": "\\", '"': '"', "'": "'", "?": "?",
}  # fmt: skip
_ESCAPES = {
    "\\": "\\\\", '"': '\\"', "\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n",
    "\r": "\\r", "\t": "\\t", "\v": "\\v",
}  # fmt: skip
_NEEDS_ESCAPE = re.compile('[\\\\"\a\b\f\n\r\t\v]')


def _unescaped(match: re.Match[str]) -> str:
    octal, hexadecimal, char = match.groups()
    if char is not None:
        return _SIMPLE.get(char, match.group(0))  # unknown: kept as written, as polib does
    value = int(octal, 8) if octal is not None else int(hexadecimal, 16)
    # A byte above 0x7f is part of a character in the file's charset, and NUL ends a C
    # string: neither is one character here, so the escape stays as written.
    return chr(value) if 0 < value < 0x80 else match.group(0)


def unescape(text: str) -> str:
    """The string a PO file's quoted text stands for (C escapes, as GNU gettext reads them)."""
    return _UNESCAPE.sub(_unescaped, text) if "\\" in text else text


def escape(text: str) -> str:
    """A string as msgcat writes it between quotes: backslash, quote and the controls with a
    letter escape escaped; other controls (ESC) as they are."""
    return _NEEDS_ESCAPE.sub(lambda match: _ESCAPES[match.group(0)], text)


def install() -> None:
    """Make polib read and write escapes as GNU gettext does."""
    # setattr: mypy would hold the functions to polib's parameter name (`st`).
    setattr(polib, "unescape", unescape)  # noqa: B010
    setattr(polib, "escape", escape)  # noqa: B010


# C0 controls other than tab, newline and carriage return (which markup keeps), and DEL.
_CONTROLS = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f]")
_PICTURES = re.compile("[\u2401-\u2408\u240b\u240c\u240e-\u241f]")
_PICTURE_OFFSET = 0x2400


def controls_as_pictures(text: str) -> str:
    """A message's control characters as their Control Pictures (``\\v`` -> ``␋``)."""
    return _CONTROLS.sub(lambda m: chr(ord(m.group(0)) + _PICTURE_OFFSET), text)


def pictures_as_controls(text: str) -> str:
    """The inverse of `controls_as_pictures`, for writing a PO file."""
    return _PICTURES.sub(lambda m: chr(ord(m.group(0)) - _PICTURE_OFFSET), text)
