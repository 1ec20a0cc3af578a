"""The ``regex`` module, loaded only as far as a run needs it.

Importing the ``regex`` package runs its pattern parser and optimiser (``regex._regex_core``, thousands of
lines of Python): about a tenth of a one-draft ``--no-nlp`` start. A check with the built-in packs needs none
of it. Every built-in pattern is made by one call into the C extension (:mod:`govlint.regexstore`), and
matching is all C. So the modules a check imports use this one instead:

- :func:`engine` is the C extension (``regex._regex``), loaded from the installed package's folder without
  running the package;
- :func:`release` is the installed release, read from the package's source without importing it;
- the flags are plain ints with ``regex``'s values;
- any other name (``rx.compile``, ``rx.escape``, ``rx.sub``, ``rx.error``...) is the package's own. The first
  such use imports the package, which then adopts the C extension already loaded.

``tests/test_rx.py`` checks each of these against the package, and that a one-draft check never imports it.
"""

from __future__ import annotations

import os
import sys

# regex's flag values (RegexFlag members are ints with these values).
ASCII = 128
DOTALL = 16
IGNORECASE = 2
MULTILINE = 8
UNICODE = 32
VERBOSE = 64
V0 = 8192
V1 = 256

_ENGINE = "regex._regex"
_RELEASE: list = []


def engine():
    """``regex``'s C extension module, loading no more of the package than it."""
    module = sys.modules.get(_ENGINE)
    if module is None:
        module = _load_engine()
    return module


def _folder() -> str | None:
    from importlib.machinery import PathFinder

    spec = PathFinder.find_spec("regex")
    locations = list(spec.submodule_search_locations or []) if spec is not None else []
    return locations[0] if locations else None


def _load_engine():
    try:
        import importlib.util
        from importlib.machinery import EXTENSION_SUFFIXES, ExtensionFileLoader, ModuleSpec

        folder = _folder()
        path = next((p for p in (os.path.join(folder, "_regex" + s) for s in EXTENSION_SUFFIXES) if os.path.isfile(p)),
                    None) if folder else None
        if path is None:
            raise ImportError("no regex C extension found beside the package")
        loader = ExtensionFileLoader(_ENGINE, path)
        module = importlib.util.module_from_spec(ModuleSpec(_ENGINE, loader, origin=path))
        loader.exec_module(module)
        sys.modules[_ENGINE] = module
        return module
    except Exception:  # noqa: BLE001 - an unusual installation: import the package the ordinary way
        sys.modules.pop(_ENGINE, None)
        from regex import _regex

        return _regex


def release() -> str:
    """The installed ``regex`` release (``regex.__version__``), read from the package's source when it has not
    been imported (its ``_main.py`` sets it), else from the package."""
    if not _RELEASE:
        _RELEASE.append(_read_release() if "regex" not in sys.modules else None)
        if _RELEASE[0] is None:
            import regex

            _RELEASE[0] = regex.__version__
    return _RELEASE[0]


def _read_release() -> str | None:
    try:
        folder = _folder()
        if folder is None:
            return None
        with open(os.path.join(folder, "_main.py"), encoding="utf-8") as f:
            source = f.read()
        mark = '\n__version__ = "'
        i = source.find(mark)
        if i < 0:
            return None
        end = source.find('"', i + len(mark))
        value = source[i + len(mark):end]
        return value if end > 0 and value and "\n" not in value else None
    except (OSError, ValueError):
        return None


def __getattr__(name: str):
    """Any other name is the ``regex`` package's own (imported on first use)."""
    if name.startswith("__"):
        raise AttributeError(name)
    import regex

    if not hasattr(regex, "_regex"):  # it found the C extension already loaded: give it its usual name there
        regex._regex = engine()
    return getattr(regex, name)
