"""The content store: reload on change, keep the last good version on a mistake, and make again only
what a change touched."""
import shutil
import threading
import time
from pathlib import Path

import pytest

from bench import library
from blueprints.core import content
from blueprints.core.content import ContentError, ContentStore
from blueprints.core.library import load_library
from tests.conftest import bump

ROOT = Path(__file__).resolve().parent.parent


def store_on_copy(tmp_path):
    root = tmp_path / "content"
    shutil.copytree(ROOT / "content", root)
    return root, ContentStore(root, load_library, interval=0)


def test_the_repository_content_loads_into_one_library():
    library = load_library(ROOT / "content")
    assert len(library.guides.published()) >= 8
    assert library.faskes and library.banks and "kontak.pandawa_jam" in library.figures
    assert library.checklist.start in library.checklist.steps
    assert library.pages is not load_library(ROOT / "content").pages  # each snapshot its own page cache


def test_a_bank_list_that_is_not_names_is_an_error(tmp_path):
    root, _ = store_on_copy(tmp_path)
    (root / "data" / "banks.yml").write_text("bri: 1\n")
    with pytest.raises(ContentError) as error:
        load_library(root)
    assert error.value.path == root / "data" / "banks.yml"


def test_a_changed_guide_shows_on_the_next_look(tmp_path):
    root, store = store_on_copy(tmp_path)
    path = root / "guides" / "tips-aktivasi-lancar.md"
    path.write_text(path.read_text().replace("title: Tips supaya aktivasi lancar", "title: Tips baru"))
    bump(path)
    assert store.current().guides.by_slug["tips-aktivasi-lancar"].title == "Tips baru"


def test_a_broken_file_keeps_the_last_good_version(tmp_path, caplog):
    root, store = store_on_copy(tmp_path)
    before = store.current()
    path = root / "guides" / "tips-aktivasi-lancar.md"
    path.write_text("---\ntitle: [rusak\n---\n")
    bump(path)
    assert store.current() is before
    assert "tips-aktivasi-lancar.md" in caplog.text


def test_figures_change_everywhere_at_once(tmp_path):
    root, store = store_on_copy(tmp_path)
    path = root / "data" / "figures.yml"
    path.write_text(path.read_text().replace("value: 150000", "value: 175000"))
    bump(path)
    guide = store.current().guides.by_slug["besar-iuran-per-kelas"]
    assert "Rp175.000" in guide.html and "Rp150.000" not in guide.html


def changed_by_itself(store, before, within=5.0) -> bool:
    """Whether the store swaps its snapshot within a few seconds, with nobody but its watcher looking."""
    deadline = time.monotonic() + within
    while store.current() is before:
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


@pytest.fixture
def watched(tmp_path, monkeypatch):
    """A copy of content/ in a store that watches it (as a served worker's does), and the names of
    the threads that looked at the files."""
    root = tmp_path / "content"
    shutil.copytree(ROOT / "content", root)
    lookers = []
    real_signature = content.signature

    def signature(folder):
        lookers.append(threading.current_thread().name)
        return real_signature(folder)
    monkeypatch.setattr(content, "signature", signature)
    stores = []

    def make(interval=3600):
        stores.append(ContentStore(root, load_library, interval=interval))
        return stores[-1]
    yield root, make, lookers
    for store in stores:
        store.close()


def test_a_served_store_hears_of_an_edit_and_reloads_on_its_own_thread_never_a_request_s(watched):
    root, make, lookers = watched
    store = make()
    before = store.current()  # the first request starts the watcher
    for _ in range(50):
        assert store.current() is before
    lookers.clear()
    path = root / "guides" / "tips-aktivasi-lancar.md"
    path.write_text(path.read_text().replace("title: Tips supaya aktivasi lancar", "title: Tips baru"))
    assert changed_by_itself(store, before)
    assert store.current().guides.by_slug["tips-aktivasi-lancar"].title == "Tips baru"
    assert lookers and set(lookers) == {"content-reload"}  # no request stat-ed a file


def test_where_the_kernel_cannot_tell_the_files_are_looked_at_every_interval(watched, monkeypatch, caplog):
    def no_inotify():
        raise OSError(24, "inotify instance limit reached")
    monkeypatch.setattr(content, "Observer", no_inotify)
    root, make, _ = watched
    store = make(interval=0.2)
    before = store.current()
    (root / "guides" / "tips-aktivasi-lancar.md").unlink()
    assert changed_by_itself(store, before)
    assert "tips-aktivasi-lancar" not in store.current().guides.by_slug
    assert "looking every 0.2 s" in caplog.text


def test_a_broken_save_seen_by_the_watcher_keeps_the_last_good_version_live(watched, caplog):
    root, make, _ = watched
    store = make()
    before = store.current()
    path = root / "guides" / "tips-aktivasi-lancar.md"
    path.write_text("---\ntitle: [rusak\n---\n")
    deadline = time.monotonic() + 5
    while "tips-aktivasi-lancar.md" not in caplog.text and time.monotonic() < deadline:
        time.sleep(0.02)
    assert "keeping the last good version" in caplog.text
    assert store.current() is before


