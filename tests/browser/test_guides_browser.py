"""A reader's journeys in real Chromium, with JavaScript on and off."""
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations


def test_from_home_to_a_guide_in_two_taps(page):
    page.goto("/")
    page.get_by_role("link", name="Baca panduan").click()
    expect(page).to_have_url(re.compile(r"/panduan/$"))
    page.get_by_role("link", name="Besar iuran BPJS Kesehatan per kelas").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Besar iuran BPJS Kesehatan per kelas")
    expect(page.get_by_role("cell", name="Rp150.000")).to_be_visible()


def test_search_and_open_a_result(page):
    page.goto("/")
    page.get_by_label("Cari panduan").fill("mengaktifkan")
    page.get_by_role("button", name="Cari").click()
    expect(page).to_have_url(re.compile(r"/cari\?q=mengaktifkan"))
    results = page.locator("#hasil")
    expect(results.locator("mark").first).to_be_visible()
    results.get_by_role("link", name="Mendaftar dan mengaktifkan lewat Mobile JKN").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mendaftar dan mengaktifkan lewat Mobile JKN")


def test_search_results_follow_typing_with_htmx(js_page):
    js_page.goto("/cari")
    box = js_page.get_by_label("Cari panduan")
    box.press_sequentially("tunggakan", delay=30)
    result = js_page.locator("#hasil").get_by_role("link", name="Tunggakan dan cara mengaktifkan kembali")
    expect(result).to_be_visible()
    expect(js_page).to_have_url(re.compile(r"/cari\?q=tunggakan"))  # the URL follows
    box.fill("xylofonzzz")
    box.dispatch_event("input")
    expect(js_page.locator("#hasil")).to_contain_text("Belum ada panduan")
    assert js_page.locator("h1").count() == 1  # only the fragment was swapped in


def test_answer_the_feedback_question(page):
    page.goto("/panduan/aktivasi-lewat-pandawa")
    page.get_by_label("Ada saran untuk halaman ini? (opsional)").fill("Tambahkan nomor cabang Bandung")
    page.get_by_role("button", name="Ya", exact=True).click()
    expect(page.get_by_role("heading", name="Terima kasih atas masukan Anda")).to_be_visible()
    expect(page).to_have_url(re.compile(r"umpan-balik=terkirim#umpan-balik$"))


GUIDE_FILES = (Path(__file__).resolve().parents[2] / "content" / "guides").glob("*.md")
GUIDES = sorted(f"/panduan/{path.stem}" for path in GUIDE_FILES)
PAGES = [
    "/",
    "/panduan/",
    *GUIDES,  # every guide: a wide table or a long word must not make a page scroll sideways
    "/cari",
    "/cari?q=iuran",
    "/cari?q=xylofonzzz",
    "/halaman-yang-tidak-ada",
    "/daftar/",
    "/tentang",
    "/status",
    "/bantuan/belum-aktif",
]


@pytest.mark.parametrize("path", PAGES)
def test_no_accessibility_violations(js_page, path):
    js_page.goto(path)
    assert axe_violations(js_page) == []


def test_no_accessibility_violations_when_feedback_has_an_error(js_page):
    js_page.goto("/panduan/tips-aktivasi-lancar")
    js_page.get_by_label("Ada saran untuk halaman ini? (opsional)").fill("x" * 600)
    js_page.get_by_role("button", name="Tidak", exact=True).click()
    expect(js_page.locator(".error-summary")).to_be_visible()
    assert axe_violations(js_page) == []


def test_readable_at_320_pixels_without_sideways_scrolling(browser, live_server):
    context = browser.new_context(base_url=live_server, viewport={"width": 320, "height": 640})
    page = context.new_page()
    for path in ("/", *GUIDES, "/cari?q=iuran"):
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, path
        wide = page.evaluate("[...document.querySelectorAll('table')]"
                             ".filter(t => t.scrollWidth > t.clientWidth).length")
        assert wide == 0, path  # a table that scrolls sideways hides columns
    context.close()


def test_at_360_pixels_tables_fit_with_their_words_whole(browser, live_server):
    """On a common phone no table needs to break a word: every cell is at least as wide as its longest word."""
    context = browser.new_context(base_url=live_server, viewport={"width": 360, "height": 740})
    page = context.new_page()
    for path in GUIDES:
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, path
        broken = page.evaluate("""[...document.querySelectorAll('.prose td, .prose th')].filter(cell => {
            const probe = document.createElement('span');
            probe.style.cssText = 'position:absolute;visibility:hidden;white-space:nowrap;font:inherit';
            cell.appendChild(probe);
            const longest = Math.max(0, ...cell.textContent.split(/[\\s\\u2013\\u2014\\/-]+/).map(word => {
                probe.textContent = word; return probe.getBoundingClientRect().width; }));
            probe.remove();
            const style = getComputedStyle(cell);
            return longest > cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) + 1;
        }).map(cell => cell.textContent.trim().slice(0, 40))""")
        assert broken == [], (path, broken)
    context.close()


def test_htmx_works_under_the_content_security_policy(js_page):
    refused = []
    js_page.on("console", lambda message: refused.append(message.text)
               if "Content Security Policy" in message.text else None)
    js_page.goto("/cari")
    js_page.get_by_label("Cari panduan").press_sequentially("iuran", delay=30)
    expect(js_page.locator("#hasil").get_by_role("link").first).to_be_visible()
    js_page.goto("/daftar/jalur")
    js_page.get_by_label("Mengaktifkan kembali kepesertaan mandiri yang menunggak").check()
    js_page.get_by_role("button", name="Lanjutkan").click()
    expect(js_page).to_have_url(re.compile(r"/daftar/kategori$"))
    assert refused == []
