"""Checks on the HTML of the strict build: what a reader would notice is broken."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from pages import ROOT, toc_files

pytestmark = pytest.mark.book


@cache
def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def content_pages(html_dir: Path) -> list[Path]:
    return [html_dir / f"{name}.html" for name in toc_files()]


def prose_pages(html_dir: Path) -> list[Path]:
    """Pages written in MyST; API pages are excluded because docstrings may legitimately show
    a doctest traceback or mention a glue role."""
    return [p for p in content_pages(html_dir) if "/api/" not in p.as_posix()]


def test_one_page_per_toc_entry(html_dir):
    expected = {html_dir / f"{name}.html" for name in toc_files()}
    missing = sorted(str(p.relative_to(html_dir)) for p in expected if not p.exists())
    assert not missing, f"TOC entries without a page: {missing}"
    built = set((html_dir / "book").rglob("*.html"))
    extra = sorted(str(p.relative_to(html_dir)) for p in built - expected)
    assert not extra, f"pages built that the TOC does not list: {extra}"


def test_no_tracebacks_errors_or_stderr(html_dir):
    problems = []
    for page in content_pages(html_dir):
        doc = soup(page)
        for cls in ("traceback", "stderr", "error"):
            for node in doc.select(f"div.cell_output .{cls}, div.output.{cls}"):
                problems.append(f"{page.name}: {cls} output: {node.get_text()[:200]!r}")
        outputs = " ".join(node.get_text() for node in doc.select("div.cell_output"))
        if "Traceback (most recent call last)" in outputs:
            problems.append(f"{page.name}: a cell output shows a traceback")
    assert not problems, "\n".join(problems)


def test_every_image_has_real_alt_text(html_dir):
    problems = []
    for page in content_pages(html_dir):
        for img in soup(page).select("main img, article img"):
            alt = (img.get("alt") or "").strip()
            src = img.get("src", "")
            if not alt or alt == src or alt.lower().endswith((".png", ".svg", ".jpg")):
                problems.append(f"{page.relative_to(html_dir)}: image {src} has no alt text")
            elif not (html_dir / page.parent.relative_to(html_dir) / unquote(src)).exists():
                problems.append(f"{page.relative_to(html_dir)}: image {src} is missing")
    assert not problems, "\n".join(problems)


def test_glue_values_rendered(html_dir):
    problems = []
    for page in prose_pages(html_dir):
        text = soup(page).get_text()
        for marker in ("{glue:", "{glue}", "glue:text", "Key not found"):
            if marker in text:
                problems.append(f"{page.name}: unrendered glue ({marker!r})")
    assert not problems, "\n".join(problems)


def test_chapter_pages_have_glued_numbers_and_figures(html_dir):
    chapters = [
        p
        for p in content_pages(html_dir)
        if "/summaries/" in p.as_posix() or "/scratch/" in p.as_posix()
    ]
    assert chapters, "no chapter pages were built"
    for page in chapters:
        doc = soup(page)
        assert doc.select(".pasted-text, .pasted-inline"), f"{page.name}: no glued value"
        assert doc.select("figure img"), f"{page.name}: no captioned figure"


@cache
def _ids(path: Path) -> set[str]:
    return {node["id"] for node in soup(path).select("[id]")}


def test_no_broken_internal_links(html_dir):
    problems = []
    pages = sorted(html_dir.rglob("*.html"))
    pages = [p for p in pages if "_static" not in p.parts and "_modules" not in p.parts]
    for page in pages:
        for a in soup(page).select("a[href]"):
            href = a["href"]
            parts = urlsplit(href)
            if parts.scheme or href.startswith(("mailto:", "//", "javascript:")):
                continue
            target = page if not parts.path else (page.parent / unquote(parts.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                problems.append(f"{page.relative_to(html_dir)}: broken link {href}")
            elif (
                parts.fragment
                and target.suffix == ".html"
                and unquote(parts.fragment) not in _ids(target)
            ):
                problems.append(f"{page.relative_to(html_dir)}: missing anchor {href}")
    assert not problems, "\n".join(problems[:50])


def test_failure_reports_are_not_published(html_dir):
    assert not (html_dir / "reports").exists(), "_build/html/reports/ holds failure tracebacks"


def test_mathjax_is_served_by_the_site(html_dir):
    page = html_dir / f"{toc_files()[1]}.html"
    scripts = [s.get("src", "") for s in soup(page).select("script[src]")]
    mathjax = [s for s in scripts if "mathjax" in s.lower()]
    assert mathjax and all(not urlsplit(s).scheme for s in mathjax), scripts
    assert (html_dir / "_static" / "mathjax" / "tex-chtml.js").exists()
    tags = soup(page).find_all("script", src=lambda s: s and "mathjax" in s.lower())
    assert tags and all(tag.has_attr("async") for tag in tags), "MathJax is not loaded async"


def test_footer_states_both_licences(html_dir):
    text = soup(html_dir / f"{toc_files()[0]}.html").get_text()
    assert "MIT" in text and "CC BY 4.0" in text


def test_downloadable_notebooks_carry_the_build_outputs(html_dir):
    """The download button's ``.ipynb`` is the executed page: every code cell of the page, with
    the outputs the build shows (stream text, figures), and none of glue's hidden records."""
    import nbformat

    from pages import chapter_files

    for source in chapter_files():
        name = source.relative_to(ROOT).with_suffix(".ipynb")
        notebook = nbformat.read(html_dir / "_sources" / name, as_version=4)
        code = [cell for cell in notebook.cells if cell.cell_type == "code"]
        assert code, f"{name}: no code cells in the download"
        outputs = [output for cell in code for output in cell.get("outputs", [])]
        assert outputs, f"{name}: the downloadable notebook has no outputs"
        shown = ("image/png", "text/html")  # a figure, or a table the page displays
        assert any(
            any(kind in output.get("data", {}) for kind in shown)
            or output.get("output_type") == "stream"
            for output in outputs
        ), f"{name}: neither printed text, a table nor a figure in the downloadable notebook"
        assert not any(
            key.startswith("application/papermill.record/")
            for output in outputs
            for key in output.get("data", {})
        ), f"{name}: glue's hidden records left in the downloadable notebook"


