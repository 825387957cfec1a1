"""What the site's code needs of a content snapshot beyond what each file's loader checks: the
figures the code and templates name, the checklist's links to pages of this site and to guides.
The content store refuses a snapshot that fails here (the last good one stays live), and
`flask content check` reports the same problems, so an editor's mistake is a message, not a 500.
"""
from pathlib import Path

from werkzeug.routing import BuildError

from blueprints.apply.classes import CLASS_FEES
from blueprints.core.content import ContentError

# Every figure the code or a template reads by name (tests/test_soundness.py finds each
# figure("…") and figures["…"] in the code and checks it is listed here).
USED_FIGURES = frozenset({
    *CLASS_FEES.values(),
    "contoh.denda_1_biaya", "contoh.denda_1_bulan_dihitung", "contoh.denda_1_hasil",
    "denda.batas", "denda.bulan_maksimal", "denda.hari", "denda.persen",
    "iuran.jatuh_tempo",
    "kontak.care_center", "kontak.care_center_jam", "kontak.chika", "kontak.mobile_jkn", "kontak.pandawa",
    "kontak.pandawa_jam", "kontak.situs",
    "pembayaran.va_awalan", "pembayaran.va_awalan_mandiri",
    "reaktivasi.aktif_setelah_bayar", "reaktivasi.batas_bayar_pertama", "reaktivasi.masa_tunggu_baru",
    "reaktivasi.phk_bulan",
    "reaktivasi.rehab_maksimal", "reaktivasi.rehab_minimal", "reaktivasi.tunggakan_maksimal",
})


def problems(library, root: Path, url_map) -> list[ContentError]:
    """Every way this snapshot would break a page, each located in its file."""
    found = []
    figures_path, checklist_path = root / "data" / "figures.yml", root / "checklists" / "belum-aktif.yml"
    found += [ContentError(figures_path, f"angka '{name}' dipakai situs tetapi tidak ada: tambahkan lagi, "
                                         "atau ubah kode yang memakainya")
              for name in sorted(USED_FIGURES - set(library.figures))]
    adapter = url_map.bind("localhost")
    for name, step in library.checklist.steps.items():
        if step.link:
            try:
                adapter.build(step.link)
            except BuildError:
                found.append(ContentError(checklist_path, f"langkah '{name}': link '{step.link}' bukan halaman situs "
                                                          "ini; contoh yang benar: apply.start",
                                          _line(checklist_path, f"link: {step.link}")))
        if step.guide and step.guide not in library.guides.by_slug:
            found.append(ContentError(checklist_path, f"langkah '{name}': panduan '{step.guide}' tidak ada di "
                                                      "content/guides/", _line(checklist_path, f"guide: {step.guide}")))
    return found


def _line(path: Path, needle: str) -> int | None:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    return next((number for number, line in enumerate(lines, 1) if needle in line), None)


def sound(load, url_map):
    """A loader for the content store that also refuses a snapshot failing `problems`."""
    def load_sound(root: Path, previous=None):
        library = load(root, previous)
        found = problems(library, Path(root), url_map)
        if found:
            raise found[0]
        return library
    return load_sound
