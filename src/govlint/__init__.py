"""govlint: a governance linter for health professionals' social-media posts.

The public Python API is :class:`govlint.api.Linter`; everything else is an
implementation detail that may change between releases.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
