"""Regular expressions compiled on first use, each with its prefilter gate worked out on first use."""

from __future__ import annotations

from typing import Callable

from govlint import prefilter, regexstore, rx


class LazyPattern:
    """A regular expression compiled on first use, with a :class:`prefilter.Gate` worked out on first use.

    Built-in packs hold many large patterns that most posts never need: a
    pattern whose gate rejects every post is never compiled, which keeps the
    start-up of a one-draft check short. Untrusted packs are compiled (and
    probed) when they load, so their errors still point at file and line.

    ``pattern`` may also be a function returning the pattern's text: a pattern
    holding a large lexicon's alternation is then not even written out until
    a post gets past its gate.
    """

    __slots__ = ("_pattern", "flags", "_re", "_gate", "_gate_source", "_ckey")

    def __init__(self, pattern: str | Callable[[], str], flags: int = 0, gate_source: tuple | None = None,
                 compiled=None, gate=False):
        self._pattern, self.flags = pattern, flags
        self._re = compiled
        self._gate_source = gate_source
        self._gate: prefilter.Gate | None | bool = gate  # False: not worked out yet
        # The key of the shipped compiled pattern (:mod:`govlint.regexstore`) of a pattern not yet written out:
        # set in the shipped snapshot of the built-in packs.
        self._ckey: str | None = None

    @property
    def pattern(self) -> str:
        if not isinstance(self._pattern, str):
            self._pattern = self._pattern()
        return self._pattern

    @property
    def re(self) -> rx.Pattern:
        if self._re is None:
            pattern = self._pattern
            if isinstance(pattern, str):
                shipped = regexstore.compiled(pattern, self.flags)
            elif self._ckey is not None:
                shipped = regexstore.compiled(None, self.flags, self._ckey)
                if shipped is not None:
                    self._pattern = shipped.pattern  # the text this pattern writes out
            else:
                shipped = None
            # an int: regex's compiler is slow on flag enums
            self._re = shipped if shipped is not None else rx.compile(self.pattern, int(self.flags))
        return self._re

    @property
    def gate(self) -> prefilter.Gate | None:
        if self._gate is False:
            source, slots = self._gate_source or (self.pattern, None)
            self._gate = prefilter.gate(source, self.flags, slots)
        return self._gate  # type: ignore[return-value]

    def finditer(self, *args, **kwargs):
        return self.re.finditer(*args, **kwargs)

    def search(self, *args, **kwargs):
        return self.re.search(*args, **kwargs)

    def match(self, *args, **kwargs):
        return self.re.match(*args, **kwargs)

    def fullmatch(self, *args, **kwargs):
        return self.re.fullmatch(*args, **kwargs)

    def __repr__(self) -> str:
        return f"LazyPattern({self.pattern[:60]!r})"


# (pattern, flags) of every module-level pattern made by :func:`fixed` or :class:`Later`: what
# ``data/regex.idx`` holds besides the packs' patterns (see :func:`govlint.shipdata.regex_requests`).
MODULE_PATTERNS: list[tuple[str, int]] = []


def fixed(pattern: str, flags: int = 0) -> rx.Pattern:
    """``rx.compile(pattern, flags)`` for a module's own pattern, taken from the shipped compiled patterns
    (:mod:`govlint.regexstore`) when they hold it."""
    flags = int(flags)
    MODULE_PATTERNS.append((pattern, flags))
    shipped = regexstore.compiled(pattern, flags)
    return shipped if shipped is not None else rx.compile(pattern, flags)


class Later:
    """A module's regular expression compiled on first use: one that most runs never need costs nothing.

    Stands in for the compiled pattern (``.search``, ``.finditer``, ``.sub``... are the pattern's own)."""

    __slots__ = ("_pattern", "_flags", "_re")

    def __init__(self, pattern: str, flags: int = 0):
        self._pattern, self._flags, self._re = pattern, int(flags), None
        MODULE_PATTERNS.append((pattern, self._flags))

    def __getattr__(self, name: str):
        compiled = self._re
        if compiled is None:
            compiled = self._re = regexstore.compiled(self._pattern, self._flags) or rx.compile(self._pattern, self._flags)
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"Later({self._pattern[:60]!r})"
