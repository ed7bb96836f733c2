"""Read the built book like a reader with no internet, in a real (headless) browser.

Serves ``_build/html`` on 127.0.0.1, blocks every request to any other host, and checks each page:

- no request failed or was blocked (so nothing needs a CDN), no JavaScript error;
- no Python traceback is shown;
- maths is typeset: every Sphinx ``.math`` element holds an ``mjx-container``, no raw ``\\(``, ``\\[`` or
  ``$$`` is left in the text, and no raw ``$...$`` in widget labels;
- no Markdown was left unparsed: no table rule (``|---|``) and no MyST role (``{cite:t}`...```) in the text;
- every image has loaded;
- every embedded widget rendered, and for every slider, pressing ArrowRight (ArrowLeft at the end) on
  its focused handle changes the visible picture to another frame of the page's embedded widget state;
  a Play button, when there is one, changes it too;
- a screenshot of the page is saved.

Usage (needs ``pip install playwright`` and a Chromium; never downloads one):

    python scripts/browser_check.py _build/html --screenshots _build/screenshots [--page notebooks/01-tangerines.html]

From Python (e.g. a test): ``check_book(html_dir, screenshot_dir, pages=None) -> list[PageReport]``.
The exit status is 1 when any page has a problem.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import functools
import hashlib
import http.server
import json
import shutil
import sys
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    # Belt and braces with the route handler below: no name but 127.0.0.1 resolves.
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
]
SKIPPED_DIRS = {"_static", "_sources", "_images", "_downloads"}
RENDER_TIMEOUT_MS = 30_000

# Messages from the pinned theme and extensions that say nothing about our pages, so they are counted
# but not failed:
KNOWN_NOISE = (
    # Jupyter Book 1.0.4 + Sphinx 7.4 put sphinx-thebe's inline config (`const THEBE_JS_URL = ...`) twice
    # in every page; the second copy throws. It only concerns Thebe (live code), which the book does not use.
    "Identifier 'THEBE_JS_URL' has already been declared",
    # pydata-sphinx-theme on a first visit (no light/dark choice stored yet): it falls back to "auto".
    "Got invalid theme mode",
)


@dataclass
class PageReport:
    """What the browser saw on one page; ``problems`` is empty when the page is fine."""

    page: str
    problems: list[str] = field(default_factory=list)
    widgets: int = 0
    sliders_checked: int = 0
    plays_checked: int = 0
    maths: int = 0
    screenshot: Path | None = None
    ignored: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


# ----------------------------------------------------------------------------------------------------
# Serving and browsing
# ----------------------------------------------------------------------------------------------------


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 (a free port) in a background thread; yields the base URL."""

    class QuietHandler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
            pass

    handler = functools.partial(QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def find_chromium() -> str:
    """The system Chromium (Debian package ``chromium``); Playwright's own download is never used."""
    for candidate in CHROMIUM_CANDIDATES:
        if Path(candidate).exists():
            return candidate
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    raise FileNotFoundError("no Chromium found: apt-get install chromium (Debian) or set --chromium")


def book_pages(html_dir: Path) -> list[str]:
    """Every HTML page of the built book, relative to ``html_dir`` (static assets and sources skipped)."""
    pages = []
    for path in sorted(html_dir.rglob("*.html")):
        relative = path.relative_to(html_dir)
        if relative.parts[0] in SKIPPED_DIRS or _is_redirect(path):
            continue
        pages.append(relative.as_posix())
    return pages


def _is_redirect(path: Path) -> bool:
    """Jupyter Book's index.html only redirects (meta refresh) to the root page: nothing to read there."""
    head = path.read_text(errors="replace")[:2000].lower()
    return 'http-equiv="refresh"' in head


def check_book(
    html_dir: str | Path,
    screenshot_dir: str | Path,
    pages: Sequence[str] | None = None,
    *,
    chromium: str | None = None,
) -> list[PageReport]:
    """Check ``pages`` (default: every page) of the built book in headless Chromium, offline."""
    from playwright.sync_api import sync_playwright

    html_dir = Path(html_dir).resolve()
    screenshot_dir = Path(screenshot_dir)
    screenshot_dir.mkdir(parents=True, exist_ok=True)
    pages = list(pages) if pages is not None else book_pages(html_dir)
    reports = []
    with serve(html_dir) as base_url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium or find_chromium(), args=LAUNCH_ARGS)
        try:
            for page_path in pages:
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                try:
                    reports.append(_check_page(context, base_url, page_path, screenshot_dir))
                finally:
                    context.close()
        finally:
            browser.close()
    return reports


