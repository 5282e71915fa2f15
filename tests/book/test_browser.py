"""The built site in a real browser (headless Chromium driven by Playwright).

Every page is surveyed once (``site_survey``: two browsers side by side, because a page's
checks cost far more than its load): it loads with no console errors and no request leaving
the local server; axe-core finds nothing serious in light mode, nor in dark mode (where only
colours change, so only the colour rules run again); no code block scrolls sideways on a
desktop, no display equation is wider than the column on a desktop or at 390 px, and no page
scrolls sideways on a phone. Single-page tests check MathJax, search and printing, and save
screenshots of a chapter on a desktop and a phone under ``_build/screenshots/`` for review.
"""

from __future__ import annotations

import functools
import http.server
import os
import queue
import shutil
import threading
from dataclasses import dataclass, field
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
#: What differs between the light and the dark theme is colour, so in dark mode only the rules
#: that look at colour run again.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]
DESKTOP, PHONE = (1280, 900), (390, 844)
#: Two browsers survey the site side by side (the machine has two cores).
SURVEY_WORKERS = 2

#: Display equations wider than their box (the box then scrolls) or boxes wider than the
#: column, as "id: width in column" lines; equations hidden in closed dropdowns are skipped.
WIDE_EQUATIONS_JS = """() => Array.from(document.querySelectorAll(
    'article mjx-container[display="true"], article div.math'))
  .filter(e => e.offsetParent !== null && e.scrollWidth > e.clientWidth + 1)
  .map(e => `${(e.closest('[id]') || {}).id || e.tagName}: `
    + `${e.scrollWidth}px in ${e.clientWidth}px`)"""
WIDE_CODE_JS = """() => Array.from(document.querySelectorAll('article div.highlight pre'))
  .filter(p => p.scrollWidth > p.clientWidth + 1).length"""
SIDEWAYS_JS = "document.documentElement.scrollWidth - window.innerWidth"


def axe_violations(page, rules: list[str] | None = None) -> list[str]:
    """axe-core's serious and critical findings on the open page, one line each."""
    page.add_script_tag(path=str(AXE))
    options = {"resultTypes": ["violations"]}
    if rules:
        options["runOnly"] = {"type": "rule", "values": rules}
    result = page.evaluate("async (options) => await axe.run(document, options)", options)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {node['target']}"
        for v in result["violations"]
        if v["impact"] in SERIOUS
        for node in v["nodes"][:3]
    ]


def wait_for_typesetting(page) -> None:
    """Wait until MathJax (loaded asynchronously) has typeset the page, if it has maths."""
    page.evaluate(
        "async () => { if (window.MathJax && MathJax.startup && MathJax.startup.promise)"
        " await MathJax.startup.promise; }"
    )
    page.wait_for_timeout(200)  # the theme finishes its layout


@dataclass
class PageSurvey:
    """What one visit to a page found (empty lists: nothing wrong)."""

    errors: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)
    themes: dict[str, str] = field(default_factory=dict)
    axe: dict[str, list[str]] = field(default_factory=dict)
    wide_code: int = 0
    wide_equations: dict[str, list[str]] = field(default_factory=dict)
    sideways_on_phone: int = 0


