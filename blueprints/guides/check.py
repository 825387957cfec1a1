# `flask content check`: everything an editor can break, reported at once with
# the file and line and a hint on how to fix it, before readers see it. The
# loaders raise on the first mistake in a file; this module runs them file by
# file and adds what only the whole site can tell: links and anchors between
# guides and to the site's own pages, images, old figures.
import datetime
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

from blueprints.apply.faskes import load_faskes
from blueprints.core.content import ContentError, located
from blueprints.core.figures import load_figures
from blueprints.core.library import load_banks, load_library
from blueprints.core.soundness import problems
from blueprints.guides.articles import SLUG, load_categories, load_guide
from blueprints.messages.texts import load_texts
from blueprints.troubleshoot.checklist import load_checklist
from blueprints.troubleshoot.hours import load_holidays

HREF = re.compile(r'href="([^"]*)"')
SRC = re.compile(r'src="([^"]*)"')
ID = re.compile(r'id="([^"]*)"')
SOURCE_MAX_AGE = datetime.timedelta(days=365)  # the default of CONTENT_SOURCE_MAX_AGE_DAYS


@dataclass(frozen=True)
class Problem:
    path: Path
    line: int | None
    message: str

    def __str__(self):
        try:
            shown = self.path.resolve().relative_to(Path.cwd())
        except ValueError:
            shown = self.path
        return f"{shown}:{self.line}: {self.message}" if self.line else f"{shown}: {self.message}"


def _line_of(path: Path, needle: str) -> int | None:
    try:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if needle in line:
                return number
    except (OSError, UnicodeDecodeError):
        return None
    return None


def _problem(error: ContentError) -> Problem:
    return Problem(error.path, error.line, error.message)


def source_problems(url: str | None, checked, today: datetime.date,
                    max_age: datetime.timedelta) -> tuple[str | None, str | None]:
    """(error, warning) for one cited source: it needs a link to the very page that says it (not a
    site's home page) and a recent date on which somebody checked it."""
    if not url:
        return "sumber tanpa url: tulis alamat halaman yang memuat fakta ini", None
    if urlsplit(url).path.strip("/") == "" and not urlsplit(url).query:
        return None, f"url '{url}' hanya halaman depan situs: tautkan halaman yang memuat fakta ini"
    if not isinstance(checked, datetime.date):
        return "sumber tanpa tanggal 'checked' (TTTT-BB-HH): kapan terakhir dicek?", None
    if today - checked > max_age:
        return None, (f"terakhir dicek {checked}, lebih dari {max_age.days} hari lalu: "
                      "cek lagi sumbernya lalu perbarui 'checked'")
    return None, None


def check_content(root: Path, url_map, static_dir: Path, today: datetime.date,
                  max_age: datetime.timedelta = SOURCE_MAX_AGE) -> tuple[list, list]:
    """Return (errors, warnings) for the content under root."""
    errors, warnings = [], []
    figures_path = root / "data" / "figures.yml"
    try:
        figures = load_figures(figures_path)
    except ContentError as error:
        return [_problem(error), Problem(root / "guides", None, "panduan belum diperiksa: perbaiki angka dulu")], []
    for figure in figures.values():
        if figure.source.startswith("Dihitung dari") or figure.example:
            continue
        error, warning = source_problems(figure.url, figure.checked, today, max_age)
        line = _line_of(figures_path, f" {figure.name.split('.')[1]}:")
        errors += [Problem(figures_path, line, f"'{figure.name}': {error}")] if error else []
        warnings += [Problem(figures_path, line, f"'{figure.name}': {warning}")] if warning else []
    categories = []
    try:
        categories = load_categories(root / "data" / "categories.yml")
    except ContentError as error:
        errors.append(_problem(error))
    for loader, path in ((load_faskes, root / "data" / "faskes.csv"),
                         (load_holidays, root / "data" / "holidays.yml"),
                         (load_banks, root / "data" / "banks.yml"),
                         (load_texts, root / "messages.yml"),
                         (lambda p: load_checklist(p, figures), root / "checklists" / "belum-aktif.yml")):
        try:
            loader(path)
        except ContentError as error:
            errors.append(_problem(error))

    guides, seen, unreadable = {}, {}, set()
    known = {c.slug for c in categories}
    for path in sorted((root / "guides").glob("*.md")):
        lowered = path.stem.lower()
        if not SLUG.match(path.stem):
            errors.append(Problem(path, None, "nama berkas hanya boleh huruf kecil, angka, dan tanda -, "
                                              "misalnya cara-bayar-iuran.md"))
            continue
        if lowered in seen:
            errors.append(Problem(path, None, f"slug sama dengan {seen[lowered].name}: ganti salah satu nama berkas"))
            continue
        seen[lowered] = path
        try:
            guides[path.stem] = (path, load_guide(path, figures, known))
        except ContentError as error:
            errors.append(_problem(error))
            unreadable.add(path.stem)  # reported once; links to it are not "missing" too
            continue
        for source in guides[path.stem][1].sources:
            error, warning = source_problems(source.url, source.checked, today, max_age)
            line = _line_of(path, source.url) if source.url else _line_of(path, source.title)
            errors += [Problem(path, line, f"sumber '{source.title}': {error}")] if error else []
            warnings += [Problem(path, line, f"sumber '{source.title}': {warning}")] if warning else []

    adapter = url_map.bind("localhost")
    ids = {slug: set(ID.findall(guide.html)) for slug, (_path, guide) in guides.items()}
    ids |= {slug: None for slug in unreadable}  # exists, but its anchors are unknown until it loads
    for slug, (path, guide) in guides.items():
        for href in HREF.findall(guide.html):
            problem = _check_link(href, slug, ids, adapter)
            if problem:
                errors.append(Problem(path, _line_of(path, f"]({href}") or _line_of(path, href), problem))
        for src in SRC.findall(guide.html):
            if urlsplit(src).scheme:
                continue
            local = static_dir / src.removeprefix("/static/").lstrip("/")
            if not src.startswith("/static/") or not local.is_file():
                errors.append(Problem(path, _line_of(path, src),
                                      f"gambar '{src}' tidak ada: simpan di static/ lalu tulis /static/nama-berkas"))
    # The very loader the site uses, and what the site's pages need of its snapshot: whatever they
    # find that the file-by-file checks above did not is an error too.
    seen = {(problem.path, problem.message) for problem in errors}
    try:
        found = problems(load_library(root), root, url_map)
    except ContentError as error:
        found = [located(error)]
    errors += [_problem(error) for error in found if (error.path, error.message) not in seen]
    return errors, warnings


def _check_link(href: str, slug: str, ids: dict, adapter) -> str | None:
    parts = urlsplit(href)
    if parts.scheme in ("http", "https", "mailto", "tel"):
        return None
    if parts.scheme:
        return f"tautan '{href}' memakai alamat yang tidak didukung"
    if not parts.path:  # #anchor on the same page
        return None if parts.fragment in ids[slug] else f"bagian '#{parts.fragment}' tidak ada di halaman ini"
    path = parts.path if parts.path.startswith("/") else f"/panduan/{parts.path}"
    try:
        endpoint, values = adapter.match(path, method="GET")
    except RequestRedirect:
        return None
    except HTTPException:
        return f"tautan '{href}' menuju halaman yang tidak ada"
    if endpoint == "guides.show":
        target = values["slug"]
        if target not in ids:
            return f"panduan '{target}' tidak ada: periksa nama berkasnya di content/guides/"
        if parts.fragment and ids[target] is not None and parts.fragment not in ids[target]:
            return f"bagian '#{parts.fragment}' tidak ada di panduan '{target}'"
    return None
