"""What editors and crawlers see, in real Chromium."""
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import serve


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    """A server whose guides carry an edit link, as when CONTENT_EDIT_URL is set."""
    yield from serve(tmp_path_factory.mktemp("edit"), CONTENT_EDIT_URL="https://git.example/edit/main/{path}")


def test_the_edit_link_points_at_the_guide_s_file(js_page):
    js_page.goto("/panduan/besar-iuran-per-kelas")
    link = js_page.get_by_role("link", name="Ubah halaman ini")
    expect(link).to_have_attribute("href", "https://git.example/edit/main/content/guides/besar-iuran-per-kelas.md")


def test_the_sitemap_lists_every_guide(js_page, live):
    response = js_page.goto("/sitemap.xml")
    assert response.ok and "xml" in response.headers["content-type"]
    xml = response.text()
    site = live.app.config["SITE_URL"].rstrip("/")  # the configured address, whatever Host the browser sent
    for slug in ("besar-iuran-per-kelas", "tunggakan-dan-reaktivasi", "menghubungi-bpjs-kesehatan"):
        assert re.search(rf"<loc>{re.escape(site)}/panduan/{slug}</loc>", xml)