# Markup that MyST should have turned into something else; seen in prose, it means a line was
# parsed as the wrong construct (a wrapped line starting "+ " becomes a list item and the maths
# around it stays raw TeX).
_RAW_MARKUP = re.compile(
    r"\$[^$\n]{0,200}[\\^_{}][^$\n]{0,200}\$"  # $...$ with TeX inside, left as text
    r"|\\(?:alpha|beta|lambda|sigma|theta|boldsymbol|mathbf|frac|sum|mathrm|top|nabla|partial)\b"
    r"|\{(?:eq|glue|glue:text|py:\w+|doc|ref|cite|numref|term)\}`"  # a role left as text
    r"|\*\*\w|`{2}|^:::|^```"  # bold, literal or fence markers
)
_NOT_PROSE = "pre, code, .math, div.cell_output, script, style, .highlight, .MathJax"


def raw_markup(page: Path) -> list[str]:
    """Snippets of unrendered MyST or TeX in the prose of a built page."""
    doc = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    article = doc.select_one("article") or doc
    for node in article.select(_NOT_PROSE):
        node.decompose()
    found = []
    blocks = "p, li, dd, dt, td, th, figcaption, h1, h2, h3, h4, caption"
    for block in article.select(blocks):
        if block.select_one(blocks):  # read the innermost block only, once
            continue
        text = block.get_text(" ", strip=True)
        for match in _RAW_MARKUP.finditer(text):
            start = max(match.start() - 30, 0)
            found.append(text[start : match.end() + 30])
    return found


def test_no_raw_markup_in_rendered_prose(html_dir):
    problems = [
        f"{page.relative_to(html_dir)}: {snippet!r}"
        for page in prose_pages(html_dir)
        for snippet in raw_markup(page)
    ]
    assert not problems, "\n".join(problems[:40])


_RAW_ROLE = re.compile(r":(?:func|class|meth|mod|math|attr|data|exc|obj|doc|ref):`|``")


def test_api_pages_render_every_role(html_dir):
    """A role or literal that napoleon or autodoc did not parse shows up in the API reference as
    raw text (a parameter-style Shape section printed every line without a colon as written)."""
    problems = []
    for page in content_pages(html_dir):
        if "/api/" not in page.as_posix():
            continue
        article = soup(page).select_one("article") or soup(page)
        for node in article.find_all(string=_RAW_ROLE):
            if node.find_parent(["pre", "code"]) is None:
                problems.append(f"{page.relative_to(html_dir)}: {node.strip()[:80]!r}")
    assert not problems, "\n".join(problems[:40])


