"""New registration for a whole family, through the test client."""
import csv
import io
import re
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import select

from blueprints.apply.models import Application, Draft
from extensions import db
from tests.camera import MB, camera_jpeg, chat_webp, screenshot_png, too_big_jpeg
from tests.conftest import csrf_token

APPLICANT = {"nama": "Budi Santoso", "nik": "3171 0117 0885 0001", "lahir_hari": "17", "lahir_bulan": "8",
             "lahir_tahun": "1985", "jenis_kelamin": "L", "hubungan": "Kepala keluarga"}
SPOUSE = {"nama": "Sari Dewi", "nik": "3171015203880002", "lahir_hari": "12", "lahir_bulan": "3",
          "lahir_tahun": "1988", "jenis_kelamin": "P", "hubungan": "Istri"}


def photo_file(name="IMG_20261201_101500.jpg"):
    """A photo as a phone camera makes it: 12 megapixels, 3-5 MB of noisy pixels, GPS EXIF."""
    return io.BytesIO(camera_jpeg()), name


def photos():
    return {"ktp": photo_file(), "kk": photo_file(), "swafoto": photo_file()}


BEFORE_FAMILY = [("jalur", {"jalur": "baru"}), ("kk", {"nomor_kk": "3171-0120-0115-0003"})]
AFTER_FAMILY = [
    ("domisili", {"provinsi": "31", "kabkota": "3171"}),
    ("faskes", {"faskes": "CONTOH-0001"}),
    ("kelas", {"kelas": "2"}),
    ("kontak", {"ponsel": "0812 3456 7890", "email": "budi@contoh.co.id", "kabar": "whatsapp"}),
    ("rekening", {"bank": "BRI", "nomor_rekening": "1234-5678-9012", "nama_pemilik": "Budi Santoso"}),
]


def up_to_documents(applicant):
    """An applicant who has answered everything up to the documents page."""
    applicant.through(BEFORE_FAMILY)
    assert applicant.add_person(APPLICANT).status_code == 303
    assert applicant.answer("keluarga", SPOUSE).headers["Location"].endswith("/daftar/domisili")
    applicant.through(AFTER_FAMILY)
    return applicant


def upload(applicant, files, to="/daftar/dokumen"):
    token = csrf_token(applicant.client.get("/daftar/dokumen").get_data(as_text=True))
    return applicant.client.post(to, data={"csrf_token": token, **files},
                                 content_type="multipart/form-data")


def test_a_family_registers_end_to_end(app, family):
    response = upload(family, photos())
    assert response.headers["Location"].endswith("/daftar/persetujuan")
    family.through([("persetujuan", {"setuju": "y"})])
    summary = family.client.get("/daftar/periksa").get_data(as_text=True)
    # The check page is there to catch typos: its owner sees every value in full, and the photos.
    for shown in ("3171-0120-0115-0003", "Budi Santoso", "NIK 3171 0117 0885 0001", "Sari Dewi", "Kota Jakarta Selatan",
                  "Kelas II", "Rp200.000", "1234-5678-9012", "0812 3456 7890", "budi@contoh.co.id",
                  'src="/daftar/dokumen/ktp.jpg"', 'src="/daftar/dokumen/swafoto.jpg"'):
        assert shown in summary, shown
    assert 'href="/daftar/keluarga/orang/1?ubah=1">Ubah' in summary  # "Ubah" opens that very person
    assert "14 hari" in summary and "(belum dipastikan)" not in summary  # the waiting period, now sourced
    family.submit()
    done = family.client.get("/daftar/selesai").get_data(as_text=True)
    assert "nomor kartu JKN dan nomor virtual account" in done
    with app.app_context():
        stored = db.session.scalar(select(Application))
        assert stored.path == "baru" and len(stored.answers["keluarga"]["anggota"]) == 2
        # Identifiers are stored as their digits, the mobile number in +62 form; the typed form beside them.
        answers = stored.answers
        assert answers["kk"]["nomor_kk"] == "3171012001150003"
        assert answers["keluarga"]["anggota"][0]["nik"] == "3171011708850001"
        assert answers["keluarga"]["anggota"][0]["nik_diketik"] == "3171 0117 0885 0001"
        assert answers["rekening"]["nomor_rekening"] == "123456789012"
        assert answers["kontak"]["ponsel"] == "+6281234567890"
        assert answers["kontak"]["ponsel_diketik"] == "0812 3456 7890"
        assert stored.birth_date.isoformat() == "1985-08-17"
        folder = Path(app.config["UPLOAD_DIR"])
        for name in stored.answers["dokumen"]["foto"].values():
            assert (folder / f"{name}.jpg").is_file()


