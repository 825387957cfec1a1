# First-level health facilities (Faskes tingkat pertama) people may choose, from
# content/data/faskes.csv. The repository ships a small SAMPLE, every name marked
# "(CONTOH)": operators replace the file with BPJS Kesehatan's list.
import csv
import io
from dataclasses import dataclass
from pathlib import Path

from blueprints.core.content import ContentError

COLUMNS = ["kode", "nama", "jenis", "kabkota", "alamat"]


@dataclass(frozen=True)
class Faskes:
    kode: str
    nama: str
    jenis: str
    kabkota: str
    alamat: str


def load_faskes(path: Path) -> list[Faskes]:
    """Read the facilities file, naming the line of any bad row."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ContentError(path, f"berkas tidak bisa dibaca: {error}") from None
    reader = csv.DictReader(io.StringIO(text))
    if reader.fieldnames != COLUMNS:
        raise ContentError(path, f"baris judul harus: {','.join(COLUMNS)}", 1)
    found, seen = [], set()
    for row in reader:
        line = reader.line_num
        if any(not (row.get(c) or "").strip() for c in COLUMNS):
            raise ContentError(path, "setiap kolom harus diisi", line)
        if not (row["kabkota"].isdigit() and len(row["kabkota"]) == 4):
            raise ContentError(path, "kabkota harus 4 angka kode wilayah, misalnya 3171", line)
        if row["kode"] in seen:
            raise ContentError(path, f"kode '{row['kode']}' dipakai dua kali", line)
        seen.add(row["kode"])
        found.append(Faskes(**{c: row[c].strip() for c in COLUMNS}))
    return found


def in_regency(faskes: list[Faskes], regency: str, query: str = "") -> list[Faskes]:
    """Facilities of one regency/city whose name holds every word of the query."""
    words = query.lower().split()
    return [f for f in faskes if f.kabkota == regency and all(w in f.nama.lower() for w in words)]
