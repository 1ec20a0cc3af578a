"""Compatibility: the input readers now live in :mod:`govlint.inputs` (one module per format).

This module keeps the names other code and tests imported from here.
"""

from __future__ import annotations

from dataclasses import replace

from govlint.inputs import Defaults, ReadOptions, read_inputs
from govlint.inputs.base import MAX_ARCHIVE_BYTES, MAX_FILE_BYTES, MAX_POST_CHARS, read_bytes
from govlint.inputs.base import decode as _decode
from govlint.inputs.jsonl import parse_jsonl
from govlint.inputs.text import parse_text
from govlint.model import Post

TEXT_SUFFIXES = {".txt", ".md", ".markdown"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}

__all__ = ["Defaults", "ReadOptions", "read_inputs", "parse_text", "parse_jsonl", "read_bytes", "with_defaults",
           "MAX_FILE_BYTES", "MAX_ARCHIVE_BYTES", "MAX_POST_CHARS", "TEXT_SUFFIXES", "JSONL_SUFFIXES", "_decode"]


def with_defaults(post: Post, defaults: Defaults) -> Post:
    """Fill metadata a post does not carry from the defaults."""
    return replace(post, author=post.author if post.author.known else defaults.author,
                   in_reply_to=post.in_reply_to or defaults.in_reply_to, platform=post.platform or defaults.platform,
                   profession=post.profession or defaults.profession)
