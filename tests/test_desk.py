"""The staff desk: accounts only from `flask staff`, signing in with a password and a TOTP code,
its own no-store pages and cookie, lockout, timeouts, the allow-list, and the queue and one
application for a signed-in officer only."""
import re
import time

import pyotp
import pytest
from sqlalchemy import select

from app import create_app
from blueprints.apply.models import AuditEvent
from blueprints.desk.models import Staff
from extensions import db
from tests.conftest import EMAIL, PASSWORD, Applicant, add_staff, csrf_token, make_app
from tests.test_apply import REACTIVATION
from tests.test_apply_new import photos, upload


class Officer:
    """A browser at the desk."""

    def __init__(self, app, email=EMAIL):
        self.app, self.client, self.secret, self.last_code, self.email = app, app.test_client(), None, None, email

    def password(self, password=PASSWORD, email=None):
        email = email or self.email
        token = csrf_token(self.client.get("/petugas/masuk").get_data(as_text=True))
        return self.client.post("/petugas/masuk", data={"email": email, "kata_sandi": password, "csrf_token": token})

    def code(self, code=None, later=0):
        """Send a code: the one given, or the app's (`later` steps of 30 s ahead: each step's code
        works once, so a second sign-in within 30 s takes the next one, within the allowed drift)."""
        page = self.client.get("/petugas/masuk/kode").get_data(as_text=True)
        shown = re.search(r'<code class="secret">([A-Z2-7 ]+)</code>', page)
        if shown:
            self.secret = shown.group(1).replace(" ", "")
        self.last_code = code = code or pyotp.TOTP(self.secret).at(time.time() + 30 * later)
        return self.client.post("/petugas/masuk/kode", data={"kode": code, "csrf_token": csrf_token(page)})

    def sign_in(self, later=0):
        assert self.password().headers["Location"].endswith("/petugas/masuk/kode")
        response = self.code(later=later)
        assert response.status_code == 303 and response.headers["Location"].endswith("/petugas/"), response.data
        return response

    def cookie(self):
        found = self.client.get_cookie(self.app.config["DESK_SESSION_COOKIE_NAME"])
        return found.value if found else None


def sent_application(app) -> str:
    applicant = Applicant(app.test_client())
    applicant.through(REACTIVATION)
    applicant.submit()
    done = applicant.client.get("/daftar/selesai").get_data(as_text=True)
    return re.search(r'class="reference">([A-Z0-9-]+)<', done).group(1)


# --- accounts -----------------------------------------------------------------------------

def test_accounts_come_only_from_the_command_line_and_refuse_weak_passwords(app):
    for weak, said in (("kopi pagi", "paling sedikit 12"), ("password1234", "paling sering dipakai"),
                       ("bpjskesehatan1", "terlalu mudah ditebak")):
        result = add_staff(app, password=weak)
        assert result.exit_code != 0 and said in result.output, (weak, result.output)
    assert add_staff(app).exit_code == 0
    assert "already has an account" in add_staff(app, email=EMAIL.upper()).output
    with app.app_context():
        staff = db.session.scalar(select(Staff))
        assert staff.email == EMAIL.lower() and staff.role == "petugas"
        assert staff.password_hash.startswith("$argon2id$") and PASSWORD not in staff.password_hash
    assert not any(rule.rule.startswith("/petugas/daftar") for rule in app.url_map.iter_rules())


def test_first_sign_in_sets_up_the_code_with_a_qr_drawn_here(officer):
    desk = Officer(officer)
    desk.password()
    page = desk.client.get("/petugas/masuk/kode").get_data(as_text=True)
    assert "<svg" in page and "otpauth" not in page.split("<svg")[0]  # the QR is inline SVG, no external image
    assert not re.search(r'<img[^>]+src="https?:', page)
    desk.sign_in()
    queue = desk.client.get("/petugas/")
    assert queue.status_code == 200 and "Antrean permohonan" in queue.get_data(as_text=True)
    assert queue.headers["Cache-Control"] == "no-store"
    again = Officer(officer)  # the next sign-in asks for the code only
    again.secret = desk.secret
    again.password()
    assert "<svg" not in again.client.get("/petugas/masuk/kode").get_data(as_text=True)


def test_a_wrong_or_replayed_code_does_not_sign_in(officer):
    desk = Officer(officer)
    desk.sign_in()
    used = desk.last_code
    other = Officer(officer)
    other.secret = desk.secret
    other.password()
    wrong = other.code("000000" if used != "000000" else "111111")
    assert wrong.status_code == 422 and "Kode salah" in wrong.get_data(as_text=True)
    replayed = other.code(used)
    assert replayed.status_code == 422  # the code of a step already used
    assert other.client.get("/petugas/").status_code == 302


