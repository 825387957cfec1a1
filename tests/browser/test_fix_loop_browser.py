"""Both sides of the fix loop in real Chromium, JavaScript on and off, on a 360 px phone: a family
registers; an officer signs in with password + TOTP, finds it, starts verifying and asks for a
new photo of the KK; the family looks it up on /status, opens only that step, sends a new photo
and "Kirim perbaikan"; the officer sees what changed, marks it waiting for payment, then active;
/status shows each state and its next step. axe checks the applicant's fix pages too."""
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations
from tests.browser.test_apply_browser import heading, next_page
from tests.browser.test_apply_new_browser import photo_files, register  # noqa: F401  (fixture)
from tests.browser.test_desk_browser import sign_in

NOTE = "Foto KK terpotong di bagian bawah; foto ulang seluruh halaman."
VA = "8888801234567890"


def look_up(page, reference):
    """/status with the reference and the applicant's birth date, as the family types them."""
    page.goto("/status")
    page.get_by_label("Nomor referensi").fill(reference.lower())
    page.get_by_label("Tanggal", exact=True).fill("17")
    page.get_by_label("Bulan").fill("8")
    page.get_by_label("Tahun").fill("1985")
    page.get_by_role("button", name="Cek status").click()
    heading(page, "Status permohonan")


def test_an_officer_asks_for_a_fix_the_family_sends_it_and_the_card_becomes_active(page, new_page, live,
                                                                                   photo_files):  # noqa: F811
    def check(name, on=None):
        if page.js_enabled:
            assert axe_violations(on or page) == [], name

    register(page, photo_files)
    reference = page.locator(".reference").inner_text()
    desk = new_page(javascript=page.js_enabled)
    sign_in(desk, live)
    desk.get_by_label("Nomor referensi atau NIK").fill(reference)
    desk.get_by_role("button", name="Cari").click()
    heading(desk, f"Permohonan {reference}")
    desk.get_by_role("button", name="Mulai verifikasi").click()
    heading(desk, f"Permohonan {reference}")
    desk.get_by_role("checkbox", name="Foto dokumen").check()
    desk.get_by_label("Apa yang perlu diperbaiki: Foto dokumen").fill(NOTE)
    desk.get_by_role("button", name="Minta perbaikan").click()
    expect(desk.get_by_text("Menunggu perbaikan dari pemohon")).to_be_visible()
    check("meja petugas, menunggu perbaikan", desk)

    look_up(page, reference)
    expect(page.locator(".amount").first).to_have_text("Perlu perbaikan")
    expect(page.get_by_text(NOTE)).to_be_visible()
    check("status, perlu perbaikan")
    page.get_by_role("button", name="Perbaiki data").click()
    heading(page, "Foto dokumen")
    expect(page.get_by_role("status").filter(has_text=NOTE)).to_be_visible()
    expect(page.locator(".progress")).to_have_count(0)  # no "Langkah 9 dari 10" on a fix
    check("perbaikan, foto dokumen")
    page.locator("input[name=kk]").set_input_files(photo_files["kk"])
    next_page(page)
    heading(page, "Periksa perbaikan Anda")
    expect(page.get_by_role("link", name="Ubah Nomor HP")).to_have_count(0)  # only the step sent back opens
    check("periksa perbaikan")
    page.get_by_role("button", name="Kirim perbaikan").click()
    heading(page, "Perbaikan terkirim")
    expect(page.locator(".reference")).to_have_text(reference)
    check("perbaikan terkirim")
    look_up(page, reference)
    expect(page.locator(".amount").first).to_have_text("Sedang diverifikasi")

    desk.reload()
    expect(desk.get_by_role("heading", name="Yang diubah pemohon pada perbaikan terakhir")).to_be_visible()
    expect(desk.get_by_role("cell", name="foto baru")).to_be_visible()
    check("meja petugas, yang diubah", desk)
    desk.get_by_label("Nomor virtual account").fill("8888 8012 3456 7890")
    desk.get_by_label("Jumlah yang harus dibayar (Rp)").fill("Rp200.000")
    desk.get_by_role("button", name="Tandai menunggu pembayaran").click()
    expect(desk.get_by_text("“Sedang diverifikasi” menjadi “Menunggu pembayaran”")).to_be_visible()

    look_up(page, reference)
    expect(page.get_by_text("8888 8012 3456 7890")).to_be_visible()
    expect(page.get_by_text("Jumlah: Rp200.000")).to_be_visible()
    check("status, menunggu pembayaran")

    desk.get_by_role("button", name="Tandai aktif").click()
    expect(desk.get_by_text("Permohonan ini sudah selesai: Aktif.")).to_be_visible()
    look_up(page, reference)
    expect(page.get_by_text("Kepesertaan Anda aktif.")).to_be_visible()
