"""The "Masih belum aktif?" checklist in real Chromium, with JavaScript on and off."""
import re

from playwright.sync_api import expect

from blueprints.troubleshoot.checklist import DONE, FAILED
from tests.browser.conftest import axe_violations
from tests.checklist_ways import way_to


def answer(page, label):
    """Pick an answer by its whole label (a part could match the step before, still on screen under htmx)."""
    page.get_by_label(label, exact=isinstance(label, str)).check()
    page.get_by_role("button", name="Lanjutkan").click()


def press(page, button):
    page.get_by_role("button", name=button).click()


def outcome(page, title):
    expect(page.get_by_role("heading", level=1)).to_have_text(title)


def begin(page):
    page.goto("/")
    page.get_by_role("link", name="Sudah bayar, kartu masih belum aktif?").click()
    page.get_by_role("link", name="Mulai").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Anda terdaftar sebagai peserta apa?")


def long_time_member(page):
    answer(page, "Peserta mandiri (membayar iuran sendiri)")
    answer(page, "Tidak, saya sudah pernah aktif atau sudah membayar iuran pertama")
    answer(page, "Tidak")


def test_paid_more_than_a_day_ago_leads_to_contacting_bpjs(page):
    begin(page)
    long_time_member(page)
    answer(page, "Sudah")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kapan Anda membayar?")
    page.get_by_label("Saya tidak ingat").check()
    press(page, "Lanjutkan")
    answer(page, re.compile("^Berhasil, dan nomor virtual account-nya sama"))
    answer(page, re.compile("^Ya, sesuai jumlah tagihan"))
    press(page, "Sudah, status masih nonaktif")
    press(page, "Semuanya cocok, kartu masih nonaktif")
    answer(page, "Tidak, atau belum pernah bertanya")
    outcome(page, "Hubungi BPJS Kesehatan")
    summary = page.get_by_label(re.compile("^Salin teks ini"))
    expect(summary).to_have_value(re.compile("- Jenis peserta: peserta mandiri\n"))
    expect(summary).to_have_value(re.compile("- Saya sudah memeriksa semua yang bisa saya periksa sendiri.$"))


def test_paid_this_morning_says_by_when_it_usually_counts(page):
    begin(page)
    long_time_member(page)
    answer(page, "Sudah")
    page.get_by_label(re.compile("^Hari ini")).check()
    page.get_by_label("Jam berapa, kira-kira?").fill("00.01")
    press(page, "Lanjutkan")
    outcome(page, "Tunggu sampai pembayaran tercatat")
    expect(page.get_by_text(re.compile("Biasanya kartu sudah aktif sebelum .* pukul 00.01"))).to_be_visible()


def test_a_time_typed_wrong_is_explained_and_kept(page):
    begin(page)
    long_time_member(page)
    answer(page, "Sudah")
    page.get_by_label(re.compile("^Kemarin")).check()
    page.get_by_label("Jam berapa, kira-kira?").fill("sore")
    press(page, "Lanjutkan")
    expect(page.get_by_role("alert")).to_contain_text("Tulis jamnya seperti 14.30")
    expect(page.get_by_label("Jam berapa, kira-kira?")).to_have_value("sore")
    expect(page.get_by_label(re.compile("^Kemarin"))).to_be_checked()


def test_a_worker_laid_off_keeps_cover_for_six_months(page):
    begin(page)
    answer(page, "Pekerja yang didaftarkan kantor (PPU)")
    answer(page, "Saya terkena PHK (diberhentikan oleh kantor)")
    outcome(page, "Manfaat JKN tetap berlaku sampai 6 bulan setelah PHK")
    page.get_by_role("link", name="Baca panduannya").click()
    expect(page).to_have_url(re.compile(r"/panduan/dari-pekerja-ke-mandiri-dan-phk$"))


def test_a_worker_who_resigned(page):
    begin(page)
    answer(page, "Pekerja yang didaftarkan kantor (PPU)")
    answer(page, "Saya berhenti atas kemauan sendiri (resign) atau kontrak selesai")
    answer(page, "Belum")
    outcome(page, "Pindah menjadi peserta mandiri, atau minta kantor baru mendaftarkan Anda")
    page.get_by_role("link", name="Lanjut ke formulir di situs ini").click()
    expect(page).to_have_url(re.compile(r"/daftar/$"))


