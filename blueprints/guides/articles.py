# Guides are Markdown files with YAML front matter in content/guides/. They are
# read, checked and rendered together with their categories and search index
# (load_guides), as one part of the site's content snapshot (core/library.py).
# Rendering happens here, once per change, never per request. A reload keeps
# each guide whose file and figures did not change since the last snapshot and
# renders only the others: at a thousand guides a full render takes seconds, one
# changed guide milliseconds (`make bench` measures both).
import datetime
import html
import os
import re
import subprocess
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import markdown
import nh3
import yaml

from blueprints.core import clock
from blueprints.core.content import ContentError
from blueprints.core.figures import PLACEHOLDER, Figure, is_web_url, parse_yaml, read_yaml, substitute
from blueprints.guides.search import SearchIndex

MARKDOWN_EXTENSIONS = ["toc", "tables", "admonition", "attr_list", "sane_lists"]
MARKDOWN_CONFIG = {"toc": {"toc_depth": "2-3"}}
ALLOWED_TAGS = nh3.ALLOWED_TAGS | {"h2", "h3", "h4", "table", "thead", "tbody", "tr", "th", "td"}
ALLOWED_ATTRIBUTES = {
    "*": {"id", "class"},
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "th": {"align", "scope"},
    "td": {"align"},
}
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
REQUIRED = {"title": str, "summary": str, "category": str, "order": int}


@dataclass(frozen=True)
class Source:
    title: str
    url: str | None
    checked: datetime.date | None


@dataclass(frozen=True)
class Heading:
    id: str
    title: str
    level: int


@dataclass(frozen=True)
class Origin:
    """What a guide was made from, so that a reload can keep it when none of that changed."""

    stamp: tuple[int, int]  # its file's size and modification time when it was read
    figures: tuple[tuple[str, str], ...]  # each figure it names, with the text shown for it


@dataclass(frozen=True)
class Guide:
    slug: str
    title: str
    summary: str
    category: str
    order: int
    updated: datetime.date
    sources: tuple[Source, ...]
    draft: bool
    html: str
    toc: tuple[Heading, ...]
    text: str
    file: str  # relative to the repository, for the "Ubah halaman ini" link
    replaces: tuple[str, ...] = ()  # earlier slugs of this guide; their addresses redirect here
    origin: Origin | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Category:
    slug: str
    title: str
    description: str


@dataclass(frozen=True)
class Guides:
    """The guides of one content snapshot with their categories and search index."""

    categories: list[Category]
    by_slug: dict[str, Guide]
    index: SearchIndex
    moved: dict[str, str] = field(default_factory=dict)  # an earlier slug -> the guide that replaces it

    def published(self, category: str | None = None) -> list[Guide]:
        """Guides readers may see, in reading order."""
        return list(self._published.get(category, ()))

    @cached_property
    def _published(self) -> dict[str | None, list[Guide]]:
        """Each category's published guides in reading order, and all of them under None: sorted once
        per snapshot, not on every page (the search page asks for every category's)."""
        ordered = sorted((g for g in self.by_slug.values() if not g.draft), key=lambda g: (g.order, g.title))
        grouped: dict[str | None, list[Guide]] = {None: ordered}
        for guide in ordered:
            grouped.setdefault(guide.category, []).append(guide)
        return grouped

    def by_category(self) -> list[tuple[Category, list[Guide]]]:
        """Categories in their order, each with its published guides."""
        return [(c, self.published(c.slug)) for c in self.categories if c.slug in self._published]

    def recently_updated(self, limit: int = 20) -> list[Guide]:
        return sorted(self.published(), key=lambda g: (g.updated, g.title), reverse=True)[:limit]

    def category(self, slug: str) -> Category:
        return next(c for c in self.categories if c.slug == slug)

    def neighbours(self, guide: Guide) -> tuple[Guide | None, Guide | None]:
        """The previous and next guide in the same category."""
        siblings = self.published(guide.category)
        if guide not in siblings:
            return None, None
        i = siblings.index(guide)
        return (siblings[i - 1] if i > 0 else None,
                siblings[i + 1] if i + 1 < len(siblings) else None)

    def search(self, query: str, limit: int = 20):
        return self.index.search(query, limit)


