"""The admin's part of the desk: accounts and the export. An officer (petugas) can do none of it."""
import csv
import html
import io
import re

import pytest
from sqlalchemy import select

from blueprints.apply.models import AuditEvent
from blueprints.desk.models import Staff
from extensions import db
from tests.conftest import EMAIL, add_staff, csrf_token
from tests.test_desk import Officer, sent_application

ADMIN = "rahmawati.siregar@contoh.go.id"
NEW = "Yohanes.Sitompul@Contoh.go.id"


@pytest.fixture
def admin(officer):
    assert add_staff(officer, email=ADMIN, role="admin").exit_code == 0
    desk = Officer(officer, email=ADMIN)
    desk.sign_in()
    return desk


def staff_id(app, email):
    with app.app_context():
        return db.session.scalar(select(Staff.id).filter_by(email=email.lower()))


def test_an_officer_cannot_do_what_an_admin_does(officer):
    desk = Officer(officer)
    desk.sign_in()
    queue = desk.client.get("/petugas/").get_data(as_text=True)
    assert "/petugas/staf" not in queue and "/petugas/ekspor" not in queue
    token = csrf_token(queue)
    me = staff_id(officer, EMAIL)
    for method, path, data in (
            ("get", "/petugas/staf", None), ("get", "/petugas/ekspor", None),
            ("post", "/petugas/ekspor", {"sejak": "2020-01-01"}),
            ("post", "/petugas/staf/tambah", {"email": NEW, "peran": "admin"}),
            ("post", f"/petugas/staf/{me}/reset-2fa", {}), ("post", f"/petugas/staf/{me}/nonaktifkan", {})):
        response = getattr(desk.client, method)(path, data=(data or {}) | {"csrf_token": token})
        assert response.status_code == 403 and "Hanya untuk admin" in response.get_data(as_text=True), path
        assert response.mimetype == "text/html"  # never the CSV
    assert staff_id(officer, NEW) is None
    assert desk.client.get("/petugas/").status_code == 200  # still signed in: nothing was reset or disabled
    with officer.app_context():
        assert not db.session.scalars(select(AuditEvent).where(AuditEvent.action.like("ekspor%"))).all()


def test_an_admin_adds_an_officer_who_signs_in_with_the_password_shown_once(officer, admin):
    page = admin.client.get("/petugas/staf").get_data(as_text=True)
    assert EMAIL.lower() in html.unescape(page) and ADMIN in page
    bad = admin.client.post("/petugas/staf/tambah", data={"email": "yohanes@", "peran": "petugas",
                                                          "csrf_token": csrf_token(page)})
    assert bad.status_code == 422 and "nama@contoh.com" in bad.get_data(as_text=True)
    added = admin.client.post("/petugas/staf/tambah", data={"email": NEW, "peran": "petugas",
                                                            "csrf_token": csrf_token(page)})
    text = added.get_data(as_text=True)
    assert added.status_code == 200 and added.headers["Cache-Control"] == "no-store"
    password = re.search(r'<code class="secret">([a-z2-9-]+)</code>', text).group(1)
    assert len(password) == 23 and "tampil sekali" in text
    assert password not in admin.client.get("/petugas/staf").get_data(as_text=True)  # once only
    again = admin.client.post("/petugas/staf/tambah", data={"email": NEW.upper(), "peran": "admin",
                                                            "csrf_token": csrf_token(page)})
    assert again.status_code == 422 and "sudah punya akun" in again.get_data(as_text=True)  # a second press
    newcomer = Officer(officer, email=NEW)
    assert newcomer.password(password).headers["Location"].endswith("/petugas/masuk/kode")
    assert "<svg" in newcomer.client.get("/petugas/masuk/kode").get_data(as_text=True)  # sets up the code
    by = staff_id(officer, ADMIN)
    with officer.app_context():
        staff = db.session.scalar(select(Staff).filter_by(email=NEW.lower()))
        assert staff.role == "petugas" and password not in staff.password_hash
        event = db.session.scalar(select(AuditEvent).filter_by(action="staf-tambah", detail=(
            f"staff={staff.id}, role=petugas, oleh={by}")))
        assert event is not None


def test_an_admin_resets_a_code_and_disables_an_account_but_not_their_own(officer, admin):
    victim = Officer(officer)
    victim.sign_in()
    page = admin.client.get("/petugas/staf").get_data(as_text=True)
    token, other = csrf_token(page), staff_id(officer, EMAIL)
    for path in (f"/petugas/staf/{other}/reset-2fa", f"/petugas/staf/{other}/nonaktifkan", "/petugas/staf/tambah",
                 "/petugas/ekspor"):  # without the token nothing happens
        refused = admin.client.post(path, data={"email": NEW, "peran": "admin", "sejak": "2020-01-01"})
        assert refused.status_code == 422 and refused.mimetype == "text/html", path
    assert staff_id(officer, NEW) is None and victim.client.get("/petugas/").status_code == 200
    assert admin.client.post(f"/petugas/staf/{other}/reset-2fa", data={"csrf_token": token}).status_code == 303
    assert victim.client.get("/petugas/").status_code == 302  # its session ended
    victim.password()
    assert "<svg" in victim.client.get("/petugas/masuk/kode").get_data(as_text=True)
    own = admin.client.post(f"/petugas/staf/{staff_id(officer, ADMIN)}/nonaktifkan", data={"csrf_token": token})
    assert own.status_code == 409 and "akun Anda sendiri" in own.get_data(as_text=True)
    done = admin.client.post(f"/petugas/staf/{other}/nonaktifkan", data={"csrf_token": token})
    assert done.status_code == 303
    assert "Akun dinonaktifkan" in admin.client.get(done.headers["Location"]).get_data(as_text=True)
    assert "dinonaktifkan" in Officer(officer).password().get_data(as_text=True)


def test_an_admin_downloads_the_export_and_it_is_audited(officer, admin):
    reference = sent_application(officer).replace("-", "")
    page = admin.client.get("/petugas/ekspor").get_data(as_text=True)
    wrong = admin.client.post("/petugas/ekspor", data={"sejak": "1 Desember", "csrf_token": csrf_token(page)})
    assert wrong.status_code == 422 and "tahun-bulan-tanggal" in wrong.get_data(as_text=True)
    download = admin.client.post("/petugas/ekspor", data={"sejak": "2020-01-01", "csrf_token": csrf_token(page)})
    assert download.status_code == 200 and download.mimetype == "text/csv"
    assert download.headers["Cache-Control"] == "no-store"
    assert download.headers["Content-Disposition"] == 'attachment; filename="permohonan-sejak-2020-01-01.csv"'
    rows = list(csv.DictReader(io.StringIO(download.get_data(as_text=True))))
    assert [row["reference"] for row in rows] == [reference] and rows[0]["card"] == "0001944358911"
    by = staff_id(officer, ADMIN)
    with officer.app_context():
        event = db.session.scalar(select(AuditEvent).filter_by(action="ekspor-csv"))
        assert event.detail == f"staff={by}, permohonan=1"
