"""New registration for a family in real Chromium, with JavaScript on and off, uploads included."""
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations
from tests.browser.test_apply_browser import fill_birth_date, heading, next_page
from tests.camera import camera_jpeg, screenshot_png


@pytest.fixture(scope="module")
def photo_files(tmp_path_factory):
    """Photos as a phone has them: 12-megapixel camera JPEGs of several MB with GPS EXIF, a PNG."""
    folder = tmp_path_factory.mktemp("photos")
    paths = {"ktp": folder / "IMG_20261201_101500.jpg", "kk": folder / "Screenshot_KK.png",
             "swafoto": folder / "IMG_20261201_101533.jpg"}
    for name, data in (("ktp", camera_jpeg()), ("kk", screenshot_png()), ("swafoto", camera_jpeg())):
        paths[name].write_bytes(data)
    (folder / "bukan-foto.jpg").write_bytes(b"%PDF-1.4 not a photo")
    paths["pdf"] = folder / "bukan-foto.jpg"
    return paths


def add_person(page, name, nik, born, sex, relation, button):
    page.get_by_label("Nama lengkap").fill(name)
    page.get_by_label("NIK").fill(nik)
    fill_birth_date(page, *born)
    page.get_by_label(sex, exact=True).check()
    page.get_by_label("Hubungan dalam keluarga").select_option(relation)
    page.get_by_role("button", name=button).click()


def to_documents(page, check=lambda name: None):
    """A family's new registration from the start page up to the documents page."""
    page.goto("/daftar/")
    check("start")
    page.get_by_role("link", name="Mulai sekarang").click()
    page.get_by_label("Mendaftar sebagai peserta mandiri baru, bersama keluarga di KK").check()
    next_page(page)
    heading(page, "Nomor Kartu Keluarga (KK)")
    check("kk")
    page.get_by_label("Nomor KK").fill("3171 0120 0115 0003")
    next_page(page)
    heading(page, "Anggota keluarga di KK")
    check("keluarga")
    add_person(page, "Budi Santoso", "3171 0117 0885 0001", ("17", "8", "1985"), "Laki-laki", "Kepala keluarga",
               "Simpan dan tambah orang lain")
    expect(page.get_by_text("1 orang sudah ditambahkan")).to_be_visible()
    check("keluarga with one person")
    add_person(page, "Sari Dewi", "3171015203880002", ("12", "3", "1988"), "Perempuan", "Istri", "Lanjutkan")
    heading(page, "Tempat tinggal Anda sekarang")
    check("domisili")
    page.get_by_label("Provinsi").select_option(label="Daerah Khusus Ibukota Jakarta")
    if not page.js_enabled:
        next_page(page)  # without JavaScript, the list of cities comes with the next page load
    page.get_by_label("Kabupaten atau kota").select_option(label="Kota Jakarta Selatan")
    next_page(page)
    heading(page, "Pilih Faskes tingkat pertama")
    check("faskes")
    page.get_by_label("Cari nama Faskes").fill("tebet")
    if not page.js_enabled:
        page.get_by_role("button", name="Cari").click()
    expect(page.get_by_label(re.compile("Kebayoran Baru"))).to_have_count(0)
    page.get_by_label(re.compile("^Puskesmas Kecamatan Tebet")).check()
    next_page(page)
    heading(page, "Pilih kelas")
    check("kelas")
    expect(page.get_by_text("untuk 2 orang Rp300.000 per bulan")).to_be_visible()
    page.get_by_label(re.compile("^Kelas II:")).check()
    next_page(page)
    page.get_by_label("Nomor HP").fill("0812 3456 7890")
    next_page(page)
    heading(page, "Rekening untuk autodebet iuran")
    check("rekening")
    page.get_by_label("Bank").select_option("BRI")
    page.get_by_label("Nomor rekening").fill("1234 5678 9012")
    page.get_by_label("Nama pemilik rekening").fill("Budi Santoso")
    next_page(page)
    heading(page, "Foto dokumen")


