"""The content store: reload on change, keep the last good version on a mistake."""
import shutil
from pathlib import Path

import pytest

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


def test_the_interval_limits_how_often_files_are_looked_at(tmp_path):
    root, _ = store_on_copy(tmp_path)
    store = ContentStore(root, load_library, interval=3600)
    before = store.current()
    path = root / "guides" / "tips-aktivasi-lancar.md"
    path.write_text(path.read_text().replace("Tips supaya", "Tips lain supaya"))
    bump(path)
    assert store.current() is before
