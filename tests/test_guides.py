"""Guide pages, search and feedback over HTTP."""
import gzip
import shutil
from pathlib import Path

import pytest
from sqlalchemy import text

from blueprints.core.content import ContentError
from blueprints.core.figures import load_figures
from blueprints.guides.articles import load_guides
from blueprints.guides.models import Feedback
from extensions import db

GUIDE = "/panduan/tunggakan-dan-reaktivasi"
FEEDBACK = GUIDE + "/umpan-balik"
SAME_ORIGIN = {"Origin": "http://localhost"}


def feedback_rows(app):
    with app.app_context():
        return db.session.scalars(db.select(Feedback)).all()


def test_index_lists_every_category_with_its_guides(client):
    page = client.get("/panduan/").get_data(as_text=True)
    for title in ("Sebelum mulai", "Mendaftar dan mengaktifkan", "Tunggakan dan kartu tidak aktif", "Bantuan"):
        assert title in page
    assert 'href="/panduan/aktivasi-lewat-pandawa"' in page


def test_a_guide_has_breadcrumbs_toc_date_sources_and_neighbours(client):
    page = client.get(GUIDE).get_data(as_text=True)
    assert '<nav class="breadcrumbs"' in page and 'href="/panduan/#masalah"' in page
    assert 'href="#denda-pelayanan"' in page
    assert "Diperbarui 2 Desember 2026" in page
    assert "Serambinews: Bukan cuma iuran yang naik" in page and 'href="https://aceh.tribunnews.com/' in page
    assert 'rel="next" href="/panduan/rehab-cicilan-tunggakan"' in page
    assert "Rp30.000.000" in page  # the cap, from the figures file


def test_guide_pages_send_no_script_and_no_cookie(client):
    response = client.get(GUIDE)
    assert "<script" not in response.get_data(as_text=True)
    assert "Set-Cookie" not in response.headers


