"""Real Chromium (Debian's, never a downloaded build) against the app on a real port.

Each module gets its own server on a free loopback port, backed by its own
migrated database, and each test its own browser context, with JavaScript on
or off. axe-core comes from node_modules, installed by `npm ci`.
"""
import os
import threading
from pathlib import Path
from types import SimpleNamespace

import pytest
from playwright.sync_api import expect, sync_playwright
from werkzeug.serving import make_server

from tests.conftest import make_app

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Quiet flags: this machine has no internet, so background fetches only fail.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
# How long an expectation waits for the page to get there. Playwright's 5 s was too short in CI:
# three camera photos shrunk in the browser, sent and checked by the server, on 2 cores shared with
# another test worker, once took longer. A page that never gets there still fails, 15 s later.
expect.set_options(timeout=15_000)


def serve(folder: Path, **config):
    """The app (with these settings) served on a free loopback port: .url to browse, .app to look
    inside. A generator for module-scoped `live` fixtures: yield from serve(...)."""
    app, cleanup = make_app(folder, **config)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield SimpleNamespace(url=f"http://127.0.0.1:{server.server_port}", app=app)
    server.shutdown()
    cleanup()


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    """The app served on a free loopback port, with the settings tests run with."""
    yield from serve(tmp_path_factory.mktemp("live"))


@pytest.fixture(scope="module")
def live_server(live):
    return live.url


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(params=[True, False], ids=["js", "nojs"])
def page(request, browser, live_server):
    """A fresh page, once with JavaScript and once without."""
    context = browser.new_context(java_script_enabled=request.param, base_url=live_server,
                                  viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.js_enabled = request.param
    yield page
    context.close()


@pytest.fixture
def new_page(browser, live_server):
    """Open pages in fresh browser contexts (a new device each), closed after the test."""
    contexts = []

    def open_page(javascript=True):
        context = browser.new_context(java_script_enabled=javascript, base_url=live_server,
                                      viewport={"width": 360, "height": 740})
        contexts.append(context)
        page = context.new_page()
        page.js_enabled = javascript
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def js_page(new_page):
    return new_page()


def axe_violations(page):
    """Run axe-core on the page as it is now and return its violations.

    axe is evaluated through the DevTools protocol, which the page's
    Content-Security-Policy does not block, so the tests keep the real policy on.
    """
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [(v["id"], v["help"], [n["target"] for n in v["nodes"]]) for v in result["violations"]]
