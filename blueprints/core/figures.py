# Figures are the facts a reader acts on: fees, caps, phone numbers, opening
# hours. Each one lives once in content/data/figures.yml with its source and the
# date somebody checked it; guides insert them with {{ group.name }} and the
# calculators read them by the same name. Formatting follows Indonesian
# conventions through Babel (Rp150.000, 10 November 2026, 08.00 WIB).
import datetime
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from babel.dates import format_date, format_time, get_day_names
from babel.numbers import format_currency, format_decimal

from blueprints.core.content import ContentError, located
from blueprints.core.fees import member_share, service_penalty

LOCALE = "id"
KINDS = {"rupiah", "number", "percent", "months", "days", "duration_hours", "hours", "date", "phone", "text"}
WEEKDAYS = ["senin", "selasa", "rabu", "kamis", "jumat", "sabtu", "minggu"]
ZONE_NAMES = {"Asia/Jakarta": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}
LOCAL = "setempat"  # opening hours kept in each office's own zone (08.00 WIB in Jakarta, 08.00 WIT in Jayapura)
PLACEHOLDER = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")
NAME = re.compile(r"^[a-z0-9_]+\.[a-z0-9_]+$")


@dataclass(frozen=True)
class Figure:
    name: str
    label: str
    value: Any
    kind: str
    source: str
    checked: datetime.date
    url: str | None = None
    unconfirmed: bool = False
    note: str | None = None
    example: bool = False  # a made-up number for a worked example: it has no source to link

    def formatted(self) -> str:
        """Return the value as a reader should see it, in Indonesian."""
        return format_value(self.value, self.kind)

    def shown(self) -> str:
        """The formatted value, saying so when no official source confirms it yet."""
        return f"{self.formatted()} (belum dipastikan)" if self.unconfirmed else self.formatted()


@dataclass(frozen=True)
class OpeningHours:
    days: tuple[int, ...]  # 0 = Monday
    opens: datetime.time
    closes: datetime.time
    timezone: str

    @property
    def zone_name(self) -> str:
        return "waktu setempat" if self.timezone == LOCAL else ZONE_NAMES[self.timezone]


def is_web_url(value) -> bool:
    """True for an http(s) address: the only kind a source may link to."""
    return isinstance(value, str) and value.startswith(("https://", "http://"))


def format_value(value, kind: str) -> str:
    """Format one value of the given kind for Indonesian readers."""
    if kind == "rupiah":
        return format_currency(value, "IDR", format="¤#,##0", currency_digits=False, locale=LOCALE)
    if kind == "number":
        return format_decimal(value, locale=LOCALE)
    if kind == "percent":
        return f"{format_decimal(value, locale=LOCALE)}%"
    if kind == "months":
        return f"{value} bulan"
    if kind == "days":
        return f"{value} hari"
    if kind == "duration_hours":
        return f"{value} jam"
    if kind == "date":
        return format_date(value, format="long", locale=LOCALE)
    if kind == "hours":
        return format_hours(value)
    return str(value)


def format_hours(hours: OpeningHours) -> str:
    """Return e.g. 'Senin–Jumat, 08.00–15.00 WIB'."""
    names = get_day_names("wide", locale=LOCALE)
    first, last = hours.days[0], hours.days[-1]
    contiguous = list(hours.days) == list(range(first, last + 1))
    if len(hours.days) == 1:
        days = names[first]
    elif contiguous:
        days = f"{names[first]}–{names[last]}"
    else:
        days = ", ".join(names[d] for d in hours.days)
    opens = format_time(hours.opens, "HH.mm", locale=LOCALE)
    closes = format_time(hours.closes, "HH.mm", locale=LOCALE)
    return f"{days}, {opens}–{closes} {hours.zone_name}"


def _date(value, path, name, key):
    if isinstance(value, datetime.date):
        return value
    raise ContentError(path, f"'{name}': '{key}' harus tanggal berformat TTTT-BB-HH (misalnya 2026-11-23)")


def _hours(value, path, name) -> OpeningHours:
    try:
        days = tuple(WEEKDAYS.index(day.lower()) for day in value["days"])
        opens = datetime.time.fromisoformat(value["opens"])
        closes = datetime.time.fromisoformat(value["closes"])
        timezone = value.get("timezone", LOCAL)
    except (KeyError, TypeError, ValueError, AttributeError):
        raise ContentError(path, f"'{name}': jam buka perlu days (senin…minggu), opens dan closes (JJ:MM)") from None
    if timezone != LOCAL and timezone not in ZONE_NAMES:
        raise ContentError(path, f"'{name}': timezone '{timezone}' tidak dikenal; tulis setempat, "
                                 + ", ".join(ZONE_NAMES))
    if not days or opens >= closes:
        raise ContentError(path, f"'{name}': jam buka kosong atau jam tutup sebelum jam buka")
    return OpeningHours(days, opens, closes, timezone)


