"""The checklist over HTTP, with and without htmx."""
import datetime
from zoneinfo import ZoneInfo

import pytest

from blueprints.core import clock
from tests.conftest import csrf_token

BASE = "/bantuan/belum-aktif"


class Person:
    """Someone answering the checklist in a browser without JavaScript."""

    def __init__(self, client):
        self.client = client

    def choose(self, name, value, headers=None):
        token = csrf_token(self.client.get(f"{BASE}/{name}", follow_redirects=True).get_data(as_text=True))
        return self.client.post(f"{BASE}/{name}", data={"pilihan": value, "csrf_token": token}, headers=headers or {})


@pytest.fixture
def person(client):
    return Person(client)


def test_start_page_needs_no_personal_data(client):
    page = client.get(BASE).get_data(as_text=True)
    assert "Tidak perlu mengisi NIK" in page and f'href="{BASE}/kategori"' in page


def test_answers_lead_from_step_to_step(person):
    response = person.choose("kategori", "0")
    assert response.status_code == 303 and response.headers["Location"].endswith(f"{BASE}/sudah_bayar")
    page = person.client.get(f"{BASE}/sudah_bayar").get_data(as_text=True)
    assert "Langkah 2 dari paling banyak" in page and f'href="{BASE}/kategori">Kembali' in page


def test_a_step_not_reached_yet_redirects_to_the_current_one(person):
    person.choose("kategori", "0")
    assert person.client.get(f"{BASE}/tunggu").headers["Location"].endswith(f"{BASE}/sudah_bayar")
    assert person.client.get(f"{BASE}/tidak-ada").status_code == 404


def test_no_choice_is_a_422_with_the_question_kept(person):
    response = person.choose("kategori", "")
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "<title>Galat:" in page and "Pilih salah satu jawaban." in page


def test_going_back_shows_the_earlier_choice_and_changing_it_changes_the_path(person):
    person.choose("kategori", "0")
    person.choose("sudah_bayar", "1")
    page = person.client.get(f"{BASE}/kategori").get_data(as_text=True)
    assert 'value="0" checked' in page
    assert person.choose("kategori", "2").headers["Location"].endswith(f"{BASE}/pbi_dinsos")


def test_the_outcome_says_whether_pandawa_is_open(person, monkeypatch):
    friday_afternoon = datetime.datetime(2026, 11, 27, 15, 1, tzinfo=ZoneInfo("Asia/Jakarta"))
    monkeypatch.setattr(clock, "now", lambda: friday_afternoon)
    for name, value in [("kategori", "1"), ("ppu_masih_bekerja", "1")]:
        person.choose(name, value)
    page = person.client.get(f"{BASE}/ppu_berhenti").get_data(as_text=True)
    assert "sedang tutup" in page and "buka lagi Senin, 30 November pukul 08.00 WIB" in page
    assert "09.00–16.00 WITA" in page
    assert 'href="/daftar/"' in page  # switch to mandiri
    assert "Kesimpulan: Pindah menjadi peserta mandiri" in page  # the summary to copy


def test_pandawa_open_on_a_weekday_morning(person, monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: datetime.datetime(2026, 11, 27, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta")))
    person.choose("kategori", "0")
    person.choose("sudah_bayar", "1")
    assert "sedang buka sekarang" in person.client.get(f"{BASE}/ada_tunggakan").get_data(as_text=True)


def test_restart_forgets_the_answers(person):
    person.choose("kategori", "0")
    token = csrf_token(person.client.get(BASE).get_data(as_text=True))  # "Mulai ulang" is there once started
    person.client.post(f"{BASE}/mulai-ulang", data={"csrf_token": token})
    assert person.client.get(f"{BASE}/sudah_bayar").headers["Location"].endswith(f"{BASE}/kategori")


def test_progress_is_only_choices_and_pages_are_not_stored(app, person):
    person.choose("kategori", "0")
    cookie = person.client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value
    payload = app.session_interface.get_signing_serializer(app).loads(cookie)
    assert payload["belum_aktif"] == [["kategori", "0"]]
    assert person.client.get(f"{BASE}/sudah_bayar").headers["Cache-Control"] == "no-store"


def test_with_htmx_a_step_is_the_fragment_and_the_url_follows(person, htmx_headers):
    person.choose("kategori", "0")
    response = person.client.get(f"{BASE}/sudah_bayar", headers=htmx_headers("langkah"))
    page = response.get_data(as_text=True)
    assert "<html" not in page and "<title>" in page and "Apakah Anda sudah membayar" in page
    assert response.headers["HX-Push-Url"] == f"{BASE}/sudah_bayar"
    invalid = person.choose("sudah_bayar", "7", headers=htmx_headers("langkah"))
    assert invalid.status_code == 422 and "<html" not in invalid.get_data(as_text=True)


def test_links_in_from_home_guides_and_status(client):
    assert f'href="{BASE}"' in client.get("/").get_data(as_text=True)
    assert f'href="{BASE}"' in client.get("/panduan/masih-belum-aktif-setelah-bayar").get_data(as_text=True)


def test_waiting_says_by_when_the_card_should_be_active(person, monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: datetime.datetime(2026, 11, 27, 14, 30, tzinfo=ZoneInfo("Asia/Jakarta")))
    for name, value in [("kategori", "0"), ("sudah_bayar", "0"), ("kapan_bayar", "0")]:
        person.choose(name, value)
    page = person.client.get(f"{BASE}/tunggu").get_data(as_text=True)
    assert "paling lambat Sabtu, 28 November pukul 14.30 WIB" in page
