"""The application journey through the test client, with and without htmx."""
import re

import pytest
from sqlalchemy import func, select

from blueprints.apply.models import Application
from blueprints.desk import sessions
from extensions import db
from tests.conftest import csrf_token

CARD = {"nomor_kartu": "0001 9443 58911", "nik": "3171011708850001",
        "lahir_hari": "17", "lahir_bulan": "8", "lahir_tahun": "1985"}
REACTIVATION = [
    ("jalur", {"jalur": "reaktivasi"}),
    ("kategori", {"segmen": "mandiri", "kelas": "3", "anggota": "3"}),
    ("kartu", CARD),
    ("tunggakan", {"bulan": "3", "tahun": "2025"}),
    ("kontak", {"ponsel": "0812-3456-7890", "email": "", "kabar": "sms"}),
    ("persetujuan", {"setuju": "y"}),
]


def count(app, model):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_start_page_says_what_is_needed_and_what_it_costs(client):
    page = client.get("/daftar/").get_data(as_text=True)
    assert "Yang Anda perlukan" in page and "Rp150.000" in page and "Rp35.000" in page
    assert 'href="/daftar/jalur"' in page and 'href="/daftar/lanjutkan"' in page


def test_reactivation_end_to_end(app, applicant):
    response = applicant.through(REACTIVATION)
    assert response.headers["Location"].endswith("/daftar/periksa")
    summary = applicant.client.get("/daftar/periksa").get_data(as_text=True)
    assert "0001 9443 58911" in summary and "3171011708850001" in summary and "0812-3456-7890" in summary
    assert re.search(r'class="amount">Rp[\d.]+<', summary)
    assert "5% × Rp10.000.000 × 6 bulan = Rp3.000.000" in summary  # the worked denda example
    response = applicant.submit()
    assert response.status_code == 303 and response.headers["Location"].endswith("/daftar/selesai")
    done = applicant.client.get("/daftar/selesai").get_data(as_text=True)
    reference = re.search(r'class="reference">([A-Z0-9]{4}-[A-Z0-9]{4})<', done).group(1)
    assert "Yang terjadi berikutnya" in done
    with app.app_context():
        stored = db.session.scalar(select(Application))
        assert stored.reference == reference.replace("-", "")
        assert stored.consent_text.startswith("Saya setuju") and stored.consent_at is not None
        assert stored.answers["kartu"]["nik"] == "3171011708850001"


def test_identifiers_are_stored_as_digits_and_shown_back_as_typed(app, applicant):
    """Full-width digits (some phone keyboards), spaces and dashes: stored as the plain digits that
    the export, the NIK hashes and messages use; the form and the check page show what was typed."""
    typed = {"nomor_kartu": "0001-9443-58911", "nik": "\uff13\uff11\uff17\uff11 0117 0885 0001"}
    steps = [(step, data | typed if step == "kartu" else data) for step, data in REACTIVATION]
    contact = {"ponsel": "+62 812-3456 7890", "email": " Budi@Contoh.CO.ID ", "kabar": "email"}
    applicant.through([*steps[:-2], ("kontak", contact), steps[-1]])
    assert typed["nik"] in applicant.client.get("/daftar/kartu").get_data(as_text=True)
    summary = applicant.client.get("/daftar/periksa").get_data(as_text=True)
    assert all(shown in summary for shown in (*typed.values(), "+62 812-3456 7890")), "shown as typed"
    applicant.submit()
    with app.app_context():
        stored = db.session.scalar(select(Application))
        card, contact = stored.answers["kartu"], stored.answers["kontak"]
        assert (card["nomor_kartu"], card["nik"]) == ("0001944358911", "3171011708850001")
        assert (card["nomor_kartu_diketik"], card["nik_diketik"]) == (typed["nomor_kartu"], typed["nik"])
        assert (contact["ponsel"], contact["email"]) == ("+6281234567890", "Budi@contoh.co.id")
        (digest,) = [nik.nik_hash for nik in stored.niks]
        assert digest == app.extensions["vault"].nik_hash("3171011708850001")


def test_submitting_twice_makes_one_application(app, applicant):
    applicant.through(REACTIVATION)
    first, second = applicant.submit(presses=2)
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"]
    assert count(app, Application) == 1


