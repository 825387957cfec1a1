"""Search: Indonesian word forms, ranking, snippets, odd input."""
from pathlib import Path

import pytest

from blueprints.guides.articles import load_library

ROOT = Path(__file__).resolve().parent.parent
ACTIVATION = {"aktivasi-lewat-mobile-jkn", "aktivasi-lewat-pandawa", "tunggakan-dan-reaktivasi"}


@pytest.fixture(scope="module")
def library():
    return load_library(ROOT / "content")


def slugs(hits):
    return [hit.guide.slug for hit in hits]


@pytest.mark.parametrize("query", ["mengaktifkan", "aktivasi", "pengaktifan", "reaktivasi", "diaktifkan"])
def test_word_forms_find_the_activation_guides(library, query):
    found = set(slugs(library.search(query)))
    assert ACTIVATION <= found


def test_a_title_match_ranks_first(library):
    assert slugs(library.search("iuran kelas"))[0] == "besar-iuran-per-kelas"
    assert slugs(library.search("tunggakan"))[0] == "tunggakan-dan-reaktivasi"
    assert slugs(library.search("pandawa"))[0] == "aktivasi-lewat-pandawa"


def test_every_word_must_match_before_any_word_does(library):
    both = slugs(library.search("denda rawat"))
    assert both == ["tunggakan-dan-reaktivasi"]
    assert slugs(library.search("denda zzzzz")) == ["tunggakan-dan-reaktivasi"]


def test_the_last_word_may_be_unfinished(library):
    assert "aktivasi-lewat-pandawa" in slugs(library.search("whatsa"))


def test_snippets_mark_the_matching_words(library):
    hit = library.search("menunggak")[0]
    marked = [s.text.lower() for s in hit.snippet if s.match]
    assert marked and all("tunggak" in word for word in marked)
    shown = "".join(s.text for s in hit.snippet).strip("… ")
    assert shown in " ".join(hit.guide.text.split())


@pytest.mark.parametrize("query", ['"', "AND OR NOT", "*", "kartu\" OR 1=1 --", "(((", "NEAR(a b)", "é"])
def test_search_syntax_in_queries_is_harmless(library, query):
    library.search(query)  # must not raise


def test_nothing_found_is_an_empty_list(library):
    assert library.search("xylofonzzz") == []
    assert library.search("   ") == []
