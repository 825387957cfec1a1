"""The reactivation journey in real Chromium, with JavaScript on and off."""
import re
import threading
import time

from playwright.sync_api import expect
from sqlalchemy import func, select

from blueprints.apply.models import Application
from extensions import db
from tests.browser.conftest import axe_violations


def fill_birth_date(page, day, month, year):
    page.get_by_label("Tanggal", exact=True).fill(day)
    page.get_by_label("Bulan", exact=True).fill(month)
    page.get_by_label("Tahun", exact=True).fill(year)


def next_page(page):
    page.get_by_role("button", name="Lanjutkan").click()


def heading(page, text):
    """Wait for the page (or the step htmx swapped in) to be there and ready, as a person would see it."""
    expect(page.get_by_role("heading", level=1)).to_have_text(text)
    if page.js_enabled:  # htmx wires up new content once it has settled (20 ms after the swap)
        page.wait_for_function("() => !document.querySelector('.htmx-settling, .htmx-swapping, .htmx-request')")


def start(page):
    page.goto("/daftar/")
    page.get_by_role("link", name="Mulai sekarang").click()
    page.get_by_label("Mengaktifkan kembali kepesertaan mandiri yang menunggak").check()
    next_page(page)
    heading(page, "Kepesertaan Anda")  # asked first: a worker or a PBI member is told where to go
    page.get_by_label(re.compile(r"^Peserta mandiri \(membayar iuran sendiri: pekerja bukan penerima upah")).check()
    page.get_by_label("Kelas III").check()
    page.get_by_label("Jumlah anggota keluarga di kartu ini").fill("3")
    next_page(page)
    heading(page, "Kartu JKN dan identitas Anda")


def card_step(page):
    page.get_by_label("Nomor kartu JKN").fill("0001 9443 58911")
    page.get_by_label("NIK").fill("3171 0117 0885 0001")
    fill_birth_date(page, "17", "8", "1985")
    next_page(page)
    heading(page, "Kapan terakhir Anda membayar iuran?")


def remaining_steps(page, check=lambda name: None):
    check("tunggakan")
    page.get_by_label("Bulan", exact=True).select_option(label="Maret")
    page.get_by_label("Tahun", exact=True).fill("2025")
    next_page(page)
    heading(page, "Bagaimana kami menghubungi Anda?")
    check("kontak")
    page.get_by_label("Nomor HP").fill("0812-3456-7890")
    next_page(page)
    heading(page, "Persetujuan penggunaan data")
    check("persetujuan")
    page.get_by_label("Saya setuju").check()
    next_page(page)
    heading(page, "Periksa jawaban Anda")


def applications(live):
    with live.app.app_context():
        return db.session.scalar(select(func.count()).select_from(Application))


def test_reactivation_with_an_error_a_change_and_a_double_submit(page, live):
    start(page)
    page.get_by_label("Nomor kartu JKN").fill("0001 9443 58911")
    page.get_by_label("NIK").fill("3171 0117 0885 000")  # one digit short
    fill_birth_date(page, "17", "8", "1985")
    next_page(page)
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("NIK harus 16 angka; yang Anda masukkan 15 angka.")
    expect(page).to_have_title(re.compile("^Kesalahan:"))
    expect(page.get_by_label("Nomor kartu JKN")).to_have_value("0001 9443 58911")  # kept
    summary.get_by_role("link", name=re.compile("NIK harus")).click()
    expect(page.get_by_label("NIK")).to_be_focused()
    page.get_by_label("NIK").fill("3171 0117 0885 0001")
    next_page(page)
    heading(page, "Kapan terakhir Anda membayar iuran?")
    if page.js_enabled:
        expect(page).to_have_url(re.compile(r"/daftar/tunggakan$"))  # htmx pushed the step's URL
    remaining_steps(page)
    expect(page.locator(".amount")).to_have_text(re.compile(r"^Rp[\d.]+$"))

    page.get_by_role("link", name="Ubah Nomor HP").click()
    expect(page.get_by_label("Nomor HP")).to_have_value("0812-3456-7890")
    page.get_by_label("Nomor HP").fill("+62 811 1111 2222")
    next_page(page)
    heading(page, "Periksa jawaban Anda")
    expect(page.get_by_text("+62 811 1111 2222")).to_be_visible()  # shown back in full to its owner

    before = applications(live)
    page.get_by_role("button", name="Kirim permohonan").dblclick()
    heading(page, "Permohonan terkirim")
    expect(page.locator(".reference")).to_have_text(re.compile(r"^[A-Z0-9]{4}-[A-Z0-9]{4}$"))
    assert applications(live) == before + 1


def test_a_slow_press_on_lanjutkan_after_a_fix_is_not_lost(js_page):
    """The press moves the focus out of the fixed box; had its check answered before the finger lifted, the
    message leaving the summary would move the button from under the finger and the press would be lost."""
    start(js_page)
    js_page.get_by_label("Nomor kartu JKN").fill("0001 9443 58911")
    js_page.get_by_label("NIK").fill("3171 0117 0885 000")
    fill_birth_date(js_page, "17", "8", "1985")
    next_page(js_page)
    expect(js_page.get_by_role("alert")).to_contain_text("NIK harus 16 angka")
    js_page.get_by_label("NIK").fill("3171 0117 0885 0001")
    button = js_page.get_by_role("button", name="Lanjutkan")
    button.scroll_into_view_if_needed()
    box = button.bounding_box()
    js_page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    js_page.mouse.down()
    js_page.wait_for_timeout(600)  # an unhurried press, long enough for a check to come back
    js_page.mouse.up()
    heading(js_page, "Kapan terakhir Anda membayar iuran?")


