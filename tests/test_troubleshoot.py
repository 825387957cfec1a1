"""The checklist over HTTP, with and without htmx."""
import datetime
from zoneinfo import ZoneInfo

import pytest

from blueprints.core import clock
from blueprints.troubleshoot.checklist import given_time
from tests.checklist_ways import outcomes, way_to
from tests.conftest import csrf_token

BASE = "/bantuan/belum-aktif"
WIB = ZoneInfo("Asia/Jakarta")
MANDIRI = [("kategori", "0"), ("baru_daftar", "1"), ("rehab", "1"), ("sudah_bayar", "0")]


class Person:
    """Someone answering the checklist in a browser without JavaScript."""

    def __init__(self, client):
        self.client = client

    def choose(self, name, value, headers=None):
        """Pick an answer; a time step's value ("0@2026-11-27T10:00", "1@") is typed in as a day and an hour."""
        data = {"pilihan": value}
        if "@" in value:
            when = given_time(value)
            data = {"hari": when.date().isoformat(), "jam": when.strftime("%H.%M")} if when else {"hari": "lupa"}
        return self.post(name, data, headers)

    def post(self, name, data, headers=None):
        token = csrf_token(self.client.get(f"{BASE}/{name}", follow_redirects=True).get_data(as_text=True))
        return self.client.post(f"{BASE}/{name}", data=data | {"csrf_token": token}, headers=headers or {})

    def walk(self, choices):
        for name, value in choices:
            response = self.choose(name, value)
            assert response.status_code == 303, (name, value, response.get_data(as_text=True)[:2000])
        return response


@pytest.fixture
def person(client):
    return Person(client)


def at(*parts):
    return datetime.datetime(*parts, tzinfo=WIB)


def test_start_page_needs_no_personal_data(client):
    page = client.get(BASE).get_data(as_text=True)
    assert "Tidak perlu mengisi NIK" in page and f'href="{BASE}/kategori"' in page


def test_answers_lead_from_step_to_step(person):
    response = person.choose("kategori", "0")
    assert response.status_code == 303 and response.headers["Location"].endswith(f"{BASE}/baru_daftar")
    page = person.client.get(f"{BASE}/baru_daftar").get_data(as_text=True)
    assert "Langkah 2 dari paling banyak" in page and f'href="{BASE}/kategori">Kembali' in page


def test_a_step_not_reached_yet_redirects_to_the_current_one(person):
    person.choose("kategori", "0")
    assert person.client.get(f"{BASE}/tunggu").headers["Location"].endswith(f"{BASE}/baru_daftar")
    assert person.client.get(f"{BASE}/tidak-ada").status_code == 404


def test_no_choice_is_a_422_with_the_question_kept(person):
    response = person.choose("kategori", "")
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "<title>Kesalahan:" in page and "Pilih salah satu jawaban." in page


def test_going_back_shows_the_earlier_choice_and_changing_it_changes_the_path(person):
    person.choose("kategori", "0")
    person.choose("baru_daftar", "1")
    page = person.client.get(f"{BASE}/kategori").get_data(as_text=True)
    assert 'value="0" checked' in page
    assert person.choose("kategori", "4").headers["Location"].endswith(f"{BASE}/pbi_dinsos")


WORKER_WHO_RESIGNED = [("kategori", "1"), ("ppu_masih_bekerja", "2"), ("ppu_resign", "1")]


def test_the_outcome_says_when_pandawa_opens_again_in_local_time(person, monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: at(2026, 11, 27, 15, 1))  # Friday after closing, everywhere
    person.walk(WORKER_WHO_RESIGNED)
    page = person.client.get(f"{BASE}/ke_mandiri").get_data(as_text=True)
    assert "Senin–Jumat, 08.00–15.00 waktu setempat" in page
    assert "sedang tutup" in page and "buka lagi Senin, 30 November pukul 08.00 waktu setempat" in page
    assert "WIB" not in page.split("Hubungi BPJS Kesehatan")[1].split("Ringkasan")[0]  # no zone is assumed
    assert 'href="/daftar/"' in page  # switch to mandiri
    summary = page.split('id="ringkasan"')[1].split("</textarea>")[0]
    assert "- Jenis peserta: pekerja yang didaftarkan kantor (PPU)" in summary  # in the person's own words
    assert "- Saya berhenti bekerja dan belum pindah menjadi peserta mandiri." in summary


