"""Who runs this service, named wherever a person decides whether to trust it: the start of the
application, the privacy page, the confirmation and every footer.

A site that asks for a NIK, a KK, photos of a KTP and a bank account must say who receives
them, on what basis, and how they reach BPJS Kesehatan. The settings come from the
environment (OPERATOR_*); a laptop gets a clearly fake example operator, and production
(HTTPS=1) refuses to start while any of them is still the example, as it does for keys.
"""
from dataclasses import dataclass, fields

EXAMPLE_MARK = "CONTOH"


@dataclass(frozen=True)
class Operator:
    name: str  # the organisation that runs the service and controls the data
    legal_basis: str  # the agreement with BPJS Kesehatan (or other basis) under which it does so
    address: str
    contact: str  # where a person asks about their data or their application
    channel: str  # how an application reaches BPJS Kesehatan


SETTINGS = {field.name: f"OPERATOR_{field.name.upper()}" for field in fields(Operator)}
EXAMPLE = Operator(
    name="CONTOH: Yayasan Contoh Layanan JKN (bukan operator sungguhan)",
    legal_basis="CONTOH: Perjanjian Kerja Sama dengan BPJS Kesehatan Nomor 000/CONTOH/2026",
    address="CONTOH: Jalan Contoh Nomor 1, Jakarta 10000",
    contact="CONTOH: halo@contoh.invalid, 021-0000-0000 (Senin–Jumat, 08.00–16.00 WIB)",
    channel="CONTOH: diserahkan oleh petugas kami ke Kantor Cabang BPJS Kesehatan Jakarta Selatan setiap hari kerja",
)


def operator_from(config) -> Operator:
    """The operator named by the settings; in production, RuntimeError while any is a placeholder."""
    operator = Operator(**{name: str(config.get(setting) or "").strip() for name, setting in SETTINGS.items()})
    placeholders = [SETTINGS[name] for name in SETTINGS
                    if not getattr(operator, name) or EXAMPLE_MARK in getattr(operator, name)]
    if placeholders and config.get("HTTPS"):
        raise RuntimeError(f"set {', '.join(placeholders)} in the environment: production never names the "
                           "example operator")
    return operator
