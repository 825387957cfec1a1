"""Search: Indonesian word forms, ranking, snippets, odd input."""
from pathlib import Path

import pytest

from blueprints.core.figures import load_figures
from blueprints.guides.articles import load_guides

ROOT = Path(__file__).resolve().parent.parent
ACTIVATION = {"aktivasi-lewat-mobile-jkn", "aktivasi-lewat-pandawa", "tunggakan-dan-reaktivasi"}


@pytest.fixture(scope="module")
def guides():
    return load_guides(ROOT / "content", load_figures(ROOT / "content" / "data" / "figures.yml"))


def slugs(hits):
    return [hit.guide.slug for hit in hits]


@pytest.mark.parametrize("query", ["mengaktifkan", "aktivasi", "pengaktifan", "reaktivasi", "diaktifkan"])
def test_word_forms_find_the_activation_guides(guides, query):
    found = set(slugs(guides.search(query)))
    assert found >= ACTIVATION


def test_a_title_match_ranks_first(guides):
    assert slugs(guides.search("besar iuran"))[0] == "besar-iuran-per-kelas"
    assert slugs(guides.search("tunggakan"))[0] == "tunggakan-dan-reaktivasi"
    assert slugs(guides.search("pandawa"))[0] == "aktivasi-lewat-pandawa"


def test_every_word_must_match_before_any_word_does(guides):
    both = slugs(guides.search("denda rawat"))
    assert both[0] == "tunggakan-dan-reaktivasi"
    assert all("denda" in hit.guide.text.lower() and "rawat" in hit.guide.text.lower()
               for hit in guides.search("denda rawat"))
    assert slugs(guides.search("denda zzzzz")) == both  # no guide has both: any word will do


def test_the_last_word_may_be_unfinished(guides):
    assert "aktivasi-lewat-pandawa" in slugs(guides.search("whatsa"))


def test_snippets_mark_the_matching_words(guides):
    hit = guides.search("menunggak")[0]
    marked = [s.text.lower() for s in hit.snippet if s.match]
    assert marked and all("tunggak" in word for word in marked)
    shown = "".join(s.text for s in hit.snippet).strip("… ")
    assert shown in " ".join(hit.guide.text.split())


@pytest.mark.parametrize("query", ['"', "AND OR NOT", "*", "kartu\" OR 1=1 --", "(((", "NEAR(a b)", "é"])
def test_search_syntax_in_queries_is_harmless(guides, query):
    guides.search(query)  # must not raise


def test_nothing_found_is_an_empty_list(guides):
    assert guides.search("xylofonzzz") == []
    assert guides.search("   ") == []


def test_the_snippet_is_the_sentence_with_most_query_words_the_last_one_as_a_prefix():
    from types import SimpleNamespace

    from blueprints.guides.search import SearchIndex

    text = ("Kartu bisa dicetak ulang. Denda dibayar sekali. Denda rawat inap dibayar di kantor cabang. "
            "Rawat jalan tidak kena denda.")
    index = SearchIndex([SimpleNamespace(slug="satu", title="Denda", summary="", text=text)], {})
    shown = ["".join(segment.text for segment in hit.snippet) for hit in index.search("denda rawat kan")]
    assert shown == ["Denda rawat inap dibayar di kantor cabang."]  # three words: denda, rawat, kantor ("kan"…)
    shown = ["".join(segment.text for segment in hit.snippet) for hit in index.search("kartu cetak")]
    assert shown == ["Kartu bisa dicetak ulang."]