def test_nik_and_phone_are_checked_when_they_change(js_page):
    start(js_page)
    js_page.get_by_label("NIK").fill("3171 0117")
    js_page.get_by_label("NIK").press("Tab")
    expect(js_page.get_by_text("NIK harus 16 angka; yang Anda masukkan 8 angka.")).to_be_visible()
    js_page.get_by_label("NIK").fill("3171 0117 0885 0001")
    js_page.get_by_label("NIK").press("Tab")
    expect(js_page.locator(".field-error")).to_have_count(0)


def test_an_inline_check_keeps_the_error_summary_in_step_with_the_field(js_page):
    start(js_page)
    next_page(js_page)  # nothing filled in: every field is listed
    summary = js_page.locator(".error-summary")
    expect(summary.get_by_role("link", name="Masukkan NIK.")).to_be_visible()
    nik = js_page.get_by_label("NIK")
    nik.fill("3171 0117")
    nik.press("Tab")
    expect(summary.get_by_role("link", name="NIK harus 16 angka; yang Anda masukkan 8 angka.")).to_be_visible()
    expect(nik).to_have_attribute("aria-describedby", re.compile(r"\bnik-galat\b"))
    nik.fill("3171 0117 0885 0001")
    nik.press("Tab")
    expect(summary.get_by_role("link", name=re.compile("NIK"))).to_have_count(0)  # fixed: no longer listed
    expect(summary.get_by_role("link", name=re.compile("tanggal lahir", re.IGNORECASE))).to_have_count(1)
    expect(js_page.locator(".field:has(#nik)")).not_to_have_class(re.compile(r"\bhas-error\b"))
    expect(nik).not_to_have_attribute("aria-describedby", re.compile(r"\bnik-galat\b"))


def test_a_slow_check_never_overwrites_what_is_being_typed(js_page, live):
    start(js_page)
    check = live.app.view_functions["apply.check_field"]
    answered = threading.Event()

    def slowly(**kwargs):  # the check's answer comes late, as on a slow network
        time.sleep(1.5)
        try:
            return check(**kwargs)
        finally:
            answered.set()

    live.app.view_functions["apply.check_field"] = slowly
    try:
        nik = js_page.get_by_label("NIK")
        nik.fill("3171 0117")
        nik.press("Tab")  # the check goes off
        nik.fill("3171 0117 0885 0001")  # and the person goes on typing before it answers
        assert not answered.is_set()
        expect(js_page.get_by_text("NIK harus 16 angka; yang Anda masukkan 8 angka.")).to_be_visible()
    finally:
        live.app.view_functions["apply.check_field"] = check
    expect(nik).to_have_value("3171 0117 0885 0001")


def test_resume_in_a_fresh_browser(new_page):
    page = new_page()
    start(page)
    card_step(page)
    code = re.search(r"([A-Z0-9]{4}-[A-Z0-9]{4})", page.locator(".resume h2").inner_text()).group(1)

    elsewhere = new_page(javascript=False)
    elsewhere.goto("/daftar/lanjutkan")
    elsewhere.get_by_label("Kode untuk melanjutkan").fill(code.lower())
    fill_birth_date(elsewhere, "17", "8", "1985")
    next_page(elsewhere)
    heading(elsewhere, "Kapan terakhir Anda membayar iuran?")
    elsewhere.get_by_role("link", name="Kembali").click()
    expect(elsewhere.get_by_label("NIK")).to_have_value("3171 0117 0885 0001")


def test_status_after_submitting(new_page):
    page = new_page()
    start(page)
    card_step(page)
    remaining_steps(page)
    page.get_by_role("button", name="Kirim permohonan").click()
    reference = page.locator(".reference").inner_text()
    page.get_by_role("link", name="mengecek status").click()
    page.get_by_label("Nomor referensi").fill(reference)
    fill_birth_date(page, "17", "8", "1985")
    page.get_by_role("button", name="Cek status").click()
    expect(page.locator(".amount")).to_have_text("Diterima")


def test_no_accessibility_violations_on_any_step(js_page):
    pages = []

    def check(name):
        violations = axe_violations(js_page)
        pages.append(name)
        assert violations == [], name

    js_page.goto("/daftar/")
    check("start")
    start(js_page)
    check("kartu")
    next_page(js_page)  # empty: every error at once
    expect(js_page.get_by_role("alert")).to_be_visible()
    check("kartu with errors")
    card_step(js_page)
    check("kategori")
    remaining_steps(js_page, check)
    check("periksa")
    js_page.get_by_role("button", name="Kirim permohonan").click()
    heading(js_page, "Permohonan terkirim")
    check("selesai")
    for path in ("/daftar/lanjutkan", "/status", "/daftar/jalur"):
        js_page.goto(path)
        check(path)


def test_a_worker_learns_at_once_where_the_card_is_reactivated(page):
    page.goto("/daftar/jalur")
    page.get_by_label("Mengaktifkan kembali kepesertaan mandiri yang menunggak").check()
    next_page(page)
    heading(page, "Kepesertaan Anda")
    page.get_by_label("Pekerja yang didaftarkan kantor (PPU)").check()
    next_page(page)
    heading(page, "Kepesertaan Anda diurus di tempat lain")
    expect(page.get_by_text("paling lama 6 bulan sejak PHK")).to_be_visible()
    assert not page.js_enabled or axe_violations(page) == []
    page.get_by_role("link", name="Salah pilih? Ubah jenis kepesertaan").click()
    heading(page, "Kepesertaan Anda")
