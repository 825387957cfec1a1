"""With JavaScript on, every answer that is not a success shows the person a notice in place,
in Indonesian, with what they typed kept: a post too big (413), too many submissions (429),
a fault in our code (500), a database outage (503), no connection at all, and an answer
that comes too late (htmx's timeout). After a step is swapped in, focus and the
view move the way a new page would."""
import pytest
from playwright.sync_api import expect
from sqlalchemy import text

from blueprints.apply.models import ApplicationNik
from extensions import db
from tests.browser.conftest import serve
from tests.browser.test_apply_browser import card_step, fill_birth_date, heading, next_page, remaining_steps, start
from tests.browser.test_apply_new_browser import photo_files, register  # noqa: F401  (photo_files: fixture)


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    """A server with a small photo limit, two submissions a minute and a short wait for answers, so the
    errors come for real; faults are handled as in production (not raised into the test)."""
    yield from serve(tmp_path_factory.mktemp("errors"), PHOTO_MAX_BYTES=50_000,  # even shrunk photos: 413
                     SUBMIT_RATE_LIMIT="2 per minute", HTMX_TIMEOUT_MS=TIMEOUT_MS, PROPAGATE_EXCEPTIONS=False)


TIMEOUT_MS = 5000


def notice(page):
    return page.locator("#galat-kiriman [role=alert]")


def focused_within(page, selector) -> bool:
    return page.evaluate("(s) => !!document.activeElement.closest(s)", selector)


def to_check_page(page):
    start(page)
    card_step(page)
    remaining_steps(page)


def test_the_next_step_takes_focus_and_an_error_summary_comes_first(js_page):
    start(js_page)
    js_page.mouse.wheel(0, 600)
    next_page(js_page)  # nothing filled in
    expect(js_page.locator(".error-summary")).to_be_visible()
    assert focused_within(js_page, ".error-summary") and js_page.evaluate("window.scrollY") == 0
    card_step(js_page)
    assert focused_within(js_page, "h1") and js_page.evaluate("window.scrollY") == 0


def test_no_connection_says_so_and_keeps_what_was_typed(js_page):
    to_check_page(js_page)
    js_page.get_by_role("link", name="Ubah Nomor HP").click()
    heading(js_page, "Bagaimana kami menghubungi Anda?")
    js_page.get_by_label("Nomor HP").fill("0811 1111 2222")
    js_page.context.set_offline(True)
    next_page(js_page)
    expect(notice(js_page)).to_contain_text("Tidak ada jawaban dari situs kami")
    assert focused_within(js_page, "#galat-kiriman")
    expect(js_page.get_by_label("Nomor HP")).to_have_value("0811 1111 2222")
    js_page.context.set_offline(False)
    next_page(js_page)
    heading(js_page, "Periksa jawaban Anda")
    expect(notice(js_page)).to_have_count(0)  # the notice goes once the next page came


def fill_card(page):
    page.get_by_label("Nomor kartu JKN").fill("0001 9443 58911")
    page.get_by_label("NIK").fill("3171 0117 0885 0001")
    fill_birth_date(page, "17", "8", "1985")


def test_a_fault_in_our_code_is_explained_in_place_and_nothing_typed_is_lost(js_page, live):
    start(js_page)
    fill_card(js_page)
    step = live.app.view_functions["apply.step"]

    def broken(**kwargs):
        raise RuntimeError("a bug in the step view")

    live.app.view_functions["apply.step"] = broken
    try:
        next_page(js_page)
        expect(notice(js_page)).to_contain_text("Maaf, ada gangguan di situs kami")
        expect(notice(js_page)).to_contain_text("Kesalahan ini ada di pihak kami")
    finally:
        live.app.view_functions["apply.step"] = step
    assert focused_within(js_page, "#galat-kiriman")
    expect(js_page.get_by_label("NIK")).to_have_value("3171 0117 0885 0001")
    next_page(js_page)
    heading(js_page, "Kapan terakhir Anda membayar iuran?")


