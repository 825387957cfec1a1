"""The new registration with camera photos under `make serve` (gunicorn and its workers, as in
production, not the test's in-process server), in Chromium on a 360 px phone, JavaScript on
and off: two 12-megapixel JPEGs of several MB with GPS EXIF and a PNG screenshot go through,
and a photo over the limit is explained beside its own box with the other photos kept."""
import uuid
from pathlib import Path
from types import SimpleNamespace

import pytest
from playwright.sync_api import expect

from tests import served
from tests.browser.test_apply_browser import heading, next_page
from tests.browser.test_apply_new_browser import photo_files, register, to_documents  # noqa: F401  (fixture)
from tests.camera import too_big_jpeg


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    """`make serve` with its own database (PostgreSQL in CI's second pass) and upload folder."""
    folder = tmp_path_factory.mktemp("served")
    with served.fresh_database(folder) as database:
        server = served.start(folder, {
            "DATABASE_URL": database, "UPLOAD_DIR": str(folder / "uploads"), **served.keys(),
            "RATELIMIT_KEY_PREFIX": "served-" + uuid.uuid4().hex, "SUBMIT_RATE_LIMIT": "100 per minute"})
        try:
            server.wait_until_ready()
            yield SimpleNamespace(url=server.url, uploads=folder / "uploads")
        finally:
            server.stop()


@pytest.fixture(scope="module")
def live_server(production):
    return production.url


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