@pytest.mark.parametrize("moment, says", [
    (at(2026, 11, 27, 9, 0), "sedang buka sekarang"),
    (at(2026, 11, 27, 14, 30), "sekarang buka di wilayah WIB</strong>, tetapi di wilayah WITA, WIT tidak pada jam "
                               "layanan"),
    (at(2026, 11, 30, 6, 30), "sekarang buka di wilayah WIT</strong>"),  # 08.30 in Papua
    (at(2026, 12, 24, 10, 0), "hari ini cuti bersama: <strong>bisa jadi tutup"),
    (at(2026, 12, 24, 6, 30), "sekarang jam layanan di wilayah WIT, tetapi hari ini cuti bersama: <strong>bisa jadi"),
    (at(2028, 3, 8, 10, 0), "hari libur tahun ini belum ada di daftar kami: <strong>bisa jadi tutup"),
    (at(2026, 12, 23, 16, 0), "buka lagi Kamis, 24 Desember pukul 08.00 waktu setempat (hari itu mungkin cuti bersama"),
])
def test_pandawa_open_closed_or_depending_on_the_zone(person, monkeypatch, moment, says):
    monkeypatch.setattr(clock, "now", lambda: moment)
    person.walk([*MANDIRI[:3], ("sudah_bayar", "1"), ("sanggup_bayar", "0")])
    assert says in person.client.get(f"{BASE}/ada_tunggakan").get_data(as_text=True)


def test_restart_forgets_the_answers(person):
    person.choose("kategori", "0")
    token = csrf_token(person.client.get(BASE).get_data(as_text=True))  # "Mulai ulang" is there once started
    person.client.post(f"{BASE}/mulai-ulang", data={"csrf_token": token})
    assert person.client.get(f"{BASE}/baru_daftar").headers["Location"].endswith(f"{BASE}/kategori")


def test_progress_is_only_choices_and_pages_are_not_stored(app, person):
    person.choose("kategori", "0")
    cookie = person.client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value
    payload = app.session_interface.get_signing_serializer(app).loads(cookie)
    assert payload["belum_aktif"] == [["kategori", "0"]]
    assert person.client.get(f"{BASE}/baru_daftar").headers["Cache-Control"] == "no-store"


def test_with_htmx_a_step_is_the_fragment_and_the_url_follows(person, htmx_headers):
    person.choose("kategori", "0")
    response = person.client.get(f"{BASE}/baru_daftar", headers=htmx_headers("langkah"))
    page = response.get_data(as_text=True)
    assert "<html" not in page and "<title>" in page and "Apakah Anda baru mendaftar" in page
    assert response.headers["HX-Push-Url"] == f"{BASE}/baru_daftar"
    invalid = person.choose("baru_daftar", "7", headers=htmx_headers("langkah"))
    assert invalid.status_code == 422 and "<html" not in invalid.get_data(as_text=True)


def test_links_in_from_home_guides_and_status(client):
    assert f'href="{BASE}"' in client.get("/").get_data(as_text=True)
    assert f'href="{BASE}"' in client.get("/panduan/masih-belum-aktif-setelah-bayar").get_data(as_text=True)