def test_raw_markup_check_sees_a_list_item_that_broke_the_maths(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        "<article><p>which minimises $\\|X w - y\\|^2</p>"
        "<ul><li><p>\\alpha\\|w\\|^2$ with a {eq}`eq-x` left over</p></li></ul>"
        '<p>fine: <span class="math">\\(\\alpha\\)</span>, <code>$x$</code>, costs $5 and $6</p>'
        "</article>"
    )
    found = raw_markup(page)
    assert len(found) == 2 and "\\alpha" in found[0] and "{eq}`" in found[1], found


def test_no_thebe_leftovers_and_search_is_deferred(html_dir):
    problems = []
    for page in content_pages(html_dir):
        doc = soup(page)
        text = page.read_text(encoding="utf-8")
        if "thebe" in text.lower():
            problems.append(f"{page.name}: Thebe configuration or script left on the page")
        if "fontawesome.js" in text:
            problems.append(f"{page.name}: loads the 1.5 MB Font Awesome script")
        blocking = [
            s["src"]
            for s in doc.select("script[src]")
            if s["src"].split("?")[0].endswith(("searchindex.js", "searchtools.js"))
            and not s.has_attr("defer")
        ]
        if blocking:
            problems.append(f"{page.name}: render-blocking search scripts {blocking}")
    assert not problems, "\n".join(problems)


def test_every_page_has_a_description_and_a_favicon(html_dir):
    for page in content_pages(html_dir):
        doc = soup(page)
        meta = doc.select_one('meta[name="description"]')
        assert meta is not None and len(meta["content"]) >= 40, page.name
        icon = doc.select_one('link[rel="icon"]')
        assert icon is not None, f"{page.name}: no favicon link"
        assert (page.parent / unquote(icon["href"])).resolve().exists(), icon["href"]


def test_landing_page_is_a_real_document(html_dir):
    doc = soup(html_dir / "index.html")
    assert doc.html.get("lang") == "en"
    assert doc.title and doc.title.get_text().strip()
    assert doc.select_one('meta[name="description"]') is not None
    target = doc.select_one("body a")["href"]
    assert (html_dir / target).exists(), target


def test_no_template_fragments_or_orphans_published(html_dir):
    static = html_dir / "_static"
    leftovers = sorted(p.name for p in static.glob("*webpack-macros.html"))
    leftovers += sorted(p.name for p in static.glob("screenshot*.png"))
    assert not leftovers, leftovers


def test_copy_buttons_strip_doctest_prompts(html_dir):
    script = (html_dir / "_static" / "copybutton.js").read_text(encoding="utf-8")
    assert r">>> |\\.\\.\\. " in script or r">>> |\.\.\. " in script, "prompt regexp not configured"


def test_numbers_restart_with_each_chapter(html_dir):
    """Fig. 13.1, (13.1), Exercise 13.1, Listing S3.1: per chapter, in order, with no second
    (book-wide) number beside the listing captions."""
    pages = {
        "book/summaries/ch13_linear_factors": "13",
        "book/summaries/ch07_regularization": "7",
        "book/scratch/s03_optimizers": "S3",
    }
    for name, chapter in pages.items():
        page = soup(html_dir / f"{name}.html")
        for selector, word in (
            ("figcaption .caption-number", "Fig."),
            ("div.code-block-caption .caption-number", "Listing"),
            ("div.exercise p.admonition-title .caption-number", "Exercise"),
        ):
            found = [span.get_text(" ", strip=True) for span in page.select(selector)]
            if word == "Listing" and chapter != "S3":
                continue
            assert found, f"{name}: no {word} numbers"
            expected = [f"{word} {chapter}.{k}" for k in range(1, len(found) + 1)]
            assert found == expected, f"{name}: {found}"
        equations = [span.find(string=True).strip() for span in page.select("span.eqno")]
        assert equations[:2] == [f"({chapter}.1)", f"({chapter}.2)"], f"{name}: {equations[:2]}"
        for caption in page.select("div.code-block-caption .caption-text"):
            assert not caption.get_text().startswith("Listing"), caption.get_text()
