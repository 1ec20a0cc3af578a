"""SHA-256 and SHA-1 without starting OpenSSL.

``hashlib`` loads OpenSSL on import, which costs a short run more than every digest govlint takes (a few
hashes of short strings: baseline fingerprints, cache keys). CPython's own implementations give the same
digests; ``hashlib`` is the fallback where they are not built in.
"""

from __future__ import annotations

try:  # CPython 3.11 and earlier
    from _sha256 import sha256  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - 3.12+ (_sha2) or a build without the built-in modules
    try:
        from _sha2 import sha256  # type: ignore[import-not-found,no-redef]
    except ImportError:
        from hashlib import sha256  # type: ignore[no-redef]
try:
    from _sha1 import sha1  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover
    from hashlib import sha1  # type: ignore[no-redef]

__all__ = ["sha1", "sha256"]