def test_the_same_nik_twice_is_refused(family):
    page = family.add_person(APPLICANT | {"nama": "Orang Lain"}, path="/daftar/keluarga?ubah=1")
    assert page.status_code == 422 and "NIK ini sudah ada di daftar" in page.get_data(as_text=True)


def test_a_nik_whose_sex_differs_asks_for_confirmation(applicant):
    applicant.through(BEFORE_FAMILY)
    warned = applicant.answer("keluarga", APPLICANT | {"jenis_kelamin": "P"})
    assert warned.status_code == 422 and "NIK tetap sah" in warned.get_data(as_text=True)
    assert "jenis kelamin yang lain dari yang Anda pilih" in warned.get_data(as_text=True)  # says which part
    assert "Tanggal lahir di NIK" not in warned.get_data(as_text=True)
    confirmed = applicant.answer("keluarga", APPLICANT | {"jenis_kelamin": "P", "nik_berbeda": "y"})
    assert confirmed.status_code == 303


def test_continuing_needs_someone_and_a_stray_tap_is_not_a_person(applicant):
    applicant.through(BEFORE_FAMILY)
    empty = applicant.answer("keluarga", {"jenis_kelamin": "P"})
    assert empty.status_code == 422 and "Masukkan nama lengkap" in empty.get_data(as_text=True)
    applicant.add_person(APPLICANT)
    tapped = applicant.answer("keluarga", {"jenis_kelamin": "P", "hubungan": "Anak", "lahir_hari": " "})
    assert tapped.headers["Location"].endswith("/daftar/domisili")  # a radio and a list, but no name, no NIK


def test_a_person_is_removed_after_one_question_and_the_applicant_never(app, applicant):
    applicant.through(BEFORE_FAMILY)
    applicant.add_person(APPLICANT)
    applicant.add_person(SPOUSE)
    page = applicant.client.get("/daftar/keluarga").get_data(as_text=True)
    assert 'href="/daftar/keluarga/hapus/1"' in page and 'href="/daftar/keluarga/hapus/0"' not in page
    asked = applicant.client.get("/daftar/keluarga/hapus/1").get_data(as_text=True)
    assert "Hapus Sari Dewi dari daftar?" in asked and "Batal, jangan hapus" in asked
    assert "Sari Dewi" in applicant.client.get("/daftar/keluarga").get_data(as_text=True)  # asking removed nobody
    applicant.answer("keluarga", {}, path="/daftar/keluarga/hapus/1")
    assert "Sari Dewi" not in applicant.client.get("/daftar/keluarga").get_data(as_text=True)
    refused = applicant.answer("keluarga", {}, path="/daftar/keluarga", post_to="/daftar/keluarga/hapus/0")
    assert refused.status_code == 303
    assert "Budi Santoso" in applicant.client.get("/daftar/keluarga").get_data(as_text=True)


def test_a_person_is_changed_in_place(app, family):
    page = family.client.get("/daftar/keluarga/orang/1").get_data(as_text=True)
    assert "Ubah data Sari Dewi" in page and 'value="Sari Dewi"' in page and 'value="3171015203880002"' in page
    changed = family.answer("keluarga", SPOUSE | {"nama": "Sari Dewi Lestari"}, path="/daftar/keluarga/orang/1")
    assert changed.headers["Location"].endswith("/daftar/keluarga")
    listed = family.client.get("/daftar/keluarga").get_data(as_text=True)
    assert "Sari Dewi Lestari" in listed and listed.count("· Istri") == 1  # replaced, not added
    taken = family.answer("keluarga", SPOUSE | {"nik": APPLICANT["nik"]}, path="/daftar/keluarga/orang/1")
    assert taken.status_code == 422 and "NIK ini sudah ada di daftar" in taken.get_data(as_text=True)
    from_check = family.answer("keluarga", SPOUSE, path="/daftar/keluarga/orang/1?ubah=1")
    assert from_check.headers["Location"].endswith("/daftar/dokumen")  # on to what is not answered yet


def test_regencies_narrow_to_the_province(applicant, htmx_headers):
    applicant.through(BEFORE_FAMILY)
    applicant.answer("keluarga", APPLICANT)
    without_js = applicant.answer("domisili", {"provinsi": "32"})
    page = without_js.get_data(as_text=True)
    assert without_js.status_code == 200 and "Kota Bandung" in page and "Jakarta Selatan" not in page
    assert "error-summary" not in page and "Kesalahan:" not in page  # asking for the next box is not an error
    assert "Sekarang pilih kabupaten atau kota di Jawa Barat." in page  # the page says what changed
    token = applicant.token()
    fragment = applicant.client.post("/daftar/domisili/kabupaten", data={"provinsi": "35", "csrf_token": token},
                                     headers=htmx_headers("kabkota-field"))
    assert "Kota Surabaya" in fragment.get_data(as_text=True) and "<html" not in fragment.get_data(as_text=True)
    mismatch = applicant.answer("domisili", {"provinsi": "32", "kabkota": "3171"})
    assert mismatch.status_code == 422 and "di provinsi ini" in mismatch.get_data(as_text=True)