def split_front_matter(text: str, path: Path) -> tuple[dict, str, int]:
    """Return (front matter, Markdown body, line number where the body starts)."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        raise ContentError(path, "panduan harus diawali baris '---', lalu judul dan data lain, lalu '---'", 1)
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
    if end is None:
        raise ContentError(path, "bagian data di awal panduan belum ditutup dengan baris '---'", 1)
    try:
        meta = parse_yaml("".join(lines[1:end])) or {}
    except yaml.MarkedYAMLError as error:
        mark = error.context_mark or error.problem_mark  # where the broken value starts
        line = mark.line + 2 if mark else 1
        raise ContentError(path, f"data di awal panduan tidak valid: {error.problem}", line) from None
    if not isinstance(meta, dict):
        raise ContentError(path, "data di awal panduan harus berbentuk 'nama: isi'", 2)
    return meta, "".join(lines[end + 1:]), end + 2


def _field_line(text: str, name: str) -> int | None:
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith(f"{name}:"):
            return number
    return None


def check_meta(meta: dict, text: str, path: Path, categories: set[str]) -> None:
    """Raise a ContentError for a missing or mistyped front-matter field."""
    for name, kind in REQUIRED.items():
        if name not in meta:
            raise ContentError(path, f"kolom '{name}' belum diisi", 2)
        if not isinstance(meta[name], kind) or (kind is int and isinstance(meta[name], bool)):
            expected = {str: "teks", int: "bilangan bulat", datetime.date: "tanggal TTTT-BB-HH"}[kind]
            raise ContentError(path, f"kolom '{name}' harus berisi {expected}", _field_line(text, name))
    if "updated" in meta and not isinstance(meta["updated"], datetime.date):
        raise ContentError(path, "kolom 'updated' harus berisi tanggal TTTT-BB-HH, atau hapus barisnya "
                                 "agar tanggal diambil dari riwayat git", _field_line(text, "updated"))
    if meta["category"] not in categories:
        raise ContentError(path, f"kategori '{meta['category']}' tidak dikenal; pilih dari: "
                                 + ", ".join(sorted(categories)), _field_line(text, "category"))
    sources = meta.get("sources", [])
    if not isinstance(sources, list) or not all(isinstance(s, dict) and s.get("title") for s in sources):
        raise ContentError(path, "'sources' harus daftar berisi title, url, checked", _field_line(text, "sources"))
    for source in sources:
        if source.get("url") is not None and not is_web_url(source["url"]):
            raise ContentError(path, f"url sumber harus diawali https:// atau http://: {source['url']}",
                               _field_line(text, "sources"))


def render_markdown(body: str) -> tuple[str, tuple[Heading, ...]]:
    """Render Markdown to sanitized HTML and return it with its table of contents."""
    md = markdown.Markdown(extensions=MARKDOWN_EXTENSIONS, extension_configs=MARKDOWN_CONFIG)
    raw = md.convert(body)
    clean = nh3.clean(raw, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                      url_schemes={"http", "https", "mailto", "tel"}, link_rel=None)
    toc = tuple(_flatten(md.toc_tokens))
    return clean, toc


def _flatten(tokens):
    for token in tokens:
        yield Heading(token["id"], html.unescape(token["name"]), token["level"])
        yield from _flatten(token["children"])


BLOCK_END = re.compile(r"</(?:h[1-6]|p|li|td|th|div)>")


def plain_text(fragment: str) -> str:
    """The words of an HTML fragment, one line per block, for searching and snippets."""
    one_line = " ".join(fragment.split())  # soft line breaks inside a paragraph are spaces
    text = html.unescape(nh3.clean(BLOCK_END.sub("\n", one_line), tags=set()))
    return "\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip())


def last_changed(path: Path) -> datetime.date:
    """The date of the file's last git commit, or of its last save outside a git checkout."""
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%cs", "--", path.name], cwd=path.parent,
                             capture_output=True, text=True, timeout=5).stdout.strip()
        if out:
            return datetime.date.fromisoformat(out)
    except (OSError, subprocess.SubprocessError, ValueError):
        pass
    return datetime.datetime.fromtimestamp(path.stat().st_mtime, clock.zone()).date()  # the day in Jakarta


