# The site's content library: everything under content/ that pages read, loaded
# at once into one snapshot that the content store (content.py) serves and
# replaces when a file changes. Each part has its own loader next to the code
# that uses it (guides, the checklist, PANDAWA's holidays, Faskes); this module
# only puts them together, so no blueprint has to import another to get at the
# site's content, and a change to any file gives every page a consistent view.
from dataclasses import dataclass, field
from pathlib import Path

from blueprints.apply.faskes import Faskes, load_faskes
from blueprints.core.content import ContentError
from blueprints.core.figures import Figure, load_figures, read_yaml
from blueprints.core.pagecache import PageStore
from blueprints.guides.articles import Guides, load_guides
from blueprints.messages.texts import Text, load_texts
from blueprints.troubleshoot.checklist import Checklist, load_checklist
from blueprints.troubleshoot.hours import Holidays, load_holidays


@dataclass
class Library:
    """One consistent snapshot of the site's content."""

    figures: dict[str, Figure]
    guides: Guides  # with their categories and search index
    faskes: list[Faskes]  # health facilities people may choose
    banks: list[str]  # bank names for autodebit
    checklist: Checklist  # "Masih belum aktif?"
    holidays: Holidays  # public holidays, when PANDAWA is closed
    messages: dict[str, Text] = field(default_factory=dict)  # what SMS, WhatsApp and email say
    pages: PageStore = field(default_factory=PageStore)  # whole-page cache, dies with the snapshot


def load_banks(path: Path) -> list[str]:
    """Read the bank names offered for autodebit."""
    banks = read_yaml(path)
    if not isinstance(banks, list) or not all(isinstance(b, str) for b in banks):
        raise ContentError(path, "berkas bank harus daftar nama bank, satu per baris '- '")
    return banks


def load_library(root: Path, previous: Library | None = None) -> Library:
    """Load every content file under root into a new snapshot; the guides of the previous one
    that did not change are kept as they are (the rest is small and read again)."""
    figures = load_figures(root / "data" / "figures.yml")
    return Library(
        figures=figures,
        guides=load_guides(root, figures, previous.guides if previous else None),
        faskes=load_faskes(root / "data" / "faskes.csv"),
        banks=load_banks(root / "data" / "banks.yml"),
        checklist=load_checklist(root / "checklists" / "belum-aktif.yml", figures),
        holidays=load_holidays(root / "data" / "holidays.yml"),
        messages=load_texts(root / "messages.yml"),
    )