def test_an_answer_that_comes_too_late_is_explained_and_the_page_stays(js_page):
    start(js_page)
    fill_card(js_page)
    network = js_page.context.new_cdp_session(js_page)
    network.send("Network.enable")
    network.send("Network.emulateNetworkConditions", {"offline": False, "latency": 2 * TIMEOUT_MS,
                                                       "downloadThroughput": -1, "uploadThroughput": -1})
    next_page(js_page)
    expect(notice(js_page)).to_contain_text("Tidak ada jawaban dari situs kami", timeout=TIMEOUT_MS + 5000)
    expect(js_page.get_by_label("Nomor kartu JKN")).to_have_value("0001 9443 58911")
    network.send("Network.emulateNetworkConditions", {"offline": False, "latency": 0,
                                                       "downloadThroughput": -1, "uploadThroughput": -1})
    next_page(js_page)
    heading(js_page, "Kapan terakhir Anda membayar iuran?")


def test_a_post_too_big_is_explained_in_place_with_the_photos_still_chosen(page, photo_files):  # noqa: F811
    if not page.js_enabled:
        pytest.skip("without JavaScript the browser shows the 413 page; tests/test_notices.py covers it")
    with pytest.raises(AssertionError):  # three camera photos at once are over this server's limit
        register(page, photo_files)
    heading(page, "Foto dokumen")
    expect(notice(page)).to_contain_text("Kiriman terlalu besar")
    assert focused_within(page, "#galat-kiriman")
    assert page.evaluate("document.getElementById('ktp').files.length") == 1  # still chosen, nothing lost


def test_an_outage_and_too_many_submissions_are_explained_in_place(new_page, live):
    first, second = new_page(), new_page()
    to_check_page(first)
    to_check_page(second)
    with live.app.app_context():
        db.session.execute(text("DROP TABLE application_niks"))
        db.session.commit()
    try:
        first.get_by_role("button", name="Kirim permohonan").click()
        expect(notice(first)).to_contain_text("Situs sedang terganggu")
        expect(first.get_by_role("button", name="Kirim permohonan")).to_be_enabled()
    finally:
        with live.app.app_context():
            ApplicationNik.__table__.create(db.engine)
    first.get_by_role("button", name="Kirim permohonan").click()  # the database is back: it goes through
    heading(first, "Permohonan terkirim")
    second.get_by_role("button", name="Kirim permohonan").click()  # the third press in a minute from here
    expect(notice(second)).to_contain_text("Terlalu banyak permintaan")
    heading(second, "Periksa jawaban Anda")


@pytest.mark.parametrize("status, body, content_type", [
    (500, "", "text/html"),
    (429, "", "text/html"),
    (502, "<html><head><title>502 Bad Gateway</title></head><body><center>502 Bad Gateway</center>nginx</body></html>",
     "text/html"),
    (429, '{"error":"rate limited"}', "application/json"),
])
def test_an_error_answer_that_is_not_ours_still_says_something_plain(js_page, status, body, content_type):
    """A proxy or a load balancer in front of the site may answer with its own page, or none at all."""
    js_page.goto("/bantuan/belum-aktif/kategori")
    js_page.route("**/bantuan/belum-aktif/kategori",
                  lambda route: route.fulfill(status=status, body=body, content_type=content_type)
                  if route.request.method == "POST" else route.continue_())
    js_page.get_by_label("Bayi baru lahir", exact=True).check()
    js_page.get_by_role("button", name="Lanjutkan").click()
    expect(notice(js_page)).to_contain_text("Maaf, ada gangguan")
    expect(notice(js_page)).not_to_contain_text("nginx")
    expect(js_page).to_have_title("Anda terdaftar sebagai peserta apa? – JKN Mudah")
    expect(js_page.get_by_label("Bayi baru lahir", exact=True)).to_be_checked()
    assert focused_within(js_page, "#galat-kiriman")
