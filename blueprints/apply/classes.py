"""The three classes of mandiri membership: their names and the figure that holds each fee.

Kelas III's fee is the member's own share (the government pays the rest), so that
is the figure named here; every amount lives in content/data/figures.yml.
"""
from flask_babel import lazy_gettext as _l

CLASS_FEES = {"1": "iuran.kelas_1", "2": "iuran.kelas_2", "3": "iuran.kelas_3_peserta"}
CLASS_NAMES = {"1": _l("Kelas I"), "2": _l("Kelas II"), "3": _l("Kelas III")}
