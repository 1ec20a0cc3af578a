"""The HTML report in a real browser (headless Chromium): it parses, renders and prints.

Skipped, with the reason, where no Chromium is installed (``apt-get install chromium``);
CI installs it. The browser gets a local file and no network.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from govlint.cli import app

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("render_html", ROOT / "scripts" / "render_html.py")
render_html = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(render_html)

BROWSER = render_html.find_browser()
pytestmark = pytest.mark.skipif(BROWSER is None, reason="Chromium is not installed (apt-get install chromium)")

DRAFTS = {
    "ward.txt": "Mrs Quorbanek in bay 4, NHS no 943 476 5919. <script>document.title='pwned'</script>\n---\n"
                "@jo_smith you should double your sertraline to 100mg tonight.\n",
    "rant.md": "---\nplatform: x\n---\nThe new registrar is a useless idiot and a total clown.\n",
    "night.txt": "Long night on Ward 7B at the Royal Stoke. 84-year-old retired headmistress from Leek came in at 3am "
                 "with a very rare sarcoma, her husband John was in tears.\n",
}


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("browser")
    for name, text in DRAFTS.items():
        (d / name).write_text(text, encoding="utf-8")
    r = CliRunner().invoke(app, ["check", *(str(d / n) for n in DRAFTS), "--no-nlp", "--format", "html", "--redact"])
    assert r.exit_code == 1, r.output
    out = d / "report.html"
    out.write_text(r.stdout, encoding="utf-8")
    return out


def test_browser_parses_the_page_without_running_post_text(page):
    dom = render_html.dump_dom(page, BROWSER)
    assert "<title>govlint report" in dom and "pwned" not in dom.split("</title>")[0]
    assert "<script" not in dom.lower()
    n_findings = len(re.findall(r'<li class="finding ', page.read_text("utf-8")))
    assert n_findings >= 4 and len(re.findall(r'<li class="finding ', dom)) == n_findings
    assert "943 476 5919" not in dom and "[NHS_NUMBER]" in dom


def test_screenshot_and_pdf_are_not_blank(page, tmp_path):
    png = render_html.screenshot(page, tmp_path / "report.png", 1280, 2000, BROWSER)
    stats = render_html.png_stats(png)
    assert (stats["width"], stats["height"]) == (1280, 2000)
    assert stats["detailed_rows"] > 400, stats  # a blank page has none; this report fills most of the window
    pdf = render_html.print_pdf(page, tmp_path / "report.pdf", BROWSER)
    assert pdf.read_bytes().startswith(b"%PDF") and render_html.pdf_pages(pdf) >= 1
