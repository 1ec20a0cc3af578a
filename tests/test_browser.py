"""The page in a real browser: Debian's chromium driven by Selenium through Debian's chromedriver.

Starts the server (NER on) in a thread, types a patient-identifying reply, waits for the
highlight, reads the findings panel, applies the safer rewrite and sees the finding go.
Screenshots land in build/browser/ (gitignored). Skips, saying why, when no browser is here.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("GOVLINT_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("GOVLINT_CHROMEDRIVER", "/usr/bin/chromedriver")
SHOTS = Path(__file__).resolve().parent.parent / "build" / "browser"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--window-size=1280,1000", "--lang=en-GB"]

if not (os.access(CHROMIUM, os.X_OK) or shutil.which(CHROMIUM)):
    pytest.skip(f"no chromium at {CHROMIUM} (apt-get install chromium chromium-driver)", allow_module_level=True)
if not (os.access(CHROMEDRIVER, os.X_OK) or shutil.which(CHROMEDRIVER)):
    pytest.skip(f"no chromedriver at {CHROMEDRIVER} (apt-get install chromium-driver)", allow_module_level=True)
pytest.importorskip("selenium", reason="selenium is not installed (pip install '.[test]')")
pytest.importorskip("starlette", reason="the web extra is not installed (pip install 'govlint[web]')")
pytest.importorskip("uvicorn", reason="the web extra is not installed (pip install 'govlint[web]')")

from selenium import webdriver  # noqa: E402
from selenium.common.exceptions import TimeoutException, WebDriverException  # noqa: E402
from selenium.webdriver.chrome.service import Service as DriverService  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

from govlint.config import Settings  # noqa: E402
from govlint.web.app import create_app  # noqa: E402
from govlint.web.server import Background  # noqa: E402
from govlint.web.service import Service  # noqa: E402

# An emoji first, so the highlight is only right if code-point offsets become UTF-16 ones correctly.
REPLY = ("😡 Mrs Patel in bay 3 finally got her scan after 9 days. Long night on Ward 7B at the Royal Stoke. "
         "84-year-old retired headmistress from Leek came in at 3am with a very rare sarcoma.")


@pytest.fixture(scope="module")
def server():
    service = Service(Settings())
    with Background(lambda port: create_app(port=port, service=service)) as url:
        yield url


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    os.environ["SE_OFFLINE"] = "true"  # Selenium Manager must never download a driver or browser
    os.environ["SE_AVOID_STATS"] = "true"
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for flag in FLAGS:
        opts.add_argument(flag)
    opts.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    try:
        driver = webdriver.Chrome(service=DriverService(executable_path=CHROMEDRIVER), options=opts)
    except WebDriverException as exc:
        pytest.skip(f"chromium did not start: {exc.msg.splitlines()[0] if exc.msg else exc}")
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


def _wait(driver, cond, what, timeout=20):
    try:
        return WebDriverWait(driver, timeout, poll_frequency=0.1).until(lambda d: cond(d))
    except TimeoutException:
        SHOTS.mkdir(parents=True, exist_ok=True)
        driver.save_screenshot(str(SHOTS / "failure.png"))
        raise AssertionError(f"timed out waiting for {what} (screenshot: build/browser/failure.png)") from None


CARD_JS = """
const rule = arguments[0];
for (const li of document.querySelectorAll('#findings > li')) {
  if (!li.querySelector('.rule').textContent.includes(rule)) continue;
  const a = li.querySelector('.cite a');
  const d = li.querySelector('.details');
  return {num: li.querySelector('.num').textContent, sev: li.querySelector('.sev').textContent,
          concern: li.querySelector('.concern').textContent, cite: a ? a.textContent : '', href: a ? a.href : '',
          details: d ? d.textContent : '', canApply: !!li.querySelector('button.apply')};
}
return null;
"""
APPLY_JS = """
for (const li of document.querySelectorAll('#findings > li')) {
  if (li.querySelector('.rule').textContent.includes(arguments[0])) { li.querySelector('button.apply').click(); return true; }
}
return false;
"""


def _card(driver, rule):
    """What the findings panel shows for ``rule``, read in one go (the list is re-drawn as checks come back)."""
    return driver.execute_script(CARD_JS, rule)


def test_type_reply_see_highlight_apply_rewrite(server, browser):
    d = browser
    d.get(server)
    _wait(d, lambda d: d.find_elements(By.CSS_SELECTOR, "#profession option[value=doctor]"), "the page to load its packs")
    d.find_element(By.CSS_SELECTOR, "#profile summary").click()
    d.find_element(By.ID, "in-reply-to").send_keys("@sarah_j88")
    d.find_element(By.CSS_SELECTOR, "#profile summary").click()  # fold it away again (keyboard users can too)
    draft = d.find_element(By.ID, "draft")
    # ChromeDriver types only characters of the Basic Multilingual Plane: the emoji (which makes offsets in
    # JavaScript's UTF-16 differ from Python's) is put in by script, the rest is typed after it.
    d.execute_script("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input', {bubbles: true}));",
                     draft, REPLY[:2])
    draft.send_keys(REPLY[2:])

    # the offending spans are highlighted in the text itself, numbered, and the panel explains them
    _wait(d, lambda d: d.find_elements(By.CSS_SELECTOR, "#highlights mark"), "the highlight")
    name = _wait(d, lambda d: _card(d, "GMC-CONF-02"), "the name finding")
    jigsaw = _wait(d, lambda d: _card(d, "GMC-CONF-04"), "the jigsaw finding")
    assert name["concern"] == "patient-identifiability" and "ERROR" in name["sev"].upper() and name["canApply"]
    assert "GMC, Using social media as a medical professional" in jigsaw["cite"] and "paragraph 19" in jigsaw["cite"]
    assert jigsaw["href"].startswith("https://")
    details = jigsaw["details"]
    assert "Details that together could identify someone" in details and "84-year-old" in details and "place" in details
    n = name["num"]
    marked = "".join(m.get_attribute("textContent") for m in d.find_elements(By.CSS_SELECTOR, "#highlights mark")
                     if n in (m.get_attribute("data-f") or "").split())
    assert marked == "Mrs Patel"  # the highlight sits exactly on the name, after the emoji
    labels = [e.get_attribute("data-n") for e in d.find_elements(By.CSS_SELECTOR, "#highlights .flabel")]
    assert any(n in (lab or "").split(",") for lab in labels)
    summary = d.find_element(By.ID, "summary")
    assert summary.get_attribute("aria-live") == "polite" and "patient-identifiability" in summary.text
    SHOTS.mkdir(parents=True, exist_ok=True)
    d.save_screenshot(str(SHOTS / "findings.png"))

    # one click applies the safer rewrite for that finding; the finding disappears
    assert d.execute_script(APPLY_JS, "GMC-CONF-02")
    _wait(d, lambda d: "Mrs Patel" not in d.find_element(By.ID, "draft").get_attribute("value"), "the rewrite")
    _wait(d, lambda d: _card(d, "GMC-CONF-02") is None, "the name finding to disappear")
    value = d.find_element(By.ID, "draft").get_attribute("value")
    assert value.lower().startswith("😡 a patient in bay 3") and "Ward 7B" in value  # only that finding was mended
    assert _card(d, "GMC-CONF-04") is not None
    d.save_screenshot(str(SHOTS / "after-fix.png"))

    # nothing from the page failed (no script errors, no failed requests)
    errors = [e for e in d.get_log("browser") if e["level"] == "SEVERE"]
    assert not errors, errors


def test_profile_is_remembered_but_the_draft_is_not(server, browser):
    d = browser
    d.get(server)
    _wait(d, lambda d: d.find_elements(By.CSS_SELECTOR, "#profession option[value=doctor]"), "the page")
    d.find_element(By.ID, "draft").send_keys("Mrs Patel in bay 3 finally got her scan")
    field = d.find_element(By.ID, "in-reply-to")
    if not field.is_displayed():
        d.find_element(By.CSS_SELECTOR, "#profile summary").click()
    field.clear()
    field.send_keys("@remember_me")
    _wait(d, lambda d: "@remember_me" in (d.execute_script("return localStorage.getItem('govlint.profile.v1')") or ""),
          "the profile to be saved")
    d.refresh()
    _wait(d, lambda d: d.find_element(By.ID, "in-reply-to").get_attribute("value") == "@remember_me", "the remembered profile")
    assert d.find_element(By.ID, "draft").get_attribute("value") == ""
    stored = d.execute_script("return JSON.stringify(Object.assign({}, localStorage))")
    assert "Patel" not in stored and "bay 3" not in stored


def test_training_views_demo_and_quiz(server, browser):
    d = browser
    d.get(server)
    _wait(d, lambda d: d.find_elements(By.CSS_SELECTOR, "#profession option[value=doctor]"), "the page")
    d.find_element(By.ID, "tab-demo").click()
    step = _wait(d, lambda d: d.find_elements(By.CSS_SELECTOR, "#demo-step .post mark"), "a demo example with highlights")
    assert step
    first = d.find_element(By.ID, "demo-pos").text
    assert first.startswith("1 of ")
    d.find_element(By.ID, "demo-next").click()
    assert d.find_element(By.ID, "demo-pos").text.startswith("2 of ")
    assert d.find_elements(By.CSS_SELECTOR, "#demo-step .cite a")

    d.find_element(By.ID, "tab-quiz").click()
    d.find_element(By.ID, "quiz-seed").send_keys("3")
    d.find_element(By.CSS_SELECTOR, "#quiz-count option[value='5']").click()
    d.find_element(By.ID, "quiz-go").click()
    for i in range(5):
        _wait(d, lambda d: d.find_elements(By.ID, "quiz-submit"), f"question {i + 1}")
        d.find_element(By.ID, "quiz-submit").click()  # answer 'nothing wrong' every time
        nxt = _wait(d, lambda d: d.find_elements(By.ID, "quiz-next"), f"feedback {i + 1}")
        assert d.find_element(By.CSS_SELECTOR, "#quiz-feedback .verdict").text in ("Right.", "Not quite.")
        nxt[0].click()
    score = _wait(d, lambda d: d.find_elements(By.CSS_SELECTOR, "#quiz-summary .score"), "the score")
    assert re.fullmatch(r"\d of 5 \(\d+%\)", score[0].text)
    d.save_screenshot(str(SHOTS / "quiz.png"))
    errors = [e for e in d.get_log("browser") if e["level"] == "SEVERE"]
    assert not errors, errors
