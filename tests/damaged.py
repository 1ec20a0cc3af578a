"""Damaged copies of a shipped data file with a length-prefixed marshal header (regex.idx, gates.idx), for
tests that check a bad file means working things out the ordinary way."""

from __future__ import annotations

import marshal

KINDS = ("missing", "empty", "junk", "foreign-header", "bad-entry")


def copy_of(blob: bytes, head: int, damage: str, edit_header=None) -> bytes:
    """``blob`` damaged as ``damage`` says; ``foreign-header`` applies ``edit_header`` to the decoded header.
    ``missing`` raises FileNotFoundError, as reading an absent file does."""
    if damage == "missing":
        raise FileNotFoundError("(removed for the test)")
    if damage == "empty":
        return b""
    if damage == "junk":
        return b"\x05\x00\x00\x00\x00\x00\x00\x00junk"
    size = int.from_bytes(blob[:head], "little")
    if damage == "foreign-header":
        header = marshal.loads(blob[head:head + size])
        edit_header(header)
        new = marshal.dumps(header)
        return len(new).to_bytes(head, "little") + new + blob[head + size:]
    assert damage == "bad-entry", damage
    return blob[:head + size] + b"\xff" * (len(blob) - head - size)