def register(page, photo_files, check=lambda name: None):
    to_documents(page, check)
    check("dokumen")
    page.get_by_label("Foto KTP").set_input_files(photo_files["ktp"])
    page.get_by_label("Foto Kartu Keluarga").set_input_files(photo_files["pdf"])
    page.get_by_label("Swafoto (foto diri Anda)").set_input_files(photo_files["swafoto"])
    next_page(page)
    expect(page.get_by_role("alert")).to_contain_text("bukan foto JPG, PNG, atau WebP")
    check("dokumen with an error")
    expect(page.get_by_role("img", name="Foto KTP yang sudah diunggah")).to_be_visible()
    page.get_by_label("Foto Kartu Keluarga").set_input_files(photo_files["kk"])  # the PDF was not kept
    next_page(page)
    heading(page, "Persetujuan penggunaan data")
    page.get_by_label("Saya setuju").check()
    next_page(page)
    heading(page, "Periksa jawaban Anda")
    check("periksa")
    expect(page.get_by_role("term").get_by_text("Sari Dewi", exact=True)).to_be_visible()
    expect(page.locator(".amount")).to_have_text("Rp200.000")
    page.get_by_role("button", name="Kirim permohonan").click()
    heading(page, "Permohonan terkirim")
    check("selesai")


def test_a_family_registers_with_photos_and_no_url_carries_their_numbers(page, photo_files):
    urls = []
    page.on("request", lambda request: urls.append(request.url))
    page.on("response", lambda response: urls.append(response.headers.get("hx-push-url") or ""))
    register(page, photo_files)
    assert len([url for url in urls if "/daftar/" in url]) > 10
    typed = ("3171 0120 0115 0003", "3171 0117 0885 0001", "3171015203880002", "1234 5678 9012", "0812 3456 7890")
    for number in typed:
        digits = number.replace(" ", "")
        for url in urls:
            assert digits not in url.replace("%20", "").replace("+", "") and number not in url, url


def test_no_accessibility_violations_on_the_new_registration_steps(js_page, photo_files):
    def check(name):
        assert axe_violations(js_page) == [], name

    js_page.js_enabled = True
    register(js_page, photo_files, check)


def test_a_person_is_changed_and_another_removed_after_one_question(page):
    page.goto("/daftar/jalur")
    page.get_by_label("Mendaftar sebagai peserta mandiri baru, bersama keluarga di KK").check()
    next_page(page)
    page.get_by_label("Nomor KK").fill("3171 0120 0115 0003")
    next_page(page)
    heading(page, "Anggota keluarga di KK")
    add_person(page, "Budi Santoso", "3171 0117 0885 0001", ("17", "8", "1985"), "Laki-laki", "Kepala keluarga",
               "Simpan dan tambah orang lain")
    expect(page.get_by_text("1 orang sudah ditambahkan")).to_be_visible()
    add_person(page, "Siti Nur'aini", "3171015203880002", ("12", "3", "1988"), "Perempuan", "Istri",
               "Simpan dan tambah orang lain")
    expect(page.get_by_text("2 orang sudah ditambahkan")).to_be_visible()
    expect(page.get_by_role("link", name="Hapus Budi Santoso")).to_have_count(0)  # the applicant stays
    page.get_by_role("link", name="Ubah Siti Nur'aini").click()
    heading(page, "Ubah data Siti Nur'aini")
    assert not page.js_enabled or axe_violations(page) == []  # axe runs as a script: JS on only
    page.get_by_label("Nama lengkap").fill("Siti Nur'aini Simatupang")
    page.get_by_role("button", name="Simpan perubahan").click()
    heading(page, "Anggota keluarga di KK")
    expect(page.get_by_text("2 orang sudah ditambahkan")).to_be_visible()
    page.get_by_role("link", name="Hapus Siti Nur'aini Simatupang").click()
    heading(page, "Hapus Siti Nur'aini Simatupang dari daftar?")
    assert not page.js_enabled or axe_violations(page) == []  # axe runs as a script: JS on only
    page.get_by_role("link", name="Batal, jangan hapus").click()
    heading(page, "Anggota keluarga di KK")
    expect(page.get_by_text("2 orang sudah ditambahkan")).to_be_visible()
    page.get_by_role("link", name="Hapus Siti Nur'aini Simatupang").click()
    page.get_by_role("button", name="Ya, hapus Siti Nur'aini Simatupang").click()
    expect(page.get_by_text("1 orang sudah ditambahkan")).to_be_visible()
    if not page.js_enabled:
        return  # what follows measures the layout with a script
    gap = page.evaluate("""() => { const [a, b] = document.querySelectorAll('.buttons button');
        return b.getBoundingClientRect().top - a.getBoundingClientRect().bottom; }""")
    assert gap >= 8  # the two buttons never touch
