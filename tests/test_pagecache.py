"""The whole-page cache in front of Flask."""
import shutil
from pathlib import Path

from flask import template_rendered

from blueprints.core.pagecache import MARK, Entry, PageStore
from tests.conftest import bump, make_app

ROOT = Path(__file__).resolve().parent.parent
GUIDE = "/panduan/besar-iuran-per-kelas"


def renders(app, path, **kwargs):
    """Request path and return how many templates Flask rendered for it."""
    rendered = []

    def record(sender, template, context, **extra):
        rendered.append(template.name)

    with template_rendered.connected_to(record, app):
        response = app.test_client().get(path, **kwargs)
    return response, len(rendered)


def test_a_page_is_rendered_once_then_served_from_memory(app):
    first, first_renders = renders(app, GUIDE)
    second, second_renders = renders(app, GUIDE)
    assert first_renders > 0 and second_renders == 0
    assert second.data == first.data
    assert second.headers["ETag"] == first.headers["ETag"]
    assert MARK not in first.headers and MARK not in second.headers


def test_each_encoding_is_stored_once(app):
    gz = {"Accept-Encoding": "gzip"}
    renders(app, GUIDE, headers=gz)
    response, count = renders(app, GUIDE, headers=gz)
    assert count == 0 and response.headers["Content-Encoding"] == "gzip"
    response, count = renders(app, GUIDE)
    assert count > 0 and "Content-Encoding" not in response.headers


def test_a_body_compressed_for_a_client_that_refused_gzip_never_reaches_one_without_it(app):
    refused, _ = renders(app, GUIDE, headers={"Accept-Encoding": "gzip;q=0"})  # whatever is sent to it...
    plain, _ = renders(app, GUIDE, headers={"Accept-Encoding": "identity"})
    bare, _ = renders(app, GUIDE)
    for response in (plain, bare):  # ... the clients that cannot read gzip get plain HTML
        assert "Content-Encoding" not in response.headers and response.data.lstrip().startswith(b"<!")
    assert refused.status_code == 200


def test_the_cache_answers_if_none_match_with_304(app):
    etag = renders(app, GUIDE)[0].headers["ETag"]
    response, count = renders(app, GUIDE, headers={"If-None-Match": etag})
    assert response.status_code == 304 and count == 0 and response.data == b""


def test_pages_that_depend_on_the_request_are_never_stored(app):
    for _ in range(2):
        _, count = renders(app, "/cari?q=iuran")
        assert count > 0  # search varies on HX-Request, so it is rendered every time
    for _ in range(2):
        _, count = renders(app, "/tidak-ada")
        assert count > 0  # errors are not stored
    for _ in range(2):
        _, count = renders(app, "/sitemap.xml")
        assert count > 0  # absolute URLs name the host, which the page cache does not key on


def test_a_content_change_empties_the_cache(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    app, cleanup = make_app(tmp_path, CONTENT_DIR=content)
    try:
        assert "Rp150.000" in renders(app, GUIDE)[0].get_data(as_text=True)
        figures = content / "data" / "figures.yml"
        figures.write_text(figures.read_text().replace("value: 150000", "value: 160000"))
        bump(figures)
        response, count = renders(app, GUIDE)
        assert count > 0 and "Rp160.000" in response.get_data(as_text=True)
    finally:
        cleanup()


def test_the_store_keeps_a_bounded_number_of_pages():
    store = PageStore(max_entries=2)
    for n in range(3):
        store.put(("/p", str(n), True), Entry([], b"x", None))
    assert len(store) == 2
    assert store.get(("/p", "0", True)) is None and store.get(("/p", "2", True)) is not None


def test_served_from_memory_the_headers_do_not_grow(app):
    client = app.test_client()
    responses = [client.get(GUIDE) for _ in range(4)]
    assert all(len(r.headers.getlist("X-Request-Id")) == 1 for r in responses)
    assert len({r.headers["X-Request-Id"] for r in responses}) == 4
    assert len({len(r.headers) for r in responses}) == 1
