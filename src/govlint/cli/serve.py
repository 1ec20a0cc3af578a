"""`govlint serve`: the local page for checking drafts in a browser (needs the optional ``web`` extra)."""

from __future__ import annotations

from typing import Annotated

import typer

from govlint.cli import app
from govlint.cli.common import ConfigOpt, ModelOpt, NoNlpOpt, PackOpt, ProfessionOpt, _fail, _settings
from govlint.errors import GovlintError


@app.command()
def serve(
    port: Annotated[int, typer.Option("--port", help="Port to listen on (0 picks a free one).", min=0, max=65535)] = 8765,
    host: Annotated[str, typer.Option("--host", help="Address to listen on. Anything but this computer's loopback address prints a warning.")] = "127.0.0.1",
    open_browser: Annotated[bool, typer.Option("--open", help="Open the page in your web browser.")] = False,
    pack: PackOpt = None,
    profession: ProfessionOpt = None,
    config: ConfigOpt = None,
    no_nlp: NoNlpOpt = False,
    nlp_model: ModelOpt = None,
) -> None:
    """Check drafts in your browser: a local page with live highlights, safer rewrites and a training view. Offline."""
    try:
        import starlette  # noqa: F401
        import uvicorn  # noqa: F401
    except ImportError:
        from govlint.web import INSTALL_HINT

        raise _fail(f"govlint serve needs the web extra: {INSTALL_HINT}") from None
    from govlint.web import server, single_threaded_maths

    single_threaded_maths()
    from govlint.web.app import create_app

    warning = server.warning_for(host)
    if warning:
        typer.echo(f"govlint: warning: {warning}", err=True)
    try:
        settings = _settings(config, pack, profession, None, no_nlp, nlp_model, None, None, None, None, None)
        sock = server.bind(host, port)
    except GovlintError as exc:
        raise _fail(str(exc)) from None
    actual_port = sock.getsockname()[1]
    typer.echo("govlint serve: loading packs" + (" and the NLP model..." if settings.nlp_model else "..."), err=True)
    try:
        web_app = create_app(settings, host=host, port=actual_port)
    except GovlintError as exc:
        sock.close()
        raise _fail(str(exc)) from None
    url = server.url_for(host, actual_port)

    def ready() -> None:
        typer.echo(f"govlint serve: open {url} in your browser (Ctrl-C to stop). Drafts stay on this computer.")
        if open_browser:
            import webbrowser

            webbrowser.open(url)

    server.serve(web_app, sock, on_ready=ready)
    typer.echo("govlint serve: stopped.")
