"""The HTML handout renders in a real headless Chromium: a screenshot and a PDF with a page per concern.

Skipped, with the reason, when no Chromium is installed. Output goes to pytest's
tmp_path, never into the repository.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from govlint.api import Linter
from govlint.training import handout

ROOT = Path(__file__).resolve().parent.parent


def _script():
    spec = importlib.util.spec_from_file_location("render_handout", ROOT / "scripts" / "render_handout.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


render = _script()
CHROMIUM = render.find_chromium()


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install -y chromium) - cannot render the handout")
def test_handout_renders_to_png_and_pdf(tmp_path):
    linter = Linter(packs=("gmc",), nlp=False)
    doc = handout.build(linter, version="test")
    page = tmp_path / "handout.html"
    page.write_text(handout.html(doc), encoding="utf-8")
    png, pdf = tmp_path / "handout.png", tmp_path / "handout.pdf"
    render.render(page, png, pdf, CHROMIUM, width=1000, height=1400)
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1000, 1400)
    assert len(data) > 20_000  # a blank page compresses to a few KB; a rendered handout does not
    raw = pdf.read_bytes()
    assert raw.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", raw))
    # the contents page, then each concern starts on a new page
    assert pages >= len(doc["concerns"]) + 1, pages
