"""The new registration with camera photos under `make serve` (gunicorn and its workers, as in
production, not the test's in-process server), in Chromium on a 360 px phone, JavaScript on
and off: two 12-megapixel JPEGs of several MB with GPS EXIF and a PNG screenshot go through,
and a photo over the limit is explained beside its own box with the other photos kept; then an
officer, made with `flask staff add` against the same database, signs in at the desk and starts
verifying it."""
import os
import re
import subprocess
import uuid
from pathlib import Path
from types import SimpleNamespace

import pyotp
import pytest
from playwright.sync_api import expect

from tests import served
from tests.browser.test_apply_browser import heading, next_page
from tests.browser.test_apply_new_browser import photo_files, register, to_documents  # noqa: F401  (fixture)
from tests.camera import too_big_jpeg
from tests.conftest import ROOT
from tests.test_desk import EMAIL, PASSWORD


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    """`make serve` with its own database (PostgreSQL in CI's second pass) and upload folder."""
    folder = tmp_path_factory.mktemp("served")
    with served.fresh_database(folder) as database:
        env = {"DATABASE_URL": database, "UPLOAD_DIR": str(folder / "uploads"), **served.keys(),
               "RATELIMIT_KEY_PREFIX": "served-" + uuid.uuid4().hex, "SUBMIT_RATE_LIMIT": "100 per minute"}
        server = served.start(folder, env)
        try:
            server.wait_until_ready()
            yield SimpleNamespace(url=server.url, uploads=folder / "uploads", env=env)
        finally:
            server.stop()


@pytest.fixture(scope="module")
def live_server(production):
    return production.url


def flask(production, *args) -> subprocess.CompletedProcess:
    """A `flask` command against the served site's database, as an operator runs it."""
    return subprocess.run([str(ROOT / ".venv" / "bin" / "flask"), *args], cwd=ROOT, env=os.environ | production.env,
                          capture_output=True, text=True, timeout=120)


def stored_photos(folder: Path) -> set[Path]:
    """The photos kept (each also has a small copy for the check page, named -kecil)."""
    return {path for path in folder.rglob("*.*") if "-kecil" not in path.name} if folder.exists() else set()


def test_a_family_registers_with_camera_photos(page, photo_files, production):  # noqa: F811
    before = stored_photos(production.uploads)
    register(page, photo_files)
    assert len(stored_photos(production.uploads) - before) == 3  # the KTP, the KK and the selfie


def test_a_photo_over_the_limit_is_explained_beside_its_box_and_the_others_are_kept(page, photo_files,  # noqa: F811
                                                                                    tmp_path):
    too_big = tmp_path / "IMG_20261201_120000.jpg"
    too_big.write_bytes(too_big_jpeg())
    to_documents(page)
    page.get_by_label("Foto KTP").set_input_files(too_big)
    page.get_by_label("Foto Kartu Keluarga").set_input_files(photo_files["kk"])
    page.get_by_label("Swafoto (foto diri Anda)").set_input_files(photo_files["swafoto"])
    next_page(page)
    if page.js_enabled:  # the phone made it small enough before sending
        heading(page, "Persetujuan penggunaan data")
        return
    heading(page, "Foto dokumen")
    expect(page.locator("#ktp-galat")).to_contain_text("Foto terlalu besar")
    expect(page.get_by_role("img", name="Foto Kartu Keluarga yang sudah diunggah")).to_be_visible()
    expect(page.get_by_role("img", name="Swafoto (foto diri Anda) yang sudah diunggah")).to_be_visible()
    page.get_by_label("Foto KTP").set_input_files(photo_files["ktp"])
    next_page(page)
    heading(page, "Persetujuan penggunaan data")


def test_an_officer_signs_in_and_starts_verifying_what_a_family_sent(page, photo_files, production):  # noqa: F811
    register(page, photo_files)
    reference = page.locator(".reference").inner_text()
    added = flask(production, "staff", "add", EMAIL, "--role", "petugas", "--password", PASSWORD)
    assert added.returncode == 0 or "already has an account" in added.stderr, added.stderr
    assert flask(production, "staff", "reset-2fa", EMAIL).returncode == 0  # each run sets the code up anew
    page.goto("/petugas/")
    heading(page, "Masuk petugas")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Lanjutkan").click()
    heading(page, "Kode masuk")
    secret = page.locator("code.secret").inner_text().replace(" ", "")
    page.get_by_label("Kode 6 angka dari aplikasi autentikator").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Masuk").click()
    heading(page, "Antrean permohonan")
    page.get_by_role("link", name=reference).click()
    heading(page, f"Permohonan {reference}")
    photo = page.get_by_role("img", name=re.compile(f"^foto KK, permohonan {reference}"))
    expect(photo).to_be_visible()
    assert page.evaluate("(img) => img.naturalWidth", photo.element_handle()) > 0  # the camera photo, decrypted
    page.get_by_role("button", name="Mulai verifikasi").click()
    expect(page.get_by_text("“Diterima” menjadi “Sedang diverifikasi”")).to_be_visible()