def test_after_sending_the_answers_cannot_change_and_a_new_application_can_start(app, applicant):
    applicant.through(REACTIVATION)
    applicant.submit()
    assert applicant.client.get("/daftar/periksa").headers["Location"].endswith("/daftar/selesai")
    assert applicant.client.get("/daftar/kontak").headers["Location"].endswith("/daftar/jalur")
    applicant.through(REACTIVATION)
    applicant.submit()
    assert count(app, Application) == 2


def test_a_later_step_redirects_to_the_first_unanswered_one(applicant):
    assert applicant.client.get("/daftar/kontak").headers["Location"].endswith("/daftar/jalur")
    applicant.through(REACTIVATION[:2])
    assert applicant.client.get("/daftar/kontak").headers["Location"].endswith("/daftar/kartu")
    assert applicant.client.get("/daftar/periksa").headers["Location"].endswith("/daftar/kartu")


def test_an_unknown_step_is_404(client):
    assert client.get("/daftar/tidak-ada").status_code == 404


def test_errors_are_422_with_a_summary_and_the_answers_kept(applicant):
    applicant.through(REACTIVATION[:2])
    response = applicant.answer("kartu", CARD | {"nik": "3171 0117 0885 000", "lahir_bulan": "13"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "<title>Kesalahan:" in page
    assert 'href="#nik">NIK harus 16 angka; yang Anda masukkan 15 angka.' in page
    assert 'href="#lahir_hari">Tanggal lahir harus tanggal yang ada di kalender.' in page
    assert 'value="3171 0117 0885 000"' in page and 'value="0001 9443 58911"' in page


def test_a_nik_whose_date_differs_is_a_warning_that_can_be_confirmed(applicant):
    applicant.through(REACTIVATION[:2])
    different = CARD | {"lahir_hari": "18"}
    warned = applicant.answer("kartu", different)
    assert warned.status_code == 422 and "NIK Anda tetap sah" in warned.get_data(as_text=True)
    assert applicant.answer("kartu", different | {"nik_berbeda": "y"}).status_code == 303


def test_change_from_the_summary_returns_to_the_summary(applicant):
    applicant.through(REACTIVATION)
    page = applicant.client.get("/daftar/kontak?ubah=1").get_data(as_text=True)
    assert 'value="0812-3456-7890"' in page  # the earlier answer is filled in
    response = applicant.answer("kontak", {"ponsel": "+62 811 1111 2222", "kabar": "sms"}, path="/daftar/kontak?ubah=1")
    assert response.headers["Location"].endswith("/daftar/periksa")
    assert "+62 811 1111 2222" in applicant.client.get("/daftar/periksa").get_data(as_text=True)


def test_a_stale_csrf_token_reshows_the_page_with_the_answers(applicant):
    applicant.through(REACTIVATION[:1])
    response = applicant.client.post("/daftar/kategori", data={"segmen": "mandiri", "kelas": "2",
                                                               "anggota": "4", "csrf_token": "stale"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "terlalu lama terbuka" in page and 'value="4"' in page


def test_an_expired_session_reshows_the_page_with_what_was_typed(client):
    token = csrf_token(client.get("/daftar/jalur").get_data(as_text=True))
    client.delete_cookie(client.application.config["SESSION_COOKIE_NAME"])
    response = client.post("/daftar/kontak", data={"ponsel": "0812 3456 7890", "csrf_token": token})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Sesi Anda sudah berakhir" in page and 'value="0812 3456 7890"' in page
    assert "Langkah" not in page  # contact is asked on both paths, at different places: no count is right
    token = csrf_token(page)
    card = client.post("/daftar/kartu", data=CARD | {"csrf_token": token}).get_data(as_text=True)
    assert "Langkah 3 dari 6" in card  # only the reactivation asks for the card


def test_the_first_step_counts_the_longer_path(client):
    assert "Langkah 1 dari paling banyak 10" in client.get("/daftar/jalur").get_data(as_text=True)


def test_resume_on_another_device_with_code_and_birth_date(app, applicant, client):
    applicant.through(REACTIVATION[:3])
    page = applicant.client.get("/daftar/tunggakan").get_data(as_text=True)
    code = re.search(r"Kode untuk melanjutkan Anda: <span class=\"code\">([A-Z0-9]{4}-[A-Z0-9]{4})<", page).group(1)
    other = app.test_client()
    token = csrf_token(other.get("/daftar/lanjutkan").get_data(as_text=True))
    wrong = other.post("/daftar/lanjutkan", data={"kode": code, "lahir_hari": "18", "lahir_bulan": "8",
                                                  "lahir_tahun": "1985", "csrf_token": token})
    assert wrong.status_code == 422 and "Permohonan tidak ditemukan" in wrong.get_data(as_text=True)
    right = other.post("/daftar/lanjutkan", data={"kode": code.lower(), "lahir_hari": "17", "lahir_bulan": "8",
                                                  "lahir_tahun": "1985", "csrf_token": token})
    assert right.headers["Location"].endswith("/daftar/tunggakan")
    assert 'value="3"' in other.get("/daftar/kategori").get_data(as_text=True)


def test_the_cookie_holds_only_the_draft_id(app, applicant):
    applicant.through(REACTIVATION)
    cookie = applicant.client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value
    payload = app.session_interface.get_signing_serializer(app).loads(cookie)
    assert set(payload) <= {"draft", "csrf_token", "_permanent"}
    for secret in ("3171011708850001", "0812", "0001944358911"):
        assert secret not in str(payload)


def test_the_cookie_is_signed_again_when_it_changes_or_is_a_day_old_not_on_every_answer(app, applicant, monkeypatch):
    first = applicant.answer("jalur", {"jalur": "reaktivasi"})  # the draft begins: the cookie is set
    assert "Set-Cookie" in first.headers
    again = applicant.answer("jalur", {"jalur": "reaktivasi"})
    assert "Set-Cookie" not in again.headers  # nothing changed, and it was signed a moment ago
    assert "Set-Cookie" not in applicant.client.get("/panduan/").headers  # a public page: no cookie in it
    monkeypatch.setattr(sessions, "REFRESH_AFTER", 0)  # as if signed a day ago
    refreshed = applicant.answer("jalur", {"jalur": "reaktivasi"})
    cookie = refreshed.headers["Set-Cookie"]
    assert cookie.startswith(app.config["SESSION_COOKIE_NAME"] + "=") and "Expires=" in cookie


def test_pages_with_answers_are_never_cached(applicant):
    applicant.through(REACTIVATION)
    for path in ("/daftar/kontak", "/daftar/periksa"):
        assert applicant.client.get(path).headers["Cache-Control"] == "no-store"


def test_a_step_with_htmx_answers_with_the_fragment_and_pushes_its_url(applicant, htmx_headers):
    applicant.through(REACTIVATION[:2])
    response = applicant.client.get("/daftar/kartu", headers=htmx_headers("langkah"))
    page = response.get_data(as_text=True)
    assert "<html" not in page and "<title>" in page and 'name="nik"' in page
    assert response.headers["HX-Push-Url"] == "/daftar/kartu"
    assert "HX-Request" in response.headers["Vary"]


def test_an_invalid_step_with_htmx_is_a_422_fragment(applicant, htmx_headers):
    applicant.through(REACTIVATION[:1])
    response = applicant.answer("kategori", {"segmen": ""}, headers=htmx_headers("langkah"))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "<html" not in page and 'class="error-summary"' in page
    assert "HX-Push-Url" not in response.headers


def test_submitting_with_htmx_sends_the_browser_to_the_confirmation(applicant, htmx_headers):
    applicant.through(REACTIVATION)
    token = csrf_token(applicant.client.get("/daftar/periksa").get_data(as_text=True))
    response = applicant.client.post("/daftar/periksa", data={"csrf_token": token}, headers=htmx_headers("langkah"))
    assert response.headers["HX-Redirect"] == "/daftar/selesai"


def test_status_lookup(app, applicant, client):
    applicant.through(REACTIVATION)
    applicant.submit()
    done = applicant.client.get("/daftar/selesai").get_data(as_text=True)
    reference = re.search(r'class="reference">([A-Z0-9-]+)<', done).group(1)
    token = csrf_token(client.get("/status").get_data(as_text=True))
    birth = {"lahir_hari": "17", "lahir_bulan": "8", "lahir_tahun": "1985", "csrf_token": token}
    found = client.post("/status", data=birth | {"referensi": reference})
    assert found.status_code == 200 and "Diterima" in found.get_data(as_text=True)
    shown = re.sub(r"\D", "", found.get_data(as_text=True))
    assert not any(number in shown for number in ("3171011708850001", "0001944358911", "81234567890"))  # masked
    wrong_date = client.post("/status", data=birth | {"referensi": reference, "lahir_hari": "18"})
    wrong_ref = client.post("/status", data=birth | {"referensi": "ACDE-FGHJ"})
    assert wrong_date.status_code == wrong_ref.status_code == 422
    message = "Nomor referensi atau tanggal lahir tidak cocok"
    assert message in wrong_date.get_data(as_text=True) and message in wrong_ref.get_data(as_text=True)


def test_operator_sets_a_status_and_exports(app, applicant, runner):
    applicant.through(REACTIVATION)
    applicant.submit()
    done = applicant.client.get("/daftar/selesai").get_data(as_text=True)
    reference = re.search(r'class="reference">([A-Z0-9-]+)<', done).group(1)
    skipped = runner.invoke(args=["applications", "set-status", reference, "aktif"])
    assert skipped.exit_code != 0 and "tidak bisa diubah" in skipped.output  # the desk's order, for scripts too
    assert runner.invoke(args=["applications", "set-status", reference, "diverifikasi"]).exit_code == 0
    wrong_va = runner.invoke(args=["applications", "set-status", reference, "menunggu_pembayaran",
                                   "--va", "8888801234567890", "--amount", "2.205.000"])
    assert wrong_va.exit_code != 0 and "11 angka terakhir nomor kartu" in wrong_va.output
    result = runner.invoke(args=["applications", "set-status", reference, "menunggu_pembayaran",
                                 "--va", "8888 8019 4435 8911", "--amount", "Rp2.205.000"])
    assert result.exit_code == 0 and "Menunggu pembayaran" in result.output, result.output
    assert runner.invoke(args=["applications", "set-status", "ACDE-FGHJ", "aktif"]).exit_code != 0
    exported = runner.invoke(args=["applications", "export", "--since", "2020-01-01"]).output
    assert reference.replace("-", "") in exported and "menunggu_pembayaran" in exported


def test_a_field_is_checked_as_soon_as_it_changes(applicant, htmx_headers):
    applicant.through(REACTIVATION[:2])
    token = applicant.token()
    check = "/daftar/kartu/cek/nik"
    wrong = applicant.client.post(check, data={"nik": "3171 0117", "csrf_token": token}, headers=htmx_headers("nik"))
    page = wrong.get_data(as_text=True)
    assert wrong.status_code == 200 and "<html" not in page
    assert "NIK harus 16 angka; yang Anda masukkan 8 angka." in page
    assert "<input" not in page  # only the message: the box the person types in is never replaced
    step = applicant.client.get("/daftar/kartu").get_data(as_text=True)
    assert 'hx-target="#nik-pesan"' in step and 'id="nik-pesan"' in step
    right = applicant.client.post(check, data={"nik": CARD["nik"], "csrf_token": token}, headers=htmx_headers("nik"))
    assert "field-error" not in right.get_data(as_text=True)
    assert applicant.client.post(check, data={"nik": "1"}).status_code == 400  # no token
    assert applicant.client.post("/daftar/kartu/cek/lahir_hari", data={"csrf_token": token}).status_code == 404


def test_a_mandiri_member_learns_before_the_form_that_paying_today_needs_no_approval(applicant):
    applicant.through(REACTIVATION[:2])
    page = applicant.client.get("/daftar/kartu").get_data(as_text=True)
    assert "aktif lagi hari ini juga" in page and "Anda tidak perlu menunggu formulir ini" in page
    assert "88888" in page and "89888" in page and "24 jam" in page and "REHAB" in page


@pytest.mark.parametrize(("segment", "told"), [
    ("ppu", ["bagian personalia (HRD)", "paling lama 6 bulan sejak PHK", "resign"]),
    ("pbi", ["Dinas Sosial", "beralih menjadi peserta mandiri"]),
])
def test_a_worker_or_a_pbi_member_is_told_at_once_where_their_case_is_handled(applicant, segment, told):
    applicant.through(REACTIVATION[:1])
    answered = applicant.answer("kategori", {"segmen": segment})  # no class, no family size needed
    assert answered.headers["Location"].endswith("/daftar/ditangani-di-tempat-lain")
    page = applicant.client.get("/daftar/ditangani-di-tempat-lain").get_data(as_text=True)
    assert all(words in page for words in told), page[:2000]
    assert applicant.client.get("/daftar/kartu").headers["Location"].endswith("/daftar/ditangani-di-tempat-lain")
    assert applicant.answer("kategori", REACTIVATION[1][1]).headers["Location"].endswith("/daftar/kartu")
    assert applicant.client.get("/daftar/ditangani-di-tempat-lain").headers["Location"].endswith("/daftar/kartu")
