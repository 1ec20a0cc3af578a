"""Built-in patterns compiled when govlint was built, so that a one-draft run does not compile them again.

Compiling a regular expression with the ``regex`` module is two steps: a parser and optimiser written in
Python turn the pattern into a list of opcodes, then one call into the C extension makes the pattern object.
For govlint's large patterns (lexicons written out as tries) the first step costs milliseconds each, and a
one-draft check needs dozens of them. ``data/regex.idx`` holds the second step's arguments for every pattern
of the built-in packs and identifiers, written by ``scripts/build_indexes.py`` (:func:`build`), so that
compiling one of them is a look-up and that one C call.

The opcodes are private to the ``regex`` release that made them: the file records that release, and with
any other (or a missing or damaged file) every pattern compiles the ordinary way, with the same results.
Entries are keyed by :func:`key` (a CRC-32 of the pattern, its length and its flags); a pattern given as
text is compared with the stored text before the entry is used.
"""

from __future__ import annotations

import zlib

INDEX = "data/regex.idx"
VERSION = 1
_STATE: list = []  # [(index dict, body bytes) or None]


def key(pattern: str, flags: int) -> str:
    return f"{zlib.crc32(pattern.encode('utf-8', 'surrogatepass')):08x}.{len(pattern):x}.{int(flags):x}"


def _release() -> tuple:
    import sys

    from govlint import rx

    package = sys.modules.get("regex")  # (its default version can be changed once it is imported)
    return (rx.release(), int(getattr(package, "DEFAULT_VERSION", rx.V0)))


def _load():
    if not _STATE:
        _STATE.append(None)
        try:
            from govlint import datafiles

            header, body = datafiles.split_header(datafiles.read_bytes(INDEX))
            if isinstance(header, dict) and header.get("version") == VERSION and header.get("regex") == _release():
                _STATE[0] = (header["index"], body)
        except Exception:  # noqa: BLE001 - missing, damaged or from another release: compile as usual
            pass
    return _STATE[0]


def compiled(pattern: str | None, flags: int, stored_key: str | None = None):
    """The shipped pattern object for ``pattern`` (or, when only its key is known, ``stored_key``), or None."""
    state = _load()
    if state is None:
        return None
    k = stored_key if stored_key is not None else key(pattern, flags)  # type: ignore[arg-type]
    where = state[0].get(k)
    if where is None:
        return None
    try:
        import marshal

        from govlint import rx

        args = marshal.loads(zlib.decompress(state[1][where[0]:where[1]]))
        if pattern is not None and args[0] != pattern:
            return None  # another pattern with the same key (the flags are part of it)
        return rx.engine().compile(*args)  # regex's C extension alone: the package is not imported
    except Exception:  # noqa: BLE001 - a damaged entry: compile as usual
        return None


def build(patterns) -> bytes:
    """``data/regex.idx`` for these (pattern, flags): each compiled afresh, its C-level arguments kept."""
    import marshal

    import regex
    from regex import _main, _regex

    captured: list = []
    real = _regex.compile

    class _Capture:  # stands in for the C module while one pattern compiles
        def __getattr__(self, name):
            return getattr(_regex, name)

        @staticmethod
        def compile(*args):
            captured[:] = [args]
            return real(*args)

    entries: dict[str, bytes] = {}
    texts: dict[str, str] = {}
    _main._regex = _Capture()
    try:
        for pattern, flags in patterns:
            k = key(pattern, flags)
            if k in texts:
                if texts[k] != pattern:
                    raise RuntimeError(f"two built-in patterns share the key {k}")
                continue
            _main._cache.clear()
            regex.compile(pattern, int(flags))
            args = list(captured[0])
            args[1] = int(args[1])  # RegexFlag values: plain ints, for marshal
            args[9] = int(args[9])
            entries[k] = zlib.compress(marshal.dumps(tuple(args)), 9)
            texts[k] = pattern
    finally:
        _main._regex = _regex
        _main._cache.clear()
    index, body, pos = {}, [], 0
    for k in sorted(entries):
        blob = entries[k]
        index[k] = (pos, pos + len(blob))
        body.append(blob)
        pos += len(blob)
    from govlint.datafiles import with_header

    return with_header({"version": VERSION, "regex": _release(), "index": index}, b"".join(body))