# ----------------------------------------------------------------------------------------------------
# One page
# ----------------------------------------------------------------------------------------------------


def _check_page(context, base_url: str, page_path: str, screenshot_dir: Path) -> PageReport:  # noqa: ANN001
    report = PageReport(page_path)
    problems = report.problems

    def route(route) -> None:  # noqa: ANN001
        host = urlsplit(route.request.url).hostname
        if host == "127.0.0.1":
            route.continue_()
        else:
            problems.append(f"blocked request to another host: {route.request.url}")
            route.abort("blockedbyclient")

    def complain(message: str) -> None:
        (report.ignored if any(noise in message for noise in KNOWN_NOISE) else problems).append(message)

    def on_request_failed(request) -> None:  # noqa: ANN001
        if urlsplit(request.url).hostname == "127.0.0.1":  # other hosts are reported by route()
            problems.append(f"request failed: {request.url} ({request.failure})")

    def on_response(response) -> None:  # noqa: ANN001
        if response.status >= 400:
            problems.append(f"HTTP {response.status}: {response.url}")

    def on_console(message) -> None:  # noqa: ANN001
        if message.type == "error":
            complain(f"console error: {message.text}")

    context.route("**/*", route)
    page = context.new_page()
    page.on("requestfailed", on_request_failed)
    page.on("response", on_response)
    page.on("console", on_console)
    page.on("pageerror", lambda error: complain(f"JavaScript error: {error}"))

    page.goto(base_url + page_path, wait_until="load")
    _wait_for_maths(page, problems)
    report.widgets = _wait_for_widgets(page, problems)
    report.maths = _check_maths(page, problems)
    _check_markup(page, problems)
    _check_tracebacks(page, problems)
    _check_images(page, problems)
    if report.widgets:
        frames = _embedded_frames(page)
        report.sliders_checked, report.plays_checked = _check_sliders(page, frames, problems)

    # Leave the page as a reader would see it: nothing focused (the theme's skip link shows on focus).
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }")
    name = page_path.replace("/", "__").removesuffix(".html") + ".png"
    report.screenshot = screenshot_dir / name
    page.screenshot(path=str(report.screenshot), full_page=True)
    page.close()
    return report


def _wait_for_maths(page, problems: list[str]) -> None:  # noqa: ANN001
    state = page.evaluate("""async () => {
        if (!window.MathJax) return "none";
        if (!MathJax.startup || !MathJax.startup.promise) return "not-started";
        await MathJax.startup.promise;
        return "ready";
    }""")
    if state != "ready" and page.locator(".math").count():
        problems.append("MathJax did not start (maths will stay raw)")


def _wait_for_widgets(page, problems: list[str]) -> int:  # noqa: ANN001
    """Wait until every embedded widget view has rendered; return how many there are."""
    expected = page.locator('script[type="application/vnd.jupyter.widget-view+json"]').count()
    if not expected:
        return 0
    try:
        page.wait_for_function(
            """(n) => {
                const areas = document.querySelectorAll(".widget-subarea");
                return areas.length >= n && Array.from(areas).every(a => a.children.length > 0);
            }""",
            arg=expected, timeout=RENDER_TIMEOUT_MS,
        )
    except Exception:  # a Playwright TimeoutError: report, then go on with the other checks
        rendered = page.locator(".widget-subarea").count()
        problems.append(f"only {rendered} of {expected} widgets rendered")
    # Widget labels are typeset after the views appear; give MathJax a moment to finish them.
    with contextlib.suppress(Exception):
        page.wait_for_function(
            """() => !Array.from(document.querySelectorAll(
                        ".widget-subarea .widget-label, .widget-subarea .widget-html-content"))
                     .some(el => /\\$[^$\\s][^$]*\\$/.test(el.innerText))""",
            timeout=5_000,
        )
    return expected


# A page's text as a reader sees it outside code and typeset maths (the start of a JavaScript function body).
_PROSE_TEXT = """
        const proseText = () => {
            const clone = document.querySelector("main, .bd-article, body").cloneNode(true);
            clone.querySelectorAll("pre, code, script, style, .highlight, mjx-container, textarea")
                 .forEach(el => el.remove());
            return clone.textContent;
        };"""


