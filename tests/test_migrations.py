"""A draft and an application saved in the shape used before typed answers (migrations 0004
and 0005: typed answers, then identifiers stored as digits beside their typed form) still
open, show their check page as typed and export the checked digits after the upgrade, and
the downgrade gives back exactly what was stored."""
import csv
import datetime
import io

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from extensions import db
from tests.conftest import csrf_token, make_app

BORN = datetime.date(1985, 8, 17)
PHOTOS = {"ktp": "k" * 32, "kk": "f" * 32, "swafoto": "s" * 32}
CONSENT = {"setuju": True, "teks": "Saya setuju (teks lama).", "waktu": "2026-11-28T03:00:00+00:00"}
NEW_REGISTRATION = {  # what the forms' answer() stored until 0004: every field as typed
    "jalur": {"jalur": "baru"},
    "kk": {"nomor_kk": "3171-0120-0115-0003"},
    "keluarga": {"anggota": [
        {"nama": "Budi Santoso", "nik": "3171011708850001", "lahir_hari": "17", "lahir_bulan": "8",
         "lahir_tahun": "1985", "jenis_kelamin": "L", "hubungan": "Kepala keluarga", "nik_berbeda": False},
        {"nama": "Siti Nur'aini Simatupang", "nik": "3171015203880002", "lahir_hari": "12", "lahir_bulan": "3",
         "lahir_tahun": "1988", "jenis_kelamin": "P", "hubungan": "Istri", "nik_berbeda": False}]},
    "domisili": {"provinsi": "31", "kabkota": "3171"},
    "faskes": {"faskes": "CONTOH-0002"},
    "kelas": {"kelas": "2"},
    "kontak": {"ponsel": "0812 3456 7890", "email": "budi@contoh.co.id"},
    "rekening": {"bank": "BRI", "nomor_rekening": "1234-5678-9012", "nama_pemilik": "Budi Santoso"},
    "berkas": PHOTOS,
    "dokumen": PHOTOS,
    "persetujuan": CONSENT,
}
REACTIVATION = {
    "jalur": {"jalur": "reaktivasi"},
    "kartu": {"nomor_kartu": "0001 9443 58911", "nik": "3171 0117 0885 0001", "lahir_hari": "17", "lahir_bulan": "8",
              "lahir_tahun": "1985", "nik_berbeda": False},
    "kategori": {"segmen": "mandiri", "kelas": "3", "anggota": "3"},
    "tunggakan": {"bulan": "3", "tahun": "2025"},
    "kontak": {"ponsel": "0812-3456-7890", "email": ""},
    "persetujuan": CONSENT,
}
AT = datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC)


@pytest.fixture
def before_typed_answers(tmp_path):
    """An app whose database holds a v0 draft (d1) and a v0 application (ABCDEFGH), then upgraded."""
    app, cleanup = make_app(tmp_path)
    with app.app_context():
        downgrade(revision="0003")
        vault = app.extensions["vault"]
        db.session.execute(text(
            "INSERT INTO drafts (id, resume_code, answers, birth_date, created_at, updated_at, expires_at) "
            "VALUES ('d1', 'HJKMNPQR', :answers, :born, :at, :at, :at), "
            "('d2', 'HJKMNPQS', :sent, :born, :at, :at, :at)"),
            {"answers": vault.seal_json(NEW_REGISTRATION), "sent": vault.seal_json(REACTIVATION),
             "born": vault.seal_json(BORN.isoformat()), "at": AT})
        db.session.execute(text(
            "INSERT INTO applications (reference, draft_id, path, answers, birth_date, consent_text, consent_at, "
            "status, created_at, updated_at) VALUES ('ABCDEFGH', 'd2', 'reaktivasi', :answers, :born, :consent, :at, "
            "'diterima', :at, :at)"),
            {"answers": vault.seal_json(REACTIVATION), "born": vault.seal_json(BORN.isoformat()),
             "consent": CONSENT["teks"], "at": AT})
        db.session.commit()
        upgrade()
    yield app
    cleanup()


def test_a_draft_saved_before_typed_answers_opens_and_shows_its_check_page(before_typed_answers):
    client = before_typed_answers.test_client()
    with client.session_transaction() as session:
        session["draft"] = "d1"
    summary = client.get("/daftar/periksa")
    assert summary.status_code == 200  # every step still counts as answered
    page = summary.get_data(as_text=True)
    for shown in ("Budi Santoso", "Siti Nur&#39;aini Simatupang", "NIK 3171015203880002", "17 Agustus 1985",
                  "Kota Jakarta Selatan", "Puskesmas Kecamatan Tebet", "Kelas II", "Rp200.000 untuk 2 orang",
                  "1234-5678-9012", "Sudah diunggah", "0812 3456 7890"):
        assert shown in page, shown
    family = client.get("/daftar/keluarga").get_data(as_text=True)
    assert "Siti Nur&#39;aini Simatupang" in family
    phone = before_typed_answers.test_client()  # another device, with the resume code
    token = csrf_token(phone.get("/daftar/lanjutkan").get_data(as_text=True))
    resumed = phone.post("/daftar/lanjutkan", data={
        "kode": "HJKM-NPQR", "lahir_hari": "17", "lahir_bulan": "8", "lahir_tahun": "1985", "csrf_token": token})
    assert resumed.headers["Location"].endswith("/daftar/periksa")


def test_an_application_sent_before_typed_answers_exports(before_typed_answers):
    output = before_typed_answers.test_cli_runner().invoke(
        args=["applications", "export", "--since", "2020-01-01"]).output
    (record,) = csv.DictReader(io.StringIO(output))
    assert record["reference"] == "ABCDEFGH" and record["path"] == "reaktivasi"
    assert record["card"] == "0001944358911" and record["nik"] == "3171011708850001"
    assert record["birth_date"] == "1985-08-17" and record["segment"] == "mandiri" and record["class"] == "3"
    assert record["members"] == "3" and record["last_paid"] == "2025-03"
    assert record["mobile"] == "'+6281234567890"  # E.164, as text for a spreadsheet


def test_the_downgrade_gives_back_the_answers_as_they_were_stored(before_typed_answers):
    with before_typed_answers.app_context():
        downgrade(revision="0003")
        vault = before_typed_answers.extensions["vault"]
        rows = dict(db.session.execute(text("SELECT id, answers FROM drafts")).all())
        assert vault.open_json(rows["d1"]) == NEW_REGISTRATION
        assert vault.open_json(rows["d2"]) == REACTIVATION