def test_facilities_are_those_of_the_regency_and_can_be_filtered(applicant):
    applicant.through(BEFORE_FAMILY)
    applicant.answer("keluarga", APPLICANT)
    applicant.through(AFTER_FAMILY[:1])
    page = applicant.client.get("/daftar/faskes").get_data(as_text=True)
    assert "Puskesmas Kecamatan Tebet" in page and "Babakan Sari" not in page and "CONTOH" in page
    filtered = applicant.client.get("/daftar/faskes?cari=tebet").get_data(as_text=True)
    assert "Puskesmas Kecamatan Tebet" in filtered and "Kebayoran" not in filtered
    other_city = applicant.answer("faskes", {"faskes": "CONTOH-0006"})  # Bandung, not Jakarta Selatan
    assert other_city.status_code == 422


def test_class_page_shows_the_family_total(applicant):
    applicant.through(BEFORE_FAMILY)
    applicant.add_person(APPLICANT)
    applicant.answer("keluarga", SPOUSE)
    applicant.through(AFTER_FAMILY[:2])
    page = applicant.client.get("/daftar/kelas").get_data(as_text=True)
    assert "untuk 2 orang Rp300.000 per bulan" in page and "Rp70.000" in page


def test_each_bad_photo_has_its_message_and_good_ones_stay(family):
    response = upload(family, {"ktp": photo_file(), "kk": (io.BytesIO(b"%PDF-1.4 fake"), "kk.jpg"),
                               "swafoto": (io.BytesIO(b""), "kosong.jpg")})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "bukan foto JPG, PNG, atau WebP" in page and "kosong (0 byte)" in page
    assert "Ganti foto KTP" in page  # the good one was kept and can be replaced
    assert family.client.get("/daftar/dokumen/ktp.jpg").headers["Content-Type"] == "image/jpeg"
    assert family.client.get("/daftar/dokumen/kk.jpg").status_code == 404
    missing = upload(family, {})
    assert missing.status_code == 422 and "Pilih foto KK" in missing.get_data(as_text=True)
    alongside = upload(family, {"kk": (io.BytesIO(b"%PDF-1.4 fake"), "kk.jpg")}).get_data(as_text=True)
    assert "bukan foto JPG" in alongside and "Pilih swafoto" in alongside  # what is missing is said at once


def test_a_photo_can_be_removed(family):
    upload(family, photos())
    assert upload(family, {}, to="/daftar/dokumen/hapus/kk").headers["Location"].endswith("/daftar/dokumen")
    page = family.client.get("/daftar/dokumen").get_data(as_text=True)
    assert "Ganti foto KTP" in page and "Ganti foto KK" not in page


def test_photos_are_not_reachable_from_another_session(app, family):
    upload(family, photos())
    assert app.test_client().get("/daftar/dokumen/ktp.jpg").status_code == 404


def test_the_operator_export_has_the_family_s_details(app, family, runner):
    upload(family, photos())
    family.through([("persetujuan", {"setuju": "y"})])
    family.submit()
    exported = runner.invoke(args=["applications", "export", "--since", "2020-01-01"]).output
    (record,) = csv.DictReader(io.StringIO(exported))
    assert record["path"] == "baru" and record["kk"] == "3171012001150003" and record["account"] == "123456789012"
    assert record["nik"] == "3171011708850001" and record["members"] == "2" and record["class"] == "2"
    assert record["faskes"] == "CONTOH-0001" and record["bank"] == "BRI"


def camera_photos():
    """Three photos as phones send them: two 12-megapixel camera JPEGs with GPS EXIF and a PNG."""
    return {"ktp": (io.BytesIO(camera_jpeg()), "IMG_20261201_101500.jpg"),
            "kk": (io.BytesIO(screenshot_png()), "Screenshot_KK.png"),
            "swafoto": (io.BytesIO(camera_jpeg()), "IMG_20261201_101533.jpg")}


