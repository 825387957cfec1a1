"""answers in the typed shape of each question (version 1)

Each question's stored answer becomes its schema's shape with a version ("v": 1):
dates of birth as one ISO date instead of three typed boxes, counts and months as
numbers, and the documents page's photos under one key ("dokumen": {"foto": ...})
instead of two ("berkas" while uploading, "dokumen" once confirmed). Answers are
sealed, so every row is opened and sealed again through the vault.

The conversion is frozen here, apart from the app's code, so that this migration
keeps meaning what it meant when the questions change again.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 20:30:00

"""
import datetime
from functools import partial

from alembic import op

from blueprints.core.vault import change_sealed_answers

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

TABLES = ("drafts", "applications")
PHOTOS_WHILE_UPLOADING = "berkas"
FIELDS = {  # version 1's fields of the questions whose answer only gains a version
    "jalur": ("jalur",), "kk": ("nomor_kk",), "domisili": ("provinsi", "kabkota"), "faskes": ("faskes",),
    "kelas": ("kelas",), "rekening": ("bank", "nomor_rekening", "nama_pemilik"),
}
BOXES = ("lahir_hari", "lahir_bulan", "lahir_tahun")


def _born(old: dict) -> str:
    return datetime.date(int(old["lahir_tahun"]), int(old["lahir_bulan"]), int(old["lahir_hari"])).isoformat()


def _boxes(born: str) -> dict:
    date = datetime.date.fromisoformat(born)
    return dict(zip(BOXES, (str(date.day), str(date.month), str(date.year)), strict=True))


def _pick(fields: tuple[str, ...], old: dict) -> dict:
    return {field: old[field] for field in fields}


def _person(old: dict) -> dict:
    return {"nama": old["nama"], "nik": old["nik"], "lahir": _born(old), "jenis_kelamin": old["jenis_kelamin"],
            "hubungan": old["hubungan"], "nik_berbeda": bool(old.get("nik_berbeda"))}


def _person_back(new: dict) -> dict:
    return {key: value for key, value in new.items() if key != "lahir"} | _boxes(new["lahir"])


UP = {
    "keluarga": lambda old: {"anggota": [_person(p) for p in old.get("anggota", [])]},
    "kartu": lambda old: {"nomor_kartu": old["nomor_kartu"], "nik": old["nik"], "lahir": _born(old),
                          "nik_berbeda": bool(old.get("nik_berbeda"))},
    "kategori": lambda old: {"segmen": old["segmen"],
                             "kelas": (old.get("kelas") or None) if old["segmen"] == "mandiri" else None,
                             "anggota": int(str(old["anggota"]).strip())},
    "tunggakan": lambda old: {"bulan": int(old["bulan"]), "tahun": int(str(old["tahun"]).strip())},
    "kontak": lambda old: {"ponsel": old["ponsel"], "email": old.get("email") or ""},
    "persetujuan": lambda old: {"teks": old["teks"], "waktu": old["waktu"]},
    **{name: partial(_pick, fields) for name, fields in FIELDS.items()},
}
DOWN = {
    "keluarga": lambda new: {"anggota": [_person_back(p) for p in new["anggota"]]},
    "kartu": lambda new: _person_back(new),
    "kategori": lambda new: {**new, "anggota": str(new["anggota"])},
    "tunggakan": lambda new: {"bulan": str(new["bulan"]), "tahun": str(new["tahun"])},
    "persetujuan": lambda new: {"setuju": True, **new},
}


def _up(name: str, old: dict) -> dict:
    """One answer in version 1; one that cannot be read stays as it was, and the site asks it again."""
    try:
        return {"v": 1, **UP[name](old)}
    except (KeyError, TypeError, ValueError):
        return old


def upgrade_answers(answers: dict) -> dict:
    """Version-0 answers (as stored until now) in version 1's shape; keys it does not know stay."""
    upgraded = {}
    for name, old in answers.items():
        if name in UP and isinstance(old, dict) and "v" not in old:
            upgraded[name] = _up(name, old)
        elif name not in (PHOTOS_WHILE_UPLOADING, "dokumen"):
            upgraded[name] = old
    photos = answers.get(PHOTOS_WHILE_UPLOADING, answers.get("dokumen"))
    if isinstance(photos, dict):
        upgraded["dokumen"] = photos if "v" in photos else {"v": 1, "foto": photos}
    return upgraded


def downgrade_answers(answers: dict) -> dict:
    """Version-1 answers back in version 0's shape."""
    downgraded = {}
    for name, new in answers.items():
        if not (isinstance(new, dict) and new.get("v") == 1):
            downgraded[name] = new
            continue
        new = {key: value for key, value in new.items() if key != "v"}
        if name == "dokumen":
            downgraded[PHOTOS_WHILE_UPLOADING] = new["foto"]
            if all(kind in new["foto"] for kind in ("ktp", "kk", "swafoto")):
                downgraded["dokumen"] = new["foto"]
        else:
            downgraded[name] = DOWN.get(name, dict)(new)
    return downgraded


def upgrade():
    change_sealed_answers(op.get_bind(), TABLES, upgrade_answers)


def downgrade():
    change_sealed_answers(op.get_bind(), TABLES, downgrade_answers)
