# Full-text search over the guides, in an in-memory SQLite FTS5 table that is
# rebuilt with every content snapshot.
#
# Indonesian builds words from a root with prefixes and suffixes
# (aktif → mengaktifkan, pengaktifan, diaktifkan), so both the guides and the
# query are reduced to root words with the Sastrawi stemmer before FTS5 sees
# them, and a small synonym list from content/data/search.yml joins loanwords to
# their roots (aktivasi → aktif). FTS5 ranks with BM25, a title match weighing
# most. Snippets are cut from the guide's own text, so the reader sees real
# words, with the words that matched marked. Reducing words to roots is the slow
# part, so a new index takes each unchanged guide's root words from the last one.
import re
import sqlite3
import threading
from dataclasses import dataclass
from functools import lru_cache

from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

WORD = re.compile(r"\w+", re.UNICODE)
SENTENCE_END = re.compile(r"(?<=[.!?:])\s+|\n")
WEIGHTS = (0.0, 10.0, 4.0, 1.0)  # slug, title, summary, body
SNIPPET_WORDS = 28
MAX_QUERY_TERMS = 8


@lru_cache(maxsize=1)
def _stemmer():
    return StemmerFactory().create_stemmer()


@lru_cache(maxsize=50_000)
def root_word(word: str) -> str:
    """The root of one lower-case word ('mengaktifkan' → 'aktif')."""
    if word.isdigit():
        return word
    return _stemmer().stem(word) or word


@dataclass(frozen=True)
class Segment:
    text: str
    match: bool


@dataclass(frozen=True)
class Hit:
    guide: object
    snippet: tuple[Segment, ...]


class Analyzer:
    """Turn text into the root words the index holds."""

    def __init__(self, synonyms: dict[str, str]):
        self.synonyms = {root_word(k.lower()): v for k, v in synonyms.items()}

    def term(self, word: str) -> str:
        root = root_word(word.lower())
        return self.synonyms.get(root, root)

    def terms(self, text: str) -> list[str]:
        return [self.term(w) for w in WORD.findall(text)]


class SearchIndex:
    """Rank guides for a query and cut a snippet from each."""

    def __init__(self, guides, synonyms: dict[str, str], previous: "SearchIndex | None" = None):
        """previous: the index of the last snapshot, whose analysis of a guide that is the very same
        object here (kept unchanged by the reload) is taken as it is."""
        self.synonyms = dict(synonyms)
        self.analyzer = Analyzer(synonyms)
        self.guides = {g.slug: g for g in guides}
        reusable = previous is not None and previous.synonyms == self.synonyms
        # Per guide: the root words of its title, summary and body, and its sentences with their root
        # words (for picking snippets fast).
        self._analysed = {
            g.slug: previous._analysed[g.slug] if reusable and previous.guides.get(g.slug) is g else self._analyse(g)
            for g in guides
        }
        self._lock = threading.Lock()
        self._db = sqlite3.connect(":memory:", check_same_thread=False)
        self._db.execute(
            "CREATE VIRTUAL TABLE docs USING fts5(slug UNINDEXED, title, summary, body,"
            " tokenize='unicode61 remove_diacritics 2')"
        )
        self._db.execute("CREATE VIRTUAL TABLE words USING fts5vocab(docs, 'row')")  # every root word indexed
        self._db.executemany("INSERT INTO docs VALUES (?, ?, ?, ?)",
                             [(slug, *fields) for slug, (fields, _sentences) in self._analysed.items()])

    def _analyse(self, guide):
        fields = tuple(" ".join(self.analyzer.terms(t)) for t in (guide.title, guide.summary, guide.text))
        sentences = [(s, frozenset(self.analyzer.terms(s))) for s in SENTENCE_END.split(guide.text) if s]
        return fields, sentences

    def query_terms(self, query: str) -> list[str]:
        terms = list(dict.fromkeys(self.analyzer.terms(query)))
        return terms[:MAX_QUERY_TERMS]

    def search(self, query: str, limit: int = 20) -> list[Hit]:
        """Guides matching every word of the query, else any word, best first."""
        terms = self.query_terms(query)
        if not terms:
            return []
        # The last word may still be being typed: let it match as a prefix.
        quoted = [f'"{t}"' for t in terms[:-1]] + [f'"{terms[-1]}"*']
        slugs = self._match(" AND ".join(quoted), limit) or self._match(" OR ".join(quoted), limit)
        matching = frozenset(terms[:-1]) | self._starting_with(terms[-1]) if slugs else frozenset()
        return [Hit(self.guides[s], self.snippet(s, terms, matching)) for s in slugs]

    def _match(self, expression: str, limit: int) -> list[str]:
        with self._lock:
            rows = self._db.execute(
                "SELECT slug FROM docs WHERE docs MATCH ? ORDER BY bm25(docs, ?, ?, ?, ?) LIMIT ?",
                (expression, *WEIGHTS, limit),
            ).fetchall()
        return [slug for (slug,) in rows]

    @staticmethod
    def _term_matches(term: str, terms: list[str]) -> bool:
        return term in terms[:-1] or term.startswith(terms[-1])

    def _matches(self, word: str, terms: list[str]) -> bool:
        return self._term_matches(self.analyzer.term(word), terms)

    def _starting_with(self, prefix: str) -> set[str]:
        """Every root word in the index that starts with prefix (a range of the sorted vocabulary)."""
        with self._lock:
            rows = self._db.execute("SELECT term FROM words WHERE term >= ? AND term < ?",
                                    (prefix, prefix + "\U0010ffff")).fetchall()
        return {term for (term,) in rows}

    def snippet(self, slug: str, terms: list[str], matching: frozenset[str]) -> tuple[Segment, ...]:
        """The sentence of a guide that holds most query words, matches marked. matching: the root
        words that count as the query's, as _term_matches has it (the last term as a prefix)."""
        best = max(self._analysed[slug][1], key=lambda item: len(item[1] & matching), default=("", frozenset()))[0]
        words = best.split()
        if len(words) > SNIPPET_WORDS:
            first = next((i for i, w in enumerate(words)
                          if any(self._matches(x, terms) for x in WORD.findall(w))), 0)
            start = max(0, min(first - 5, len(words) - SNIPPET_WORDS))
            best = ("… " if start else "") + " ".join(words[start:start + SNIPPET_WORDS]) + " …"
        return tuple(self._mark(best, terms))

    def _mark(self, text: str, terms: list[str]):
        position = 0
        for match in WORD.finditer(text):
            if self._matches(match.group(), terms):
                if match.start() > position:
                    yield Segment(text[position:match.start()], False)
                yield Segment(match.group(), True)
                position = match.end()
        if position < len(text):
            yield Segment(text[position:], False)