def test_pbi_then_back_and_change_the_answer(page):
    begin(page)
    answer(page, "Iuran dibayar pemerintah pusat (PBI)")
    press(page, "Saya sudah tidak terdaftar")
    outcome(page, "Kepesertaan PBI Anda nonaktif")
    page.get_by_role("link", name="Kembali").click()
    page.get_by_role("link", name="Kembali").click()
    expect(page.get_by_label("Iuran dibayar pemerintah pusat (PBI)")).to_be_checked()
    long_time_member(page)
    answer(page, "Belum, atau tidak yakin")
    answer(page, "Tidak, keluarga kami tidak mampu membayarnya")
    outcome(page, "Tanyakan dulu apakah Anda bisa dibantu")


def test_progress_survives_a_reload(page):
    begin(page)
    long_time_member(page)
    answer(page, "Sudah")
    expect(page).to_have_url(re.compile(r"/bantuan/belum-aktif/kapan_bayar$"))
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kapan Anda membayar?")
    page.goto("/bantuan/belum-aktif")
    page.get_by_role("link", name="Lanjutkan dari langkah terakhir").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kapan Anda membayar?")


def test_no_accessibility_violations_on_any_kind_of_step(js_page):
    js_page.goto("/bantuan/belum-aktif")
    assert axe_violations(js_page) == []
    begin(js_page)
    assert axe_violations(js_page) == [], "question"
    js_page.get_by_role("button", name="Lanjutkan").click()
    expect(js_page.get_by_role("alert")).to_be_visible()
    assert axe_violations(js_page) == [], "question with an error"
    long_time_member(js_page)
    answer(js_page, "Sudah")
    assert axe_violations(js_page) == [], "time"
    press(js_page, "Lanjutkan")
    expect(js_page.get_by_role("alert")).to_be_visible()
    assert axe_violations(js_page) == [], "time with an error"
    js_page.get_by_label("Saya tidak ingat").check()
    press(js_page, "Lanjutkan")
    answer(js_page, re.compile("^Berhasil, dan nomor"))
    answer(js_page, re.compile("^Ya, sesuai"))
    assert axe_violations(js_page) == [], "check"
    press(js_page, "Saya tidak bisa masuk ke Mobile JKN")
    press(js_page, "Ada yang berbeda atau KK baru berubah")
    outcome(js_page, "Perbarui data kependudukan di Disdukcapil")
    assert axe_violations(js_page) == [], "outcome"


def test_no_accessibility_violations_on_every_step(js_page, live):
    """Walk to each step of the checklist by its shortest path and check it with axe."""
    checklist = live.app.extensions["content"].current().checklist
    for name in checklist.steps:
        route = way_to(checklist, name)
        js_page.goto("/bantuan/belum-aktif")
        if js_page.get_by_role("button", name="Mulai ulang").count():
            js_page.get_by_role("button", name="Mulai ulang").click()
        for earlier, value in route:
            js_page.goto(f"/bantuan/belum-aktif/{earlier}")
            if value in (DONE, FAILED):
                js_page.locator(f'button[name="pilihan"][value="{value}"]').click()
            elif "@" in value:  # a time step: soon is "today, just after midnight", late "I do not remember"
                if value.startswith("0@"):
                    js_page.get_by_label(re.compile("^Hari ini")).check()
                    js_page.get_by_label("Jam berapa, kira-kira?").fill("00.01")
                else:
                    js_page.get_by_label("Saya tidak ingat").check()
                js_page.get_by_role("button", name="Lanjutkan").click()
            else:
                js_page.locator(f'input[name="pilihan"][value="{value}"]').check()
                js_page.get_by_role("button", name="Lanjutkan").click()
            js_page.wait_for_url(re.compile(rf"/bantuan/belum-aktif/(?!{earlier}$)"))
        js_page.goto(f"/bantuan/belum-aktif/{name}")
        expect(js_page).to_have_url(re.compile(f"/bantuan/belum-aktif/{name}$"))
        assert axe_violations(js_page) == [], name