def test_repeated_wrong_passwords_lock_the_account_even_for_the_right_one(officer):
    desk = Officer(officer)
    for _ in range(officer.config["DESK_LOCKOUT_AFTER"]):
        assert desk.password("salah sekali kata sandinya 9").status_code == 422
    refused = desk.password()
    assert refused.status_code == 422 and "terkunci sampai pukul" in refused.get_data(as_text=True)
    unknown = desk.password(email="tidak.ada@contoh.go.id")
    assert "Email atau kata sandi salah." in unknown.get_data(as_text=True)  # no hint that an account exists


def test_no_desk_page_or_photo_answers_without_a_signed_in_officer(officer):
    reference = sent_application(officer)
    client = officer.test_client()
    for path in ("/petugas/", f"/petugas/permohonan/{reference}", f"/petugas/permohonan/{reference}/foto/ktp.jpg"):
        response = client.get(path)
        assert response.status_code == 302 and "/petugas/masuk" in response.headers["Location"], path
    desk = Officer(officer)
    desk.password()  # the password alone is not a sign-in
    assert desk.client.get("/petugas/").status_code == 302


def test_every_desk_post_needs_its_token(officer):
    desk = Officer(officer)
    no_token = desk.client.post("/petugas/masuk", data={"email": EMAIL, "kata_sandi": PASSWORD})
    assert no_token.status_code == 422 and "sesi Anda sudah berakhir" in no_token.get_data(as_text=True)
    desk.password()
    code = desk.client.post("/petugas/masuk/kode", data={"kode": "123456"})
    assert code.status_code == 422 and desk.client.get("/petugas/").status_code == 302
    desk.sign_in()
    assert desk.client.post("/petugas/cari", data={"cari": "3171011708850001"}).status_code == 422
    desk.client.post("/petugas/keluar")  # no token: still signed in
    assert desk.client.get("/petugas/").status_code == 200


def test_the_session_is_new_at_sign_in_and_its_own_cookie(officer):
    attacker = Officer(officer)
    attacker.client.get("/petugas/masuk")
    planted = attacker.cookie()
    victim = Officer(officer)
    victim.client.set_cookie(officer.config["DESK_SESSION_COOKIE_NAME"], planted)
    victim.sign_in()
    assert victim.cookie() != planted
    assert attacker.client.get("/petugas/").status_code == 302  # the planted cookie never signed in
    assert victim.client.get_cookie(officer.config["SESSION_COOKIE_NAME"]) is None  # not the applicant's cookie
    earlier = victim.cookie()
    later = Officer(officer)  # a second sign-in of the same account ends the first session
    later.secret = victim.secret
    later.sign_in(later=1)
    assert later.client.get("/petugas/").status_code == 200
    stale = officer.test_client()
    stale.set_cookie(officer.config["DESK_SESSION_COOKIE_NAME"], earlier)
    assert stale.get("/petugas/").status_code == 302


def test_an_idle_or_old_session_ends(officer):
    desk = Officer(officer)
    desk.sign_in()
    with desk.client.session_transaction("/petugas/") as session:
        session["terakhir"] = time.time() - officer.config["DESK_IDLE_MINUTES"] * 60 - 1
    ended = desk.client.get("/petugas/")
    assert ended.status_code == 303 and ended.headers["Location"].endswith("/petugas/masuk")
    assert "terlalu lama tidak dipakai" in desk.client.get("/petugas/masuk").get_data(as_text=True)
    fresh = Officer(officer)
    fresh.secret = desk.secret
    fresh.sign_in(later=1)
    with fresh.client.session_transaction("/petugas/") as session:
        session["masuk"] = time.time() - officer.config["DESK_MAX_HOURS"] * 3600 - 1
    assert fresh.client.get("/petugas/").status_code == 303


def test_a_disabled_account_cannot_sign_in_and_its_sessions_end(officer):
    desk = Officer(officer)
    desk.sign_in()
    assert officer.test_cli_runner().invoke(args=["staff", "disable", EMAIL]).exit_code == 0
    assert desk.client.get("/petugas/").status_code == 302
    again = Officer(officer)
    assert "dinonaktifkan" in again.password().get_data(as_text=True)


def test_reset_2fa_sets_the_code_up_again(officer):
    Officer(officer).sign_in()
    assert officer.test_cli_runner().invoke(args=["staff", "reset-2fa", EMAIL]).exit_code == 0
    desk = Officer(officer)
    desk.password()
    assert "<svg" in desk.client.get("/petugas/masuk/kode").get_data(as_text=True)