def test_a_reload_makes_again_only_the_guide_that_changed(tmp_path):
    root, store = store_on_copy(tmp_path)
    before = store.current().guides
    path = root / "guides" / "tips-aktivasi-lancar.md"
    path.write_text(path.read_text() + "\nKata baru: layang-layang.\n")
    bump(path)
    after = store.current().guides
    assert after.by_slug["tips-aktivasi-lancar"] is not before.by_slug["tips-aktivasi-lancar"]
    assert "layang" in after.by_slug["tips-aktivasi-lancar"].text
    kept = [slug for slug in before.by_slug if after.by_slug[slug] is before.by_slug[slug]]
    assert len(kept) == len(before.by_slug) - 1
    assert [hit.guide.slug for hit in after.search("layang-layang")] == ["tips-aktivasi-lancar"]
    assert before.search("layang-layang") == []  # the last snapshot is left as it was


def test_a_changed_figure_makes_again_the_guides_that_name_it_and_no_other(tmp_path):
    root, store = store_on_copy(tmp_path)
    before = store.current().guides
    path = root / "data" / "figures.yml"
    path.write_text(path.read_text().replace("value: 150000", "value: 175000"))
    bump(path)
    after = store.current().guides
    naming = {slug for slug, guide in after.by_slug.items() if "iuran.kelas_1" in dict(guide.origin.figures)}
    assert "besar-iuran-per-kelas" in naming
    for slug, guide in after.by_slug.items():
        assert (guide is before.by_slug[slug]) == (slug not in naming), slug
    assert "Rp175.000" in after.by_slug["besar-iuran-per-kelas"].text


def test_a_guide_added_or_removed_comes_or_goes_in_the_index_too(tmp_path):
    root, store = store_on_copy(tmp_path)
    (root / "guides" / "tips-aktivasi-lancar.md").unlink()
    new = root / "guides" / "panduan-baru.md"
    new.write_text("---\ntitle: Panduan baru tentang layang-layang\nsummary: Ringkas.\ncategory: aktivasi\n"
                   "order: 99\nupdated: 2026-12-01\n---\nIsi panduan yang baru.\n")
    guides = store.current().guides
    assert "tips-aktivasi-lancar" not in guides.by_slug
    assert [hit.guide.slug for hit in guides.search("layang")] == ["panduan-baru"]
    assert not any(hit.guide.slug == "tips-aktivasi-lancar" for hit in guides.search("aktivasi lancar"))


def test_a_kept_guide_whose_category_is_gone_is_an_error_and_the_last_good_version_stays(tmp_path, caplog):
    root, store = store_on_copy(tmp_path)
    before = store.current()
    path = root / "data" / "categories.yml"
    path.write_text(path.read_text().replace("- slug: aktivasi", "- slug: aktivasi-lain"))
    bump(path)
    assert store.current() is before
    assert "kategori" in caplog.text or "category" in caplog.text


def test_new_synonyms_apply_to_guides_that_did_not_change(tmp_path):
    root, store = store_on_copy(tmp_path)
    assert store.current().guides.search("layangan") == []
    path = root / "guides" / "tips-aktivasi-lancar.md"
    path.write_text(path.read_text() + "\nKata baru: layang.\n")
    bump(path)
    store.current()
    synonyms = root / "data" / "search.yml"
    synonyms.write_text(synonyms.read_text().replace("synonyms:\n", "synonyms:\n  layangan: layang\n"))
    bump(synonyms)
    assert [hit.guide.slug for hit in store.current().guides.search("layangan")] == ["tips-aktivasi-lancar"]


def test_while_one_request_reloads_the_others_go_on_with_the_last_snapshot(tmp_path):
    root = tmp_path / "content"
    shutil.copytree(ROOT / "content", root)
    loading, release = threading.Event(), threading.Event()

    def slow_load(folder, previous):
        if previous is not None:  # a reload, not the start
            loading.set()
            release.wait(10)
        return load_library(folder, previous)

    store = ContentStore(root, slow_load, interval=0)
    before = store.current()
    path = root / "guides" / "tips-aktivasi-lancar.md"
    path.write_text(path.read_text().replace("Tips supaya", "Tips lain supaya"))
    bump(path)
    reloading = threading.Thread(target=store.current)
    reloading.start()
    assert loading.wait(10)
    assert store.current() is before  # at once, not after the reload
    release.set()
    reloading.join(10)
    assert store.current() is not before


def test_the_benchmark_s_generated_guides_load_and_reload_one_at_a_time(tmp_path):
    root = library.make(tmp_path, 40)  # what `make bench` measures at 1,000
    store = ContentStore(root, load_library, interval=0)
    before = store.current().guides
    assert len(before.by_slug) == len(list((ROOT / "content" / "guides").glob("*.md"))) + 40
    path = root / "guides" / "panduan-contoh-0007.md"
    path.write_text(path.read_text().replace("Panduan nomor 7 ", "Panduan nomor 7 diubah "))
    bump(path)
    after = store.current().guides
    assert [slug for slug in after.by_slug if after.by_slug[slug] is not before.by_slug[slug]] == [path.stem]