def survey_page(browser, server: str, name: str) -> PageSurvey:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    found = PageSurvey()
    origin = urlsplit(server).netloc

    def route(r):
        parts = urlsplit(r.request.url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.netloc != origin:
            found.external.append(r.request.url)
            return r.abort()
        return r.continue_()

    url = f"{server}/{name}.html"
    desktop = browser.new_context(
        viewport={"width": DESKTOP[0], "height": DESKTOP[1]}, color_scheme="light"
    )
    try:
        page = desktop.new_page()
        page.on("console", lambda m: found.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: found.errors.append(str(e)))
        page.route("**/*", route)
        page.goto(url, wait_until="networkidle")
        wait_for_typesetting(page)
        found.themes["light"] = page.evaluate("document.documentElement.dataset.theme")
        found.axe["light"] = axe_violations(page)
        found.wide_code = page.evaluate(WIDE_CODE_JS)
        found.wide_equations["desktop"] = page.evaluate(WIDE_EQUATIONS_JS)
        page.emulate_media(color_scheme="dark")
        try:  # the theme follows the colour scheme when it changes; give it time to
            dark = "document.documentElement.dataset.theme === 'dark'"
            page.wait_for_function(dark, timeout=5000)
            page.wait_for_timeout(100)
        except PlaywrightTimeout:
            pass  # reported by the accessibility test through ``themes``
        found.themes["dark"] = page.evaluate("document.documentElement.dataset.theme")
        found.axe["dark"] = axe_violations(page, COLOUR_RULES)
    finally:
        desktop.close()
    # MathJax breaks lines at the width it typesets for, so the phone gets its own visit.
    phone = browser.new_context(viewport={"width": PHONE[0], "height": PHONE[1]})
    try:
        page = phone.new_page()
        page.goto(url, wait_until="networkidle")
        wait_for_typesetting(page)
        found.wide_equations["phone"] = page.evaluate(WIDE_EQUATIONS_JS)
        found.sideways_on_phone = page.evaluate(SIDEWAYS_JS)
    finally:
        phone.close()
    return found


@pytest.fixture(scope="module")
def axe_path():
    if not AXE.exists():
        if os.environ.get("CI"):
            pytest.fail("axe-core missing: run `npm ci` (make test does)")
        pytest.skip("axe-core not installed (npm ci)")
    return AXE


@pytest.fixture(scope="module")
def site_survey(browser, server, axe_path) -> dict[str, PageSurvey]:
    """Every page of the table of contents, surveyed once by two browsers side by side.

    Playwright's synchronous API belongs to the thread that started it, so each worker thread
    runs its own Playwright and Chromium, taking page names from a shared queue."""
    from playwright.sync_api import sync_playwright

    names: queue.Queue[str] = queue.Queue()
    for name in toc_files():
        names.put(name)
    results: dict[str, PageSurvey] = {}
    failures: list[BaseException] = []

    def work() -> None:
        try:
            with sync_playwright() as p:
                own = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
                try:
                    while True:
                        try:
                            name = names.get_nowait()
                        except queue.Empty:
                            return
                        results[name] = survey_page(own, server, name)
                finally:
                    own.close()
        except BaseException as error:  # reported in the main thread
            failures.append(error)

    threads = [threading.Thread(target=work) for _ in range(SURVEY_WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise failures[0]
    return results


@pytest.mark.parametrize("name", toc_files())
def test_page_loads_cleanly_and_stays_local(site_survey, name):
    found = site_survey[name]
    assert not found.errors, f"{name}: console errors: {found.errors}"
    assert not found.external, f"{name}: requests leaving the site: {found.external}"


@pytest.mark.parametrize("mode", ["light", "dark"])
@pytest.mark.parametrize("name", toc_files())
def test_no_serious_accessibility_violations(site_survey, name, mode):
    found = site_survey[name]
    assert found.themes[mode] == mode, f"{name}: the theme did not follow the {mode} scheme"
    assert not found.axe[mode], f"{name} ({mode}):\n" + "\n".join(found.axe[mode])


@pytest.mark.parametrize("name", toc_files())
def test_display_equations_fit_the_column(site_survey, name):
    wide = site_survey[name].wide_equations
    problems = [f"{where}: {line}" for where in ("desktop", "phone") for line in wide[where]]
    assert not problems, f"{name}: display equations wider than the column:\n" + "\n".join(problems)


@pytest.mark.parametrize("name", [n for n in toc_files() if "/api/" not in n])
def test_code_never_scrolls_sideways_on_a_desktop(site_survey, name):
    count = site_survey[name].wide_code
    assert count == 0, f"{name}: {count} code blocks wider than the column at {DESKTOP}"


@pytest.mark.parametrize("name", toc_files())
def test_page_never_scrolls_sideways_on_a_phone(site_survey, name):
    overflow = site_survey[name].sideways_on_phone
    assert overflow <= 1, f"{name}: the page scrolls sideways by {overflow}px at {PHONE}"


def test_the_equation_check_sees_a_wide_equation(browser):
    """The survey's equation check is not blind: an equation wider than its box is reported,
    one that fits is not."""
    context = browser.new_context(viewport={"width": PHONE[0], "height": PHONE[1]})
    try:
        page = context.new_page()
        page.set_content(
            '<article><div class="math" id="fits"><mjx-container display="true" '
            'style="display:block;overflow:auto"><span style="display:inline-block;width:100px">'
            'x</span></mjx-container></div><div class="math" id="too-wide"><mjx-container '
            'display="true" style="display:block;overflow:auto"><span style="display:inline-block;'
            'width:900px">y</span></mjx-container></div></article>'
        )
        wide = page.evaluate(WIDE_EQUATIONS_JS)
        assert [line.split(":")[0] for line in wide] == ["too-wide"], wide
    finally:
        context.close()