def _check_maths(page, problems: list[str]) -> int:  # noqa: ANN001
    found = page.evaluate("() => {" + _PROSE_TEXT + """
        const maths = Array.from(document.querySelectorAll(".math"));
        const raw = maths.filter(el => !el.querySelector("mjx-container")).map(el => el.textContent.trim());
        // Text outside code: raw TeX delimiters mean MathJax never ran on it.
        const text = proseText();
        const leftovers = (text.match(/\\\\\\(|\\\\\\[|\\$\\$/g) || []).length;
        // A single $ followed by a TeX command on the same line: inline maths that MathJax never saw
        // (e.g. Markdown split it, reading a line that starts with "+ " as a list item).
        const dollars = text.match(/\\$[^$\\n]{0,200}?\\\\[a-zA-Z]+/g) || [];
        const widgetText = Array.from(document.querySelectorAll(".widget-subarea"))
            .map(el => el.innerText).join("\\n");
        const widgetDollars = widgetText.match(/\\$[^$\\s][^$]*\\$/g) || [];
        return {count: document.querySelectorAll("mjx-container").length, raw, leftovers, widgetDollars, dollars};
    }""")
    if found["raw"]:
        problems.append(f"{len(found['raw'])} maths not typeset, e.g. {found['raw'][0][:80]!r}")
    if found["leftovers"]:
        problems.append(f"{found['leftovers']} raw TeX delimiters (\\( \\[ $$) left in the text")
    if found["dollars"]:
        problems.append(f"raw $-maths left in the text: {[d[:60] for d in found['dollars'][:3]]}")
    if found["widgetDollars"]:
        problems.append(f"raw $...$ in widget labels: {found['widgetDollars'][:3]}")
    return found["count"]


def _check_markup(page, problems: list[str]) -> None:  # noqa: ANN001
    """Markdown shown as text: a pipe table that was never parsed, or a role copied without parsing."""
    found = page.evaluate("() => {" + _PROSE_TEXT + """
        const text = proseText();
        // "---" may have become an em dash on the way (smart quotes), so both count.
        return {tables: text.match(/\\|\\s*:?(-{3,}|\u2014+)\\s*:?\\|/g) || [],
                roles: text.match(/\\{[a-z]+(:[a-z]+)?\\}`[^`\\n]*`/g) || []};
    }""")
    if found["tables"]:
        problems.append(f"{len(found['tables'])} raw Markdown table rules (|---|) in the text: a table was not parsed")
    if found["roles"]:
        problems.append(f"raw MyST roles in the text: {found['roles'][:3]}")


def _check_tracebacks(page, problems: list[str]) -> None:  # noqa: ANN001
    text = page.evaluate("() => document.body.innerText")
    if "Traceback (most recent call last)" in text or page.locator(".cell_output .traceback").count():
        problems.append("the page shows a Python traceback")


def _check_images(page, problems: list[str]) -> None:  # noqa: ANN001
    with contextlib.suppress(Exception):  # give late images a moment
        page.wait_for_function(
            "() => Array.from(document.images).every(i => !i.getAttribute('src') || i.complete)", timeout=10_000
        )
    broken = page.evaluate("""() => Array.from(document.images)
        .filter(i => i.getAttribute("src") && (!i.complete || i.naturalWidth === 0))
        .map(i => i.currentSrc || i.src)""")
    for src in broken[:5]:
        problems.append(f"image did not load: {src[:120]}")
    if len(broken) > 5:
        problems.append(f"... and {len(broken) - 5} more images did not load")


def _embedded_frames(page) -> set[str]:  # noqa: ANN001
    """SHA-256 of every image buffer in the page's embedded widget state."""
    raw = page.evaluate("""() => Array.from(
        document.querySelectorAll('script[type="application/vnd.jupyter.widget-state+json"]'))
        .map(s => s.textContent)""")
    hashes = set()
    for text in raw:
        for model in json.loads(text)["state"].values():
            for buffer in model.get("buffers", []):
                if buffer.get("encoding") == "base64":
                    hashes.add(hashlib.sha256(base64.b64decode(buffer["data"])).hexdigest())
    return hashes


_VISIBLE_IMAGES_JS = """async (area) => {
    const out = [];
    for (const img of area.querySelectorAll("img")) {
        if (!img.checkVisibility() || !img.src) continue;
        const bytes = new Uint8Array(await (await fetch(img.src)).arrayBuffer());
        let s = "";
        for (let i = 0; i < bytes.length; i += 8192) {
            s += String.fromCharCode.apply(null, bytes.subarray(i, i + 8192));
        }
        out.push(btoa(s));
    }
    return out;
}"""


