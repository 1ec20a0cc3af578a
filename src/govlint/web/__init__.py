"""`govlint serve`: a local, offline page for checking drafts, with live highlights and a training view.

:mod:`govlint.web.service` does the work (pure Python, no web framework);
:mod:`govlint.web.app` exposes it over HTTP with Starlette;
:mod:`govlint.web.security` guards it (Host and Origin checks, size limit,
strict headers, no tracebacks); :mod:`govlint.web.server` runs it with uvicorn.
Starlette and uvicorn are the optional ``web`` extra: nothing outside this
package imports them.
"""

INSTALL_HINT = "install with pip install 'govlint[web]'"
