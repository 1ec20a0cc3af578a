"""Render a govlint HTML report in headless Chromium: a PNG screenshot and a printed PDF.

    python scripts/render_html.py report.html [--out DIR]
    python scripts/render_html.py --sample [--out DIR]     # render the report for govlint's sample drafts

Uses Debian's ``chromium`` (or ``chromium-browser`` / ``google-chrome``) with no
network, sync or first-run extras and a throw-away profile. Prints the files it
wrote and a few numbers that show the page really rendered (image size, how many
pixel rows carry detail, PDF pages). tests/test_html_browser.py uses the same
functions. Standard library only.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--disable-extensions", "--disable-default-apps", "--hide-scrollbars")


def find_browser() -> str | None:
    for name in BROWSERS:
        path = shutil.which(name)
        if path:
            return path
    return None


def _run(browser: str, html: Path, extra: list[str], timeout: float) -> str:
    with tempfile.TemporaryDirectory(prefix="govlint-chromium-") as profile:
        cmd = [browser, *FLAGS, f"--user-data-dir={profile}", *extra, html.resolve().as_uri()]
        res = subprocess.run(cmd, check=True, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, timeout=timeout,
                             env={**os.environ, "HOME": profile})
        return res.stdout.decode("utf-8", "replace")


def dump_dom(html: Path, browser: str | None = None, timeout: float = 60) -> str:
    """The document as the browser parsed it (serialised DOM)."""
    browser = browser or find_browser()
    if not browser:
        raise RuntimeError("no Chromium found (apt-get install chromium)")
    return _run(browser, html, ["--dump-dom"], timeout)


def screenshot(html: Path, png: Path, width: int = 1280, height: int = 2000, browser: str | None = None,
               timeout: float = 60) -> Path:
    browser = browser or find_browser()
    if not browser:
        raise RuntimeError("no Chromium found (apt-get install chromium)")
    _run(browser, html, [f"--screenshot={png}", f"--window-size={width},{height}"], timeout)
    return png


def print_pdf(html: Path, pdf: Path, browser: str | None = None, timeout: float = 60) -> Path:
    browser = browser or find_browser()
    if not browser:
        raise RuntimeError("no Chromium found (apt-get install chromium)")
    _run(browser, html, [f"--print-to-pdf={pdf}", "--no-pdf-header-footer"], timeout)
    return pdf


def png_stats(png: Path) -> dict:
    """Width, height and how many pixel rows carry detail, read without an imaging library.

    A row counts as detailed when, after PNG's own row filter, more than a few bytes
    are non-zero: a blank page filters to (almost) all zeros, text and borders don't.
    """
    data = png.read_bytes()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{png} is not a PNG")
    pos, idat, header = 8, [], None
    while pos < len(data):
        size, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + size]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        pos += 12 + size
    if header is None:
        raise ValueError(f"{png} has no header")
    width, height, depth, colour, _, _, interlace = header
    channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[colour]
    stride = 1 + width * channels * depth // 8
    raw = zlib.decompress(b"".join(idat))
    detailed = 0
    if not interlace:
        for y in range(height):
            row = raw[y * stride + 1:(y + 1) * stride]
            if len(row) - row.count(0) > 8:
                detailed += 1
    return {"width": width, "height": height, "detailed_rows": detailed, "bytes": len(data)}


def pdf_pages(pdf: Path) -> int:
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf.read_bytes()))


def _sample_report(out: Path) -> Path:
    html = out / "sample-report.html"
    cmd = [sys.executable, "-m", "govlint", "check", "--sample", "--no-nlp", "--format", "html"]
    res = subprocess.run(cmd, capture_output=True, text=True)
    if res.returncode not in (0, 1):
        raise SystemExit(res.stderr.strip() or "govlint check failed")
    html.write_text(res.stdout, encoding="utf-8")
    return html


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("html", nargs="?", help="the HTML report to render")
    ap.add_argument("--sample", action="store_true", help="render the report for govlint's sample drafts")
    ap.add_argument("--out", default=None, help="folder for the PNG and PDF (default: a new temporary folder)")
    ap.add_argument("--width", type=int, default=1280)
    ap.add_argument("--height", type=int, default=2000)
    args = ap.parse_args(argv)
    if not args.html and not args.sample:
        ap.error("give an HTML file or --sample")
    if not find_browser():
        print("render_html: no Chromium found (apt-get install chromium)", file=sys.stderr)
        return 2
    out = Path(args.out) if args.out else Path(tempfile.mkdtemp(prefix="govlint-render-"))
    out.mkdir(parents=True, exist_ok=True)
    html = Path(args.html) if args.html else _sample_report(out)
    png = screenshot(html, out / (html.stem + ".png"), args.width, args.height)
    pdf = print_pdf(html, out / (html.stem + ".pdf"))
    stats = png_stats(png)
    print(f"{png}: {stats['width']}x{stats['height']}, {stats['detailed_rows']} rows with detail, {stats['bytes']} bytes")
    print(f"{pdf}: {pdf_pages(pdf)} page(s), {pdf.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
