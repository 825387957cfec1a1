"""The desk in real Chromium, JavaScript on and off: an officer signs in with password and a
code from an authenticator app set up by its QR code's key, finds an application by NIK, opens
it with its photos and starts verifying it; axe finds nothing on any desk page."""
import re

import pyotp
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations
from tests.browser.test_apply_browser import heading
from tests.browser.test_apply_new_browser import photo_files, register  # noqa: F401  (fixture)
from tests.test_desk import EMAIL, PASSWORD


def sign_in(page, live, check=lambda name: None, email=EMAIL, role="petugas"):
    runner = live.app.test_cli_runner()
    added = runner.invoke(args=["staff", "add", email, "--role", role, "--password", PASSWORD])
    assert added.exit_code == 0 or "already has an account" in added.output, added.output  # one account per server
    runner.invoke(args=["staff", "reset-2fa", email])  # each test sets the code up from the start
    page.goto("/petugas/")
    heading(page, "Masuk petugas")
    check("masuk")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Lanjutkan").click()
    heading(page, "Kode masuk")
    check("kode")
    secret = page.locator("code.secret").inner_text().replace(" ", "")
    page.get_by_label("Kode 6 angka dari aplikasi autentikator").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Masuk").click()
    heading(page, "Antrean permohonan")
    check("antrean")


def test_an_officer_signs_in_finds_an_application_by_nik_and_sees_its_photos(page, live, photo_files):  # noqa: F811
    register(page, photo_files)
    reference = page.locator(".reference").inner_text()
    sign_in(page, live)
    page.get_by_label("Nomor referensi atau NIK").fill("3171 0117 0885 0001")
    page.get_by_role("button", name="Cari").click()
    heading(page, "Hasil pencarian")
    assert "3171" not in page.url  # the NIK went in the POST, not the address
    page.get_by_role("link", name=reference).click()
    heading(page, f"Permohonan {reference}")
    expect(page.get_by_text("Budi Santoso", exact=True).first).to_be_visible()
    photo = page.get_by_role("img", name=re.compile(f"^foto KTP, permohonan {reference}"))
    expect(photo).to_be_visible()
    assert page.evaluate("(img) => img.naturalWidth", photo.element_handle()) > 0
    page.get_by_role("button", name="Mulai verifikasi").click()
    heading(page, f"Permohonan {reference}")
    expect(page.get_by_text("“Diterima” menjadi “Sedang diverifikasi”")).to_be_visible()
    expect(page.get_by_role("button", name="Tandai menunggu pembayaran")).to_be_visible()
    page.get_by_role("button", name="Keluar").click()
    heading(page, "Masuk petugas")
    page.goto(f"/petugas/permohonan/{reference}")
    heading(page, "Masuk petugas")  # signed out: nothing of the application shows


def test_no_accessibility_violations_on_the_desk(js_page, live, photo_files):  # noqa: F811
    register(js_page, photo_files)
    reference = js_page.locator(".reference").inner_text()

    def check(name):
        assert axe_violations(js_page) == [], name

    sign_in(js_page, live, check)
    js_page.get_by_label("Nomor referensi atau NIK").fill("3273 0125 0690 0003")
    js_page.get_by_role("button", name="Cari").click()
    heading(js_page, "Hasil pencarian")
    check("hasil pencarian, tidak ada")
    js_page.goto(f"/petugas/permohonan/{reference}")
    heading(js_page, f"Permohonan {reference}")
    check("permohonan")
    js_page.get_by_role("button", name="Mulai verifikasi").click()
    heading(js_page, f"Permohonan {reference}")
    js_page.get_by_role("button", name="Minta perbaikan").click()  # nothing picked: the errors
    expect(js_page.get_by_role("alert")).to_contain_text("Pilih langkah yang perlu diperbaiki")
    check("permohonan, minta perbaikan tanpa isian")
    js_page.goto("/petugas/staf")
    heading(js_page, "Hanya untuk admin")
    check("bukan admin")
    js_page.get_by_role("button", name="Keluar").click()
    sign_in(js_page, live, email="rahmawati.siregar@contoh.go.id", role="admin")
    js_page.get_by_role("link", name="Akun petugas").click()
    heading(js_page, "Akun petugas")
    check("akun petugas")
    js_page.get_by_label("Email petugas").fill("Yohanes.Sitompul@Contoh.go.id")
    js_page.get_by_role("button", name="Tambah akun").click()
    expect(js_page.get_by_role("status")).to_contain_text("tampil sekali ini saja")
    check("akun dibuat")
    js_page.get_by_role("link", name="Ekspor").click()
    heading(js_page, "Ekspor permohonan")
    check("ekspor")