def test_waiting_counts_from_the_time_the_person_paid(person, monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: at(2026, 11, 27, 14, 30))
    person.walk(MANDIRI)
    page = person.client.get(f"{BASE}/kapan_bayar").get_data(as_text=True)
    assert "Hari ini (Jumat, 27 November)" in page and "Kemarin (Kamis, 26 November)" in page
    response = person.post("kapan_bayar", {"hari": "2026-11-27", "jam": "09.15"})
    assert response.headers["Location"].endswith(f"{BASE}/tunggu")
    page = person.client.get(f"{BASE}/tunggu").get_data(as_text=True)
    assert "Anda membayar Jumat, 27 November pukul 09.15" in page
    assert "Biasanya kartu sudah aktif sebelum Sabtu, 28 November pukul 09.15" in page
    assert "paling lambat" not in page.split("Yang dilakukan berikutnya")[1].split("Hubungi")[0]  # no promise
    assert "- Waktu membayar: Jumat, 27 November 2026 pukul 09.15" in page
    again = person.client.get(f"{BASE}/kapan_bayar").get_data(as_text=True)  # going back shows the answer
    assert '<input checked id="hari-0" name="hari" type="radio" value="2026-11-27">' in again
    assert 'value="09.15"' in again


def test_a_reload_after_the_wait_says_the_time_has_passed(person, monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: at(2026, 11, 27, 14, 30))
    person.walk([*MANDIRI, ("kapan_bayar", "0@2026-11-27T09:15")])
    monkeypatch.setattr(clock, "now", lambda: at(2026, 11, 29, 8, 0))
    page = person.client.get(f"{BASE}/tunggu").get_data(as_text=True)
    assert "waktu itu sudah lewat" in page


@pytest.mark.parametrize("hari, jam, where, says", [
    ("2026-11-25", "20:05", "cek_pembayaran", None),  # two days ago: check the payment
    ("lama", "", "cek_pembayaran", None),
    ("lupa", "", "cek_pembayaran", None),
    ("", "09.15", None, "Pilih hari Anda membayar"),
    ("2026-11-27", "sore", None, "Tulis jamnya seperti 14.30"),
    ("2026-11-27", "25.10", None, "Tulis jamnya seperti 14.30"),
    ("2026-11-27", "23.30", None, "Waktu ini belum lewat"),  # later than now, even in WIT
    ("2026-11-10", "09.15", None, "Pilih hari Anda membayar"),  # not a day offered
])
def test_the_time_paid_is_checked_and_kept(person, monkeypatch, hari, jam, where, says):
    monkeypatch.setattr(clock, "now", lambda: at(2026, 11, 27, 14, 30))
    person.walk(MANDIRI)
    response = person.post("kapan_bayar", {"hari": hari, "jam": jam})
    if where:
        assert response.status_code == 303 and response.headers["Location"].endswith(f"{BASE}/{where}")
        return
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and says in page and "<title>Kesalahan:" in page
    assert f'value="{jam}"' in page  # what was typed is still there


def test_every_outcome_can_be_reached_and_shown(person, monkeypatch, app):
    monkeypatch.setattr(clock, "now", lambda: at(2026, 11, 27, 14, 30))
    checklist = app.extensions["content"].current().checklist
    for outcome in outcomes(checklist):
        token = csrf_token(person.client.get(f"{BASE}/kategori", follow_redirects=True).get_data(as_text=True))
        person.client.post(f"{BASE}/mulai-ulang", data={"csrf_token": token})
        response = person.walk(way_to(checklist, outcome))
        assert response.headers["Location"].endswith(f"{BASE}/{outcome}")
        page = person.client.get(f"{BASE}/{outcome}")
        text = page.get_data(as_text=True)
        assert page.status_code == 200 and checklist.steps[outcome].title in text, outcome
        assert checklist.steps[outcome].summary in text and "Ringkasan untuk petugas" in text


def test_a_stale_time_page_says_so_in_indonesian_and_keeps_the_answer(person, monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: at(2026, 11, 27, 14, 30))
    person.walk(MANDIRI)
    person.client.get(f"{BASE}/kapan_bayar")
    response = person.client.post(f"{BASE}/kapan_bayar", data={"hari": "2026-11-27", "jam": "09.15",
                                                                 "csrf_token": "basi"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "Halaman ini terlalu lama terbuka" in page
    assert "CSRF" not in page and 'value="09.15"' in page