@pytest.fixture
def limited_desk(tmp_path):
    app, cleanup = make_app(tmp_path, DESK_LOGIN_RATE_LIMIT="4 per 15 minutes")
    assert add_staff(app).exit_code == 0
    yield app
    cleanup()


def test_each_address_may_try_to_sign_in_only_so_often(limited_desk):
    """Across accounts too: guessing many accounts' passwords from one address stops."""
    desk = Officer(limited_desk)
    statuses = [desk.password("salah sekali kata sandinya 9", email=f"orang{n}@contoh.go.id").status_code
                for n in range(5)]
    assert statuses[-1] == 429 and set(statuses) <= {422, 429}  # (Redis may remember earlier runs: sooner)
    assert "Terlalu banyak permintaan" in desk.password().get_data(as_text=True)


@pytest.fixture
def strict_desk(tmp_path):
    app, cleanup = make_app(tmp_path, DESK_ALLOWED_NETWORKS="10.0.0.0/8, 192.0.2.7")
    yield app
    cleanup()


def test_the_allow_list_hides_the_desk_from_other_networks(strict_desk):
    client = strict_desk.test_client()
    assert client.get("/petugas/masuk").status_code == 404  # 127.0.0.1 is not listed
    assert client.get("/petugas/masuk", environ_base={"REMOTE_ADDR": "10.1.2.3"}).status_code == 200
    assert client.get("/petugas/masuk", environ_base={"REMOTE_ADDR": "192.0.2.7"}).status_code == 200
    assert client.get("/daftar/").status_code == 200  # the rest of the site is for everyone


def test_a_mistyped_network_stops_the_server_at_start(tmp_path):
    with pytest.raises(ValueError, match=re.escape("10.0.0.0/33")):
        create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.db'}",
                    "DESK_ALLOWED_NETWORKS": "10.0.0.0/33"})


# --- the queue and one application ----------------------------------------------------------

def test_the_queue_finds_by_reference_or_nik_and_shows_one_application_in_full(officer, family):
    upload(family, photos())
    family.through([("persetujuan", {"setuju": "y"})])
    family.submit()
    new = re.search(r'class="reference">([A-Z0-9-]+)<', family.client.get("/daftar/selesai").get_data(as_text=True))
    reactivation = sent_application(officer)  # the same applicant NIK: flagged on both
    desk = Officer(officer)
    desk.sign_in()
    queue = desk.client.get("/petugas/").get_data(as_text=True)
    assert queue.index(new.group(1)) < queue.index(reactivation)  # oldest first
    assert "0 hari" in queue and "1 hari" not in queue  # sent today in WIB, whatever the hour in UTC
    only = desk.client.get("/petugas/?jalur=reaktivasi").get_data(as_text=True)
    assert reactivation in only and new.group(1) not in only
    token = csrf_token(queue)
    by_reference = desk.client.post("/petugas/cari", data={"cari": reactivation.lower(), "csrf_token": token})
    assert by_reference.status_code == 303 and by_reference.headers["Location"].endswith(reactivation.replace("-", ""))
    by_nik = desk.client.post("/petugas/cari", data={"cari": "3171 0117 0885 0001", "csrf_token": token})
    found = by_nik.get_data(as_text=True)
    assert new.group(1) in found and reactivation in found
    page = desk.client.get(f"/petugas/permohonan/{new.group(1)}")
    text = page.get_data(as_text=True)
    assert page.headers["Cache-Control"] == "no-store"
    for shown in ("Budi Santoso", "3171 0117 0885 0001", "1234-5678-9012", "NIK yang sama ada di permohonan lain",
                  reactivation):
        assert shown in text, shown
    photo = desk.client.get(f"/petugas/permohonan/{new.group(1)}/foto/ktp.jpg")
    assert photo.status_code == 200 and photo.mimetype == "image/jpeg" and photo.headers["Cache-Control"] == "no-store"
    viewed_again = desk.client.get(f"/petugas/permohonan/{new.group(1)}").get_data(as_text=True)
    assert "dibuka di meja petugas" in viewed_again  # each view is in the history


# --- deciding -------------------------------------------------------------------------------

def status_page(app, reference) -> str:
    client = app.test_client()
    token = csrf_token(client.get("/status").get_data(as_text=True))
    return client.post("/status", data={"referensi": reference, "lahir_hari": "17", "lahir_bulan": "8",
                                        "lahir_tahun": "1985", "csrf_token": token}).get_data(as_text=True)