def parse_figures(data, path: Path) -> dict[str, Figure]:
    """Turn the YAML mapping {group: {name: {...}}} into figures, checking each."""
    if not isinstance(data, dict):
        raise ContentError(path, "berkas angka harus berisi kelompok, misalnya 'iuran:'")
    figures = {}
    for group, items in data.items():
        if not isinstance(items, dict):
            raise ContentError(path, f"kelompok '{group}' harus berisi daftar angka")
        for key, spec in items.items():
            name = f"{group}.{key}"
            if not NAME.match(name):
                raise ContentError(path, f"'{name}': nama hanya boleh huruf kecil, angka dan _")
            if not isinstance(spec, dict):
                raise ContentError(path, f"'{name}' harus berisi label, value, type, source dan checked")
            missing = [k for k in ("label", "value", "type", "source", "checked") if k not in spec]
            if missing:
                raise ContentError(path, f"'{name}' belum punya: {', '.join(missing)}")
            kind = spec["type"]
            if kind not in KINDS:
                known = ", ".join(sorted(KINDS))
                raise ContentError(path, f"'{name}': type '{kind}' tidak dikenal; pilih salah satu dari {known}")
            value = spec["value"]
            if kind == "hours":
                value = _hours(value, path, name)
            elif kind == "date":
                value = _date(value, path, name, "value")
            elif kind in {"rupiah", "number", "percent", "months", "days", "duration_hours"} \
                    and not isinstance(value, (int, float)):
                raise ContentError(path, f"'{name}': value harus angka tanpa titik atau Rp, misalnya 150000")
            source = spec["source"]
            if not isinstance(source, dict) or not source.get("title"):
                raise ContentError(path, f"'{name}': source perlu title (dan sebaiknya url)")
            if source.get("url") is not None and not is_web_url(source["url"]):
                raise ContentError(path, f"'{name}': url sumber harus diawali https:// atau http://")
            figures[name] = Figure(
                name=name, label=str(spec["label"]), value=value, kind=kind,
                source=str(source["title"]), url=source.get("url"),
                checked=_date(spec["checked"], path, name, "checked"),
                unconfirmed=bool(spec.get("unconfirmed", False)), note=spec.get("note"),
                example=bool(spec.get("example", False)),
            )
    return figures | derived_figures(figures)


def _derived(figures, name, label, kind, value, inputs) -> Figure:
    used = [figures[i] for i in inputs]
    return Figure(
        name=name, label=label, value=value, kind=kind,
        source="Dihitung dari " + ", ".join(f.label for f in used),
        checked=min(f.checked for f in used),
        unconfirmed=any(f.unconfirmed for f in used),
    )


def derived_figures(figures: dict[str, Figure]) -> dict[str, Figure]:
    """Figures computed from others, so each rule is written down only once."""
    v = {name: fig.value for name, fig in figures.items()}
    derived = {}

    def add(name, label, kind, compute, inputs):
        if all(i in v for i in inputs):
            derived[name] = _derived(figures, name, label, kind, compute(), inputs)

    add("iuran.kelas_3_peserta", "Iuran Kelas III yang dibayar peserta", "rupiah",
        lambda: member_share(v["iuran.kelas_3"], v["iuran.subsidi_kelas_3"]),
        ["iuran.kelas_3", "iuran.subsidi_kelas_3"])
    penalty_rules = ["denda.persen", "denda.bulan_maksimal", "denda.batas"]
    for example in ("1", "2"):
        inputs = [f"contoh.denda_{example}_biaya", f"contoh.denda_{example}_bulan", *penalty_rules]
        add(f"contoh.denda_{example}_bulan_dihitung", "Bulan tunggakan yang dihitung", "months",
            lambda e=example: min(v[f"contoh.denda_{e}_bulan"], v["denda.bulan_maksimal"]), inputs)
        add(f"contoh.denda_{example}_hasil", "Denda pelayanan pada contoh", "rupiah",
            lambda e=example: service_penalty(
                v[f"contoh.denda_{e}_biaya"], v[f"contoh.denda_{e}_bulan"],
                rate_percent=v["denda.persen"], max_months=v["denda.bulan_maksimal"],
                cap=v["denda.batas"]),
            inputs)
    return derived


def load_figures(path: Path) -> dict[str, Figure]:
    """Read and check the figures file."""
    try:
        return parse_figures(read_yaml(path), path)
    except ContentError as error:
        raise located(error) from None


def parse_yaml(text: str):
    """Safe YAML, with libyaml's parser when PyYAML was built with it (its wheels are): the same
    documents and errors, ten times faster, which a reload of many files notices."""
    if yaml.__with_libyaml__:
        return yaml.load(text, Loader=yaml.CSafeLoader)
    return yaml.safe_load(text)


def read_yaml(path: Path):
    """Parse a YAML file, turning a syntax error into a located ContentError."""
    try:
        return parse_yaml(path.read_text(encoding="utf-8"))
    except yaml.MarkedYAMLError as error:
        mark = error.context_mark or error.problem_mark  # where the broken value starts
        raise ContentError(path, f"YAML tidak valid: {error.problem}", mark.line + 1 if mark else None) from None
    except (OSError, UnicodeDecodeError) as error:
        raise ContentError(path, f"berkas tidak bisa dibaca: {error}") from None


def substitute(text: str, figures: dict[str, Figure], path: Path, first_line: int = 1) -> str:
    """Replace every {{ group.name }} with its formatted figure; unknown names are errors."""
    def replace(match):
        name = match.group(1)
        figure = figures.get(name)
        if figure is None:
            line = first_line + text.count("\n", 0, match.start())
            raise ContentError(path, f"angka '{name}' tidak ada di content/data/figures.yml", line)
        return figure.shown()

    return PLACEHOLDER.sub(replace, text)