def file_stamp(path: Path) -> tuple[int, int] | None:
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_size, found.st_mtime_ns


def shown_figures(text: str, figures: dict[str, Figure]) -> tuple[tuple[str, str], ...]:
    """Each figure a text names (wherever in the file), with what a reader is shown for it."""
    return tuple((name, figures[name].shown() if name in figures else "")
                 for name in sorted(set(PLACEHOLDER.findall(text))))


def unchanged(guide: Guide | None, path: Path, shown: dict[str, str], categories: set[str]) -> bool:
    """Whether a guide of the last snapshot is still what its file and today's figures make
    (shown: each figure's name with the text a reader is shown for it)."""
    if guide is None or guide.origin is None or guide.category not in categories:
        return False
    origin = guide.origin
    return origin.stamp == file_stamp(path) and all(shown.get(name) == text for name, text in origin.figures)


def load_guide(path: Path, figures: dict[str, Figure], categories: set[str]) -> Guide:
    """Read, check and render one guide file."""
    stamp = file_stamp(path)  # before reading: a save in between makes the next reload read it again
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ContentError(path, f"berkas tidak bisa dibaca: {error}") from None
    meta, body, body_line = split_front_matter(text, path)
    check_meta(meta, text, path, categories)
    rendered, toc = render_markdown(substitute(body, figures, path, body_line))
    return Guide(
        slug=path.stem,
        title=substitute(meta["title"], figures, path),
        summary=substitute(meta["summary"], figures, path),
        category=meta["category"],
        order=meta["order"],
        updated=meta.get("updated") or last_changed(path),
        sources=tuple(Source(s["title"], s.get("url"), s.get("checked")) for s in meta.get("sources", [])),
        draft=bool(meta.get("draft", False)),
        html=rendered,
        toc=toc,
        text=plain_text(rendered),
        file=f"content/guides/{path.name}",
        replaces=tuple(meta.get("replaces", [])),
        origin=Origin(stamp, shown_figures(text, figures)) if stamp else None,
    )


def load_categories(path: Path) -> list[Category]:
    data = read_yaml(path)
    if not isinstance(data, list) or not all(isinstance(c, dict) and {"slug", "title"} <= c.keys() for c in data):
        raise ContentError(path, "setiap kategori perlu slug dan title")
    return [Category(c["slug"], c["title"], c.get("description", "")) for c in data]


def load_guides(root: Path, figures: dict[str, Figure], previous: Guides | None = None) -> Guides:
    """Load the categories, every guide under root/guides and their search index, keeping from
    the previous snapshot each guide that is unchanged."""
    categories = load_categories(root / "data" / "categories.yml")
    known = {c.slug for c in categories}
    kept = previous.by_slug if previous else {}
    shown = {name: figure.shown() for name, figure in figures.items()}
    by_slug = {}
    for path in sorted((root / "guides").glob("*.md")):
        guide = kept.get(path.stem)
        if not unchanged(guide, path, shown, known):
            guide = load_guide(path, figures, known)
        by_slug[guide.slug] = guide
    moved = {}
    for guide in by_slug.values():
        for old in guide.replaces:
            if old in by_slug or old in moved:
                raise ContentError(root / guide.file.removeprefix("content/"),
                                   f"'replaces: {old}': alamat itu sudah dipakai panduan lain")
            moved[old] = guide.slug
    synonyms = (read_yaml(root / "data" / "search.yml") or {}).get("synonyms", {})
    index = SearchIndex([g for g in by_slug.values() if not g.draft], synonyms, previous.index if previous else None)
    return Guides(categories=categories, by_slug=by_slug, index=index, moved=moved)