def test_guide_pages_are_cacheable_and_conditional(client):
    response = client.get(GUIDE)
    assert response.cache_control.public and response.cache_control.max_age > 0
    etag = response.headers["ETag"]
    again = client.get(GUIDE, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""


def test_guide_pages_are_gzipped_for_clients_that_accept_it(client):
    plain = client.get(GUIDE).data
    zipped = client.get(GUIDE, headers={"Accept-Encoding": "gzip, deflate"})
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped.headers["Vary"]
    assert gzip.decompress(zipped.data) == plain
    assert zipped.headers["ETag"] != client.get(GUIDE).headers["ETag"]


@pytest.mark.parametrize("path", ["/panduan/tidak-ada", "/panduan/..%2Fapp", "/panduan/%00"])
def test_unknown_guides_are_404_in_indonesian(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.get_data(as_text=True)


def test_search_without_htmx_is_a_full_page(client):
    response = client.get("/cari?q=mengaktifkan")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert page.startswith("<!doctype html>")
    assert '<div id="hasil"' in page and "<mark>" in page
    assert "HX-Request" in response.headers["Vary"]


def test_search_with_htmx_is_only_the_results(client, htmx_headers):
    response = client.get("/cari?q=mengaktifkan", headers=htmx_headers("hasil"))
    page = response.get_data(as_text=True)
    assert "<html" not in page and "<mark>" in page
    assert 'href="/panduan/aktivasi-lewat-mobile-jkn"' in page
    assert "HX-Request" in response.headers["Vary"]


def test_htmx_history_restore_gets_the_full_page(client, htmx_headers):
    response = client.get("/cari?q=iuran", headers=htmx_headers("hasil", **{"HX-History-Restore-Request": "true"}))
    assert "<html" in response.get_data(as_text=True)


def test_empty_search_suggests_topics(client):
    page = client.get("/cari").get_data(as_text=True)
    assert "Ketik satu atau dua kata" in page and 'href="/panduan/#persiapan"' in page


def test_search_without_results_says_what_to_try(client):
    page = client.get("/cari?q=xylofonzzz").get_data(as_text=True)
    assert "Belum ada panduan untuk “xylofonzzz”" in page
    assert "Care Center 165" in page


def test_a_very_long_query_is_cut_not_refused(client):
    assert client.get("/cari?q=" + "aktif " * 500).status_code == 200


def test_feedback_without_js_is_stored_and_thanked_after_a_redirect(app, client):
    response = client.post(FEEDBACK, data={"membantu": "ya", "komentar": "Jelas sekali"}, headers=SAME_ORIGIN)
    assert response.status_code == 303
    assert response.headers["Location"].endswith(GUIDE + "?umpan-balik=terkirim#umpan-balik")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Terima kasih atas masukan Anda" in page
    [row] = feedback_rows(app)
    assert (row.guide, row.helpful, row.comment) == ("tunggakan-dan-reaktivasi", True, "Jelas sekali")
    assert row.created_at is not None


def test_feedback_with_htmx_answers_with_the_thanks_fragment(app, client, htmx_headers):
    response = client.post(FEEDBACK, data={"membantu": "tidak"}, headers=SAME_ORIGIN | htmx_headers("umpan-balik"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" not in page and 'id="umpan-balik"' in page and "Terima kasih" in page
    [row] = feedback_rows(app)
    assert row.helpful is False and row.comment is None


def test_feedback_strips_personal_data_and_says_so(app, client):
    response = client.post(FEEDBACK, headers=SAME_ORIGIN, data={
        "membantu": "tidak", "komentar": "NIK saya 3171234567890001, email budi@contoh.id, hp 0812-3456-7890"})
    assert response.headers["Location"].endswith("umpan-balik=disaring#umpan-balik")
    [row] = feedback_rows(app)
    for secret in ("3171234567890001", "budi@contoh.id", "0812-3456-7890"):
        assert secret not in row.comment
    assert "tampak seperti nomor" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_feedback_without_an_answer_is_422_and_keeps_the_comment(app, client):
    response = client.post(FEEDBACK, data={"komentar": "Tolong tambah contoh"}, headers=SAME_ORIGIN)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "<title>Kesalahan:" in page
    assert 'href="#membantu">Pilih Ya atau Tidak' in page
    assert "Tolong tambah contoh</textarea>" in page
    assert feedback_rows(app) == []


def test_feedback_invalid_with_htmx_returns_the_fragment_with_errors(client, htmx_headers):
    response = client.post(FEEDBACK, data={"membantu": "mungkin"}, headers=SAME_ORIGIN | htmx_headers("umpan-balik"))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "<html" not in page and 'class="error-summary"' in page


def test_too_long_a_comment_is_refused_with_the_limit(client):
    response = client.post(FEEDBACK, data={"membantu": "ya", "komentar": "a" * 501}, headers=SAME_ORIGIN)
    assert response.status_code == 422
    assert "paling banyak 500 karakter" in response.get_data(as_text=True)


@pytest.mark.parametrize("headers", [
    {"Origin": "https://jahat.example"},
    {"Origin": "null"},
    {"Referer": "https://jahat.example/halaman"},
])
def test_feedback_from_another_site_is_refused(app, client, headers):
    response = client.post(FEEDBACK, data={"membantu": "ya"}, headers=headers)
    assert response.status_code == 403
    assert "harus dikirim dari halaman di situs ini" in response.get_data(as_text=True)
    assert feedback_rows(app) == []


def test_feedback_with_same_site_referer_is_accepted(client):
    response = client.post(FEEDBACK, data={"membantu": "ya"}, headers={"Referer": "http://localhost" + GUIDE})
    assert response.status_code == 303


def test_feedback_for_an_unknown_guide_is_404(client):
    response = client.post("/panduan/tidak-ada/umpan-balik", data={"membantu": "ya"}, headers=SAME_ORIGIN)
    assert response.status_code == 404


def test_feedback_is_rate_limited(tmp_path):
    from tests.conftest import make_app

    app, cleanup = make_app(tmp_path, FEEDBACK_RATE_LIMIT="2 per minute")
    try:
        client = app.test_client()
        codes = [client.post(FEEDBACK, data={"membantu": "ya"}, headers=SAME_ORIGIN).status_code for _ in range(3)]
        assert codes == [303, 303, 429]
        fourth = client.post(FEEDBACK, data={"membantu": "ya"}, headers=SAME_ORIGIN)
        assert "Terlalu banyak permintaan" in fourth.get_data(as_text=True)
    finally:
        cleanup()


def test_a_database_failure_keeps_the_answer_and_says_so(app, client):
    with app.app_context():  # a real failure: the table is gone
        db.session.execute(text("DROP TABLE feedback"))
        db.session.commit()
    response = client.post(FEEDBACK, data={"membantu": "ya", "komentar": "Saran saya"}, headers=SAME_ORIGIN)
    page = response.get_data(as_text=True)
    assert response.status_code == 503
    assert "belum tersimpan" in page and "Saran saya</textarea>" in page


def test_a_replaced_guide_s_address_leads_to_the_guide_that_replaced_it(client):
    response = client.get("/panduan/aktivasi-lewat-situs-resmi")
    assert response.status_code == 301 and response.headers["Location"].endswith("/panduan/kantor-cabang-mpp-bpjs-satu")
    assert client.get("/panduan/aktivasi-lewat-situs-lama").status_code == 404


def test_an_earlier_address_may_not_be_a_guide_s_own(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(Path(__file__).resolve().parent.parent / "content", content)
    guide = content / "guides" / "pindah-faskes.md"
    moved = guide.read_text(encoding="utf-8").replace("order: 2\n", "order: 2\nreplaces: [naik-atau-turun-kelas]\n", 1)
    guide.write_text(moved, encoding="utf-8")
    with pytest.raises(ContentError, match="'replaces: naik-atau-turun-kelas': alamat itu sudah dipakai"):
        load_guides(content, load_figures(content / "data" / "figures.yml"))
