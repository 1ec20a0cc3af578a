"""`govlint serve`: a local, offline page for checking drafts, with live highlights and a training view.

:mod:`govlint.web.service` does the work (pure Python, no web framework);
:mod:`govlint.web.app` exposes it over HTTP with Starlette;
:mod:`govlint.web.security` guards it (Host and Origin checks, size limit,
strict headers, no tracebacks); :mod:`govlint.web.server` runs it with uvicorn.
Starlette and uvicorn are the optional ``web`` extra: nothing outside this
package imports them.
"""

INSTALL_HINT = "install with pip install 'govlint[web]'"


def single_threaded_maths() -> None:
    """One BLAS thread for the NER model, unless the user chose otherwise.

    Each request is one short post: the model's matrices are small, and several
    BLAS threads only add hand-over costs (worst on a busy machine). Must run
    before numpy is imported, so `govlint serve` calls it before loading the model.
    """
    import os

    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")
