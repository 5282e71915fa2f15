"""The built site in a real browser (headless Chromium driven by Playwright).

Every page loads with no console errors and no request leaving the local server, MathJax
typesets the equations, search finds results, and screenshots of a chapter on a desktop and a
phone-sized viewport are saved under ``_build/screenshots/`` for review.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from pages import ROOT, toc_files

pytestmark = [pytest.mark.book, pytest.mark.browser]

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
SCREENSHOTS = ROOT / "_build" / "screenshots"
CHAPTER = "book/summaries/ch02_linear_algebra"


def chromium_path() -> str | None:
    candidates = (os.environ.get("DLNOTES_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium"))
    for candidate in candidates:
        if candidate and Path(candidate).exists():
            return candidate
    return None


@pytest.fixture(scope="module")
def server(html_dir):
    handler = functools.partial(_QuietHandler, directory=str(html_dir))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep the test output readable
        pass


@pytest.fixture(scope="module")
def browser():
    path = chromium_path()
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("no Chromium found: install Debian's chromium (see .ci/run)")
        pytest.skip("no Chromium found (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


def open_page(browser, url, viewport=(1280, 900)):
    """Open ``url``; return the page, its console errors and any request leaving the site."""
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
    page = context.new_page()
    errors, external = [], []
    origin = urlsplit(url).netloc
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))

    def route(r):
        parts = urlsplit(r.request.url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.netloc != origin:
            external.append(r.request.url)
            return r.abort()
        return r.continue_()

    page.route("**/*", route)
    page.goto(url, wait_until="networkidle")
    return page, errors, external


@pytest.mark.parametrize("name", toc_files())
def test_page_loads_cleanly_and_stays_local(browser, server, name):
    page, errors, external = open_page(browser, f"{server}/{name}.html")
    try:
        assert not errors, f"{name}: console errors: {errors}"
        assert not external, f"{name}: requests leaving the site: {external}"
    finally:
        page.context.close()


def test_mathjax_typesets_equations(browser, server):
    page, errors, _ = open_page(browser, f"{server}/{CHAPTER}.html")
    try:
        page.wait_for_selector("mjx-container", timeout=20_000)
        assert page.locator("mjx-container").count() > 10
        assert page.locator("mjx-merror").count() == 0, "MathJax reported a TeX error"
        assert not errors
    finally:
        page.context.close()


def test_search_finds_eigenvalue(browser, server):
    page, errors, _ = open_page(browser, f"{server}/search.html?q=eigenvalue")
    try:
        page.wait_for_selector("#search-results ul.search li", timeout=20_000)
        hits = page.locator("#search-results ul.search li")
        assert hits.count() > 0
        assert any("Linear Algebra" in hits.nth(i).inner_text() for i in range(hits.count()))
    finally:
        page.context.close()


@pytest.mark.parametrize("label, viewport", [("desktop", (1280, 900)), ("phone", (390, 844))])
def test_chapter_screenshot(browser, server, label, viewport):
    page, errors, _ = open_page(browser, f"{server}/{CHAPTER}.html", viewport)
    try:
        page.wait_for_selector("mjx-container", timeout=20_000)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        shot = SCREENSHOTS / f"ch02-{label}.png"
        page.screenshot(path=str(shot), full_page=False)
        page.screenshot(path=str(SCREENSHOTS / f"ch02-{label}-full.png"), full_page=True)
        assert shot.stat().st_size > 10_000
        # On a phone the text column must fit the screen: no sideways scrolling of the page.
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"the page scrolls sideways by {overflow}px at {viewport}"
    finally:
        page.context.close()


def test_printing_opens_every_answer(browser, server):
    page, errors, _ = open_page(browser, f"{server}/{CHAPTER}.html")
    try:
        closed = "document.querySelectorAll('details:not([open])').length"
        assert page.evaluate(closed) > 0, "the page has no collapsed answers to test with"
        page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
        assert page.evaluate(closed) == 0
        page.evaluate("window.dispatchEvent(new Event('afterprint'))")
        assert page.evaluate(closed) > 0, "the answers stay open after printing"
        # The exercises' solutions (sphinx-togglebutton dropdowns): hidden on screen, printed.
        hidden = (
            "Array.from(document.querySelectorAll('div.solution .solution-content'))"
            ".map(e => e.getBoundingClientRect().height > 0)"
        )
        assert page.evaluate(hidden) and not any(page.evaluate(hidden))
        page.emulate_media(media="print")
        assert all(page.evaluate(hidden)), "a solution stays hidden in print"
        page.emulate_media(media="screen")
        assert not errors
    finally:
        page.context.close()


def test_search_dialog_works_with_deferred_index(browser, server):
    page, errors, _ = open_page(browser, f"{server}/{CHAPTER}.html")
    try:
        assert page.evaluate("typeof Search !== 'undefined' && Search._index !== null")
        assert not errors
    finally:
        page.context.close()


AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SERIOUS = ("serious", "critical")


def axe_violations(page) -> list[str]:
    """axe-core's serious and critical findings on the open page, one line each."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {node['target']}"
        for v in result["violations"]
        if v["impact"] in SERIOUS
        for node in v["nodes"][:3]
    ]


@pytest.fixture(scope="module")
def axe_path():
    if not AXE.exists():
        if os.environ.get("CI"):
            pytest.fail("axe-core missing: run `npm ci` (make test does)")
        pytest.skip("axe-core not installed (npm ci)")
    return AXE


@pytest.mark.parametrize("mode", ["light", "dark"])
@pytest.mark.parametrize("name", toc_files())
def test_no_serious_accessibility_violations(browser, server, axe_path, name, mode):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=mode)
    try:
        page = context.new_page()
        page.goto(f"{server}/{name}.html", wait_until="networkidle")
        page.wait_for_timeout(300)  # MathJax and the theme finish their layout
        assert page.evaluate("document.documentElement.dataset.theme") == mode
        found = axe_violations(page)
        assert not found, f"{name} ({mode}):\n" + "\n".join(found)
    finally:
        context.close()


def test_code_never_scrolls_sideways_on_a_desktop(browser, server):
    wide = []
    for name in toc_files():
        if "/api/" in name:
            continue
        page, _, _ = open_page(browser, f"{server}/{name}.html")
        try:
            count = page.evaluate(
                "Array.from(document.querySelectorAll('article div.highlight pre'))"
                ".filter(p => p.scrollWidth > p.clientWidth + 1).length"
            )
            if count:
                wide.append(f"{name}: {count} code blocks wider than the column")
        finally:
            page.context.close()
    assert not wide, "\n".join(wide)