def test_camera_photos_of_several_megabytes_go_through_three_at_once(app, family):
    """Werkzeug counts its read buffer inside file parts against MAX_FORM_MEMORY_SIZE: when that
    was 64 KiB, every photo over about 130 KB ended on the 413 page. The limits now follow from
    PHOTO_MAX_BYTES (config.derive_settings), and three real-sized photos in one post go through."""
    sent = sum(len(file.getvalue()) for file, _name in camera_photos().values())
    assert sent > 8 * MB
    response = upload(family, camera_photos())
    assert response.status_code == 303 and response.headers["Location"].endswith("/daftar/persetujuan")
    for kind in ("ktp", "kk", "swafoto"):
        thumbnail = family.client.get(f"/daftar/dokumen/{kind}.jpg")
        assert thumbnail.status_code == 200 and Image.open(io.BytesIO(thumbnail.data)).format == "JPEG"


def test_a_webp_photo_forwarded_from_a_chat_goes_through_as_jpeg(app, family):
    assert Image.open(io.BytesIO(chat_webp())).format == "WEBP"
    response = upload(family, camera_photos() | {"kk": (io.BytesIO(chat_webp()), "IMG-20261201-WA0007.webp")})
    assert response.status_code == 303
    thumbnail = family.client.get("/daftar/dokumen/kk.jpg")
    assert thumbnail.status_code == 200 and Image.open(io.BytesIO(thumbnail.data)).format == "JPEG"


def test_a_photo_over_the_limit_is_named_beside_its_field_and_the_others_are_kept(app, family):
    files = camera_photos() | {"ktp": (io.BytesIO(too_big_jpeg()), "IMG_16MP.jpg")}
    response = upload(family, files)
    page = response.get_data(as_text=True)
    size = f"{len(too_big_jpeg()) / MB:.1f}".replace(".", ",")
    assert response.status_code == 422
    assert re.search(rf'id="ktp-galat">.*Foto terlalu besar \({size}\u00a0MB\)', page), page[:3000]
    assert "Ganti foto KK" in page and "Ganti swafoto" in page  # the other two were kept
    assert family.client.get("/daftar/dokumen/ktp.jpg").status_code == 404
    retry = upload(family, {"ktp": (io.BytesIO(camera_jpeg()), "IMG_kecil.jpg")})
    assert retry.status_code == 303  # only the one that was too big needed sending again


def test_the_operator_export_never_hands_a_spreadsheet_a_formula(app, family, runner):
    family.answer("kontak", {"ponsel": "+62 812 3456 7890", "email": "", "kabar": "sms"}, path="/daftar/kontak")
    family.answer("rekening", {"bank": "BRI", "nomor_rekening": "1234-5678-9012",
                               "nama_pemilik": '=HYPERLINK("http://jahat.example","klik")'})
    upload(family, photos())
    family.through([("persetujuan", {"setuju": "y"})])
    family.submit()
    exported = runner.invoke(args=["applications", "export", "--since", "2020-01-01"]).output
    (record,) = csv.DictReader(io.StringIO(exported))
    assert record["account_holder"] == '\'=HYPERLINK("http://jahat.example","klik")'
    assert record["mobile"] == "'+6281234567890"  # E.164, as text
    assert record["kk"] == "3171012001150003"  # a cell that starts with a digit is left as it is


def test_names_are_trimmed_and_invisible_characters_refused(app, applicant):
    applicant.through(BEFORE_FAMILY)
    spaces = applicant.answer("keluarga", APPLICANT | {"nama": "    "})
    assert spaces.status_code == 422 and "Masukkan nama lengkap" in spaces.get_data(as_text=True)
    hidden = applicant.answer("keluarga", APPLICANT | {"nama": "Budi\u202eosotnaS"})
    assert hidden.status_code == 422 and "tidak terlihat" in hidden.get_data(as_text=True)
    assert applicant.answer("keluarga", APPLICANT | {"nama": "  Budi Santoso "}).status_code == 303
    with app.app_context():
        stored = db.session.scalar(select(Draft.answers))
    assert stored["keluarga"]["anggota"][0]["nama"] == "Budi Santoso"


@pytest.mark.parametrize("step, data", [
    ("jalur", {"jalur": "lain"}),  # a choice that is not on the page (a tampered or stale form)
])
def test_a_choice_not_on_the_page_is_refused_in_indonesian(applicant, step, data):
    response = applicant.answer(step, data)
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "Not a valid choice" not in page
    assert "Pilih salah satu pilihan yang ada." in page


def test_wtforms_own_messages_read_in_indonesian(app):
    from blueprints.core.formtext import Indonesian
    words = Indonesian()
    with app.test_request_context():
        assert words.gettext("Not a valid choice.") == "Pilih salah satu pilihan yang ada."
        assert words.gettext("This field is required.") == "Bagian ini perlu diisi."
        assert words.ngettext("Not a valid choice.", "x", 1) == "Pilih salah satu pilihan yang ada."
