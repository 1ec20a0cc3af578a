#!/usr/bin/env python3
"""Render the govlint handout in headless Chromium: a PNG screenshot and a PDF.

    PYTHONPATH=src python scripts/render_handout.py [--out DIR] [--pack gmc] [--no-nlp] [--html FILE]

Writes DIR/handout.html, DIR/handout.png and DIR/handout.pdf (DIR defaults to
./build/handout, which git ignores) and prints their paths. Chromium runs with
networking features off and a throw-away profile; the handout itself loads
nothing from anywhere. Exit 2 if Chromium is not installed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_chromium() -> str | None:
    env = os.environ.get("GOVLINT_CHROMIUM")
    if env:
        return env if Path(env).exists() else None
    for name in CANDIDATES:
        path = shutil.which(name)
        if path:
            return path
    return None


def chromium_args(binary: str, profile: str) -> list[str]:
    return [binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
            "--disable-default-apps", "--hide-scrollbars", "--mute-audio", f"--user-data-dir={profile}"]


def render(html_path: Path, png: Path, pdf: Path, binary: str, width: int = 1000, height: int = 1400,
           timeout: float = 120) -> None:
    """Screenshot and print ``html_path``; raises RuntimeError with Chromium's output on failure."""
    url = html_path.resolve().as_uri()
    with tempfile.TemporaryDirectory(prefix="govlint-chromium-") as profile:
        for extra in ([f"--screenshot={png}", f"--window-size={width},{height}"],
                      [f"--print-to-pdf={pdf}", "--no-pdf-header-footer"]):
            cmd = chromium_args(binary, profile) + extra + [url]
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
            out = png if "--screenshot" in extra[0] else pdf
            if proc.returncode != 0 or not out.exists() or out.stat().st_size == 0:
                raise RuntimeError(f"chromium failed ({proc.returncode}): {proc.stderr.strip()[-2000:]}")


def main() -> int:
    ap = argparse.ArgumentParser(description="Render the govlint handout to PNG and PDF with headless Chromium.")
    ap.add_argument("--out", default="build/handout", help="output folder (default build/handout)")
    ap.add_argument("--pack", help="only this pack's rules")
    ap.add_argument("--no-nlp", action="store_true", help="pattern-only mode (faster; names and places not detected)")
    ap.add_argument("--html", help="render this HTML file instead of generating the handout")
    ap.add_argument("--width", type=int, default=1000)
    ap.add_argument("--height", type=int, default=1400)
    args = ap.parse_args()
    binary = find_chromium()
    if not binary:
        print("render_handout: Chromium not found (install it: apt-get install -y chromium)", file=sys.stderr)
        return 2
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    if args.html:
        html_path = Path(args.html)
    else:
        from govlint import __version__
        from govlint.api import Linter
        from govlint.training import handout

        linter = Linter(packs=(args.pack,) if args.pack else (), nlp=False if args.no_nlp else None)
        html_path = out / "handout.html"
        html_path.write_text(handout.html(handout.build(linter, version=__version__)), encoding="utf-8")
    png, pdf = out / "handout.png", out / "handout.pdf"
    render(html_path, png.resolve(), pdf.resolve(), binary, args.width, args.height)
    for p in (html_path, png, pdf):
        print(p)
    return 0


if __name__ == "__main__":
    sys.exit(main())