def _visible_frames(area) -> list[str]:  # noqa: ANN001
    return [hashlib.sha256(base64.b64decode(b)).hexdigest() for b in area.evaluate(_VISIBLE_IMAGES_JS)]


def _check_sliders(page, frames: set[str], problems: list[str]) -> tuple[int, int]:  # noqa: ANN001
    """Press an arrow key on every slider (and Play on every Play button); the picture must change."""
    sliders_checked = plays_checked = 0
    areas = page.locator(".widget-subarea")
    for a in range(areas.count()):
        area = areas.nth(a)
        handles = area.locator(".noUi-handle")
        for h in range(handles.count()):
            handle = handles.nth(h)
            srcs_before = _visible_srcs(area)
            if not srcs_before:
                continue  # a slider without a picture (not an explorer): nothing to compare
            before = _visible_frames(area)
            at_end = handle.get_attribute("aria-valuenow") == handle.get_attribute("aria-valuemax")
            handle.focus()
            page.keyboard.press("ArrowLeft" if at_end else "ArrowRight")
            _wait_for_new_picture(area, srcs_before)
            after = _visible_frames(area)
            label = f"widget {a + 1}, slider {h + 1}"
            if not after:
                problems.append(f"{label}: no picture visible after moving the slider")
            elif after == before:
                problems.append(f"{label}: the picture did not change when the slider moved")
            elif not set(after) <= frames:
                problems.append(f"{label}: the picture shown is not one of the page's embedded frames")
            else:
                sliders_checked += 1
        buttons = area.locator(".widget-play button")  # play/pause toggle, stop, (repeat)
        if buttons.count() and _visible_srcs(area):
            srcs_before, before = _visible_srcs(area), _visible_frames(area)
            buttons.nth(0).click()
            _wait_for_new_picture(area, srcs_before)
            after = _visible_frames(area)
            buttons.nth(0).click()  # pause where it is
            if after == before:
                problems.append(f"widget {a + 1}: Play did not change the picture")
            else:
                plays_checked += 1
    return sliders_checked, plays_checked


def _visible_srcs(area) -> list[str]:  # noqa: ANN001
    return area.evaluate(
        "a => Array.from(a.querySelectorAll('img')).filter(i => i.checkVisibility()).map(i => i.src)")


def _wait_for_new_picture(area, srcs_before: list[str], timeout_ms: int = 3_000) -> None:  # noqa: ANN001
    """Wait (briefly) until the visible pictures differ from ``srcs_before``; the caller judges the result."""
    with contextlib.suppress(Exception):
        area.page.wait_for_function(
            """([area, before]) => {
                const now = Array.from(area.querySelectorAll("img"))
                    .filter(i => i.checkVisibility()).map(i => i.src);
                return now.length > 0 && now.join("\\n") !== before;
            }""",
            arg=[area.element_handle(), "\n".join(srcs_before)],
            timeout=timeout_ms,
        )


# ----------------------------------------------------------------------------------------------------
# Command line
# ----------------------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("html_dir", type=Path, nargs="?", default=Path("_build/html"))
    parser.add_argument("--screenshots", type=Path, default=Path("_build/screenshots"))
    parser.add_argument("--page", action="append", dest="pages", help="check only this page (repeatable)")
    parser.add_argument("--chromium", help="path to a Chromium binary (default: the system one)")
    args = parser.parse_args(argv)
    if not (args.html_dir / "index.html").exists():
        parser.error(f"{args.html_dir} has no index.html: build the book first (make book)")
    reports = check_book(args.html_dir, args.screenshots, args.pages, chromium=args.chromium)
    for report in reports:
        status = "ok  " if report.ok else "FAIL"
        print(f"{status} {report.page}: {report.widgets} widgets, {report.sliders_checked} sliders and "
              f"{report.plays_checked} Play buttons move their frames, {report.maths} maths typeset")
        for problem in report.problems:
            print(f"       - {problem}")
        if report.ignored:
            print(f"       ({len(report.ignored)} known upstream messages ignored, see KNOWN_NOISE)")
    failed = sum(not report.ok for report in reports)
    print(f"{len(reports) - failed}/{len(reports)} pages fine; screenshots in {args.screenshots}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
