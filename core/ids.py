"""Ids that become file, folder or collection names: checked strictly before any path is built.

Lower-case ASCII letters, digits and inner hyphens only, so `../`, separators and Unicode
look-alikes never reach the file system.
"""

from __future__ import annotations

import re

from core.errors import CmoError


def checked_id(raw: object, max_length: int, error: type[CmoError], what: str, hint: str) -> str:
    """`raw` unchanged if it is a safe id of 1 to `max_length` characters; otherwise raises
    `error` whose message names `what`, shows the value (unless very long) and `hint`."""
    pattern = re.compile(rf"[a-z0-9](?:[a-z0-9-]{{0,{max_length - 2}}}[a-z0-9])?")
    if isinstance(raw, str) and raw.isascii() and pattern.fullmatch(raw):
        return raw
    shown = raw if isinstance(raw, str) and len(raw) <= max_length + 20 else "(too long)"
    raise error(f"invalid {what} {shown!r}: {hint}")