def officer_page(desk, reference) -> str:
    return desk.client.get(f"/petugas/permohonan/{reference}").get_data(as_text=True)


def post_decision(desk, reference, to, page, **fields):
    """Press one action's button on an application's page as it was shown (its version, its token)."""
    version = re.search(rf'id="{to}-versi" name="{to}-versi" type="hidden" value="(\d+)"', page)
    version = version.group(1) if version else "1"  # an action the page did not offer: as if forged
    data = {f"{to}-csrf_token": csrf_token_of(page), f"{to}-versi": version}
    data |= {f"{to}-{name}": value for name, value in fields.items()}
    return desk.client.post(f"/petugas/permohonan/{reference}/keputusan/{to}", data=data)


def csrf_token_of(page) -> str:
    return re.search(r'name="[a-z_]+-csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def decide(desk, reference, to, **fields):
    return post_decision(desk, reference, to, officer_page(desk, reference), **fields)


def test_an_officer_moves_an_application_on_and_the_applicant_sees_each_step(officer):
    reference = sent_application(officer)  # a reactivation of card 0001 9443 58911
    desk = Officer(officer)
    desk.sign_in()
    assert "sudah kami terima dan menunggu diperiksa" in status_page(officer, reference)
    assert "Tandai aktif" not in officer_page(desk, reference)  # a step cannot be skipped
    skipped = decide(desk, reference, "aktif")
    assert skipped.status_code == 409 and "tidak bisa diubah" in skipped.get_data(as_text=True)
    assert decide(desk, reference, "diverifikasi").status_code == 303
    assert "sedang dicocokkan oleh petugas" in status_page(officer, reference)
    wrong = decide(desk, reference, "menunggu_pembayaran", va="8888801234567890", jumlah="2.205.000")
    assert wrong.status_code == 422 and "11 angka terakhir nomor kartu JKN" in wrong.get_data(as_text=True)
    paid = decide(desk, reference, "menunggu_pembayaran", va="8888 8019 4435 8911", jumlah="Rp2.205.000")
    assert paid.status_code == 303
    shown = status_page(officer, reference)
    assert "8888 8019 4435 8911" in shown and "Rp2.205.000" in shown
    assert decide(desk, reference, "aktif").status_code == 303
    assert "Kepesertaan Anda aktif" in status_page(officer, reference)
    page = desk.client.get(f"/petugas/permohonan/{reference}").get_data(as_text=True)
    assert "“Sedang diverifikasi” menjadi “Menunggu pembayaran”" in page and "sudah selesai" in page
    with officer.app_context():
        moves = db.session.scalars(select(AuditEvent).filter_by(action="status").order_by(AuditEvent.id)).all()
        assert [(m.from_status, m.to_status) for m in moves] == [
            ("diterima", "diverifikasi"), ("diverifikasi", "menunggu_pembayaran"), ("menunggu_pembayaran", "aktif")]
        assert {m.staff_id for m in moves} == {db.session.scalar(select(Staff.id))}
        assert all("8888" not in (m.detail or "") for m in moves)  # no applicant data in the audit


def test_two_officers_at_once_cannot_overwrite_each_other(officer):
    reference = sent_application(officer)
    assert add_staff(officer, email="budi.hutapea@contoh.go.id").exit_code == 0
    first, second = Officer(officer), Officer(officer, email="budi.hutapea@contoh.go.id")
    first.sign_in()
    second.sign_in()
    both = [officer_page(desk, reference) for desk in (first, second)]  # both see version 1
    assert post_decision(first, reference, "diverifikasi", both[0]).status_code == 303
    late = post_decision(second, reference, "ditolak", both[1], alasan="sudah_terdaftar")
    assert late.status_code == 409 and "baru saja diubah" in late.get_data(as_text=True)
    assert "Sedang diverifikasi" in status_page(officer, reference)


def test_a_rejection_needs_a_reason_and_the_applicant_reads_it(officer):
    reference = sent_application(officer)
    desk = Officer(officer)
    desk.sign_in()
    missing = decide(desk, reference, "ditolak")
    assert missing.status_code == 422 and "Pilih alasan penolakan." in missing.get_data(as_text=True)
    other = decide(desk, reference, "ditolak", alasan="lainnya")
    assert other.status_code == 422 and "Tulis alasannya" in other.get_data(as_text=True)
    rejected = decide(desk, reference, "ditolak", alasan="sudah_terdaftar", catatan="Kartu Anda sudah aktif.")
    assert rejected.status_code == 303
    shown = status_page(officer, reference)
    assert "Sudah terdaftar sebagai peserta JKN" in shown and "Kartu Anda sudah aktif." in shown

