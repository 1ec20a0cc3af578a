"""Running the app with uvicorn: bind the socket first (clear error if the port is taken), quiet logs, clean stop.

Logging is configured so that no request line, header or body is ever logged:
the access log is off and only uvicorn's own warnings (start-up problems) are
printed, to stderr. The server holds everything in memory and writes nothing.
"""

from __future__ import annotations

import socket
import threading
from typing import Callable

import uvicorn

from govlint.errors import GovlintError
from govlint.web.security import WILDCARD, is_loopback

LOG_CONFIG = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "govlint serve: %(levelname)s: %(message)s"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "plain", "stream": "ext://sys.stderr"}},
    "loggers": {
        "uvicorn": {"handlers": ["stderr"], "level": "WARNING", "propagate": False},
        "uvicorn.error": {"level": "WARNING"},
        "uvicorn.access": {"handlers": [], "level": "CRITICAL", "propagate": False},
        "govlint.web": {"handlers": ["stderr"], "level": "WARNING", "propagate": False},
    },
}


def url_for(host: str, port: int) -> str:
    h = "127.0.0.1" if host in WILDCARD else host
    if ":" in h and not h.startswith("["):
        h = f"[{h}]"
    return f"http://{h}:{port}/"


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host:port`` (port 0 picks a free one), or a one-line GovlintError."""
    bare = host.strip("[]")
    family = socket.AF_INET6 if ":" in bare else socket.AF_INET
    # proto=IPPROTO_TCP matters: asyncio only sets TCP_NODELAY on accepted sockets whose proto says TCP, and
    # without it a response's headers and body (two writes) wait ~40 ms for the client's delayed ACK.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.bind((bare, port))
        sock.listen(128)
    except (OSError, OverflowError) as exc:
        sock.close()
        reason = getattr(exc, "strerror", None) or str(exc)
        raise GovlintError(f"cannot listen on {host}:{port} ({reason}); choose another port with --port") from None
    sock.set_inheritable(True)
    return sock


def make_server(app) -> uvicorn.Server:
    config = uvicorn.Config(app, log_config=LOG_CONFIG, access_log=False, server_header=False, date_header=False,
                            proxy_headers=False, lifespan="off", ws="none", timeout_graceful_shutdown=3)
    return uvicorn.Server(config)


def warning_for(host: str) -> str | None:
    if is_loopback(host):
        return None
    if host.strip() in WILDCARD:
        return (f"listening on every address ({host}), not only on this computer; requests are still answered only "
                "when addressed to 127.0.0.1 or localhost. To serve other machines, give this machine's own address "
                "with --host, and remember the drafts then cross your network unencrypted.")
    return (f"listening on {host}, not only on this computer: anyone who can reach this machine on the network "
            "could send drafts to it, unencrypted. Use the default (127.0.0.1) unless you mean it.")


def serve(app, sock: socket.socket, on_ready: Callable[[], None] | None = None) -> None:
    """Serve until Ctrl-C (or SIGTERM); returns normally when stopped."""
    server = make_server(app)
    if on_ready:
        def watch():
            while not server.started and not server.should_exit:
                threading.Event().wait(0.05)
            if server.started:
                on_ready()

        threading.Thread(target=watch, daemon=True).start()
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:  # uvicorn re-raises the Ctrl-C it handled, after shutting down cleanly
        pass
    finally:
        sock.close()


class Background:
    """A server in a thread, for tests and benchmarks.

    ``make_app(port)`` builds the app once the port is known (the Host check needs it)::

        with Background(lambda port: create_app(settings, port=port)) as url: ...
    """

    def __init__(self, make_app: Callable[[int], object], host: str = "127.0.0.1", port: int = 0):
        self.sock = bind(host, port)
        self.port = self.sock.getsockname()[1]
        self.url = url_for(host, self.port)
        self.server = make_server(make_app(self.port))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        for _ in range(200):
            if self.server.started:
                break
            threading.Event().wait(0.05)
        return self.url

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(10)
        self.sock.close()
