"""The messages' words: content/messages.yml, one entry per kind of message, written by editors
and checked by `flask content check` (pure: no app, no database).

Each kind may use only its own {placeholders}, none of which is a NIK, KK, card or bank number;
its SMS (also sent by WhatsApp unless the kind has a text of its own) must fit one GSM-7 SMS of
160 characters with the longest values it can be given.
"""
import re
import string
from dataclasses import dataclass
from pathlib import Path

from blueprints.core.content import ContentError
from blueprints.core.figures import read_yaml

SMS_LENGTH = 160
# GSM 03.38: the basic set counts one, the extension table two (3GPP TS 23.038).
GSM_BASIC = set("@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                "ÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà")
GSM_EXTENDED = set("^{}\\[~]|€\f")
SITE_SAMPLE = "https://layanan-jkn.contoh.go.id"  # an address of 32 characters, for the length check
# What each kind may say, with the longest value each placeholder can take.
PLACEHOLDERS = {
    "kode_lanjutkan": {"kode": "ABCD-EFGH", "berlaku": "30 September 2026", "situs": SITE_SAMPLE},
    "terkirim": {"referensi": "ABCD-EFGH", "situs": SITE_SAMPLE, "salinan": ""},
    "perbaikan": {"referensi": "ABCD-EFGH", "situs": SITE_SAMPLE, "perbaikan": ""},
    "menunggu_pembayaran": {"referensi": "ABCD-EFGH", "va": "8888 8012 3456 7890", "jumlah": "Rp99.999.999",
                            "situs": SITE_SAMPLE},
    "aktif": {"referensi": "ABCD-EFGH", "situs": SITE_SAMPLE},
    "ditolak": {"referensi": "ABCD-EFGH", "situs": SITE_SAMPLE, "alasan": ""},
    "pengingat": {"kode": "ABCD-EFGH", "tanggal": "30 September 2026", "situs": SITE_SAMPLE},
}
LONG_ONLY = {"salinan", "perbaikan", "alasan"}  # for the email: too long for an SMS
PARTS = ("sms", "email_subject", "email_body")


@dataclass(frozen=True)
class Text:
    sms: str
    whatsapp: str
    email_subject: str
    email_body: str


def gsm_length(text: str) -> int | None:
    """The length of a text in GSM-7 septets, or None when it has a character GSM-7 lacks."""
    if any(c not in GSM_BASIC and c not in GSM_EXTENDED for c in text):
        return None
    return sum(2 if c in GSM_EXTENDED else 1 for c in text)


def fields_of(template: str) -> set[str]:
    return {name for _text, name, _spec, _conv in string.Formatter().parse(template) if name is not None}


def render(template: str, values: dict[str, str]) -> str:
    return template.format_map(values)


def _problems(kind: str, part: str, template: str) -> list[str]:
    allowed = PLACEHOLDERS[kind]
    try:
        used = fields_of(template)
    except ValueError:
        return [f"{kind}.{part}: kurung kurawal tidak berpasangan; tulis {{nama}} untuk isian"]
    unknown = used - set(allowed) - (set() if part == "email_body" else LONG_ONLY)
    problems = [f"{kind}.{part}: isian {{{name}}} tidak dikenal; yang boleh: "
                f"{', '.join('{' + n + '}' for n in allowed if part == 'email_body' or n not in LONG_ONLY)}"
                for name in sorted(unknown - set(allowed))]
    problems += [f"{kind}.{part}: {{{name}}} terlalu panjang untuk SMS; pakai hanya di email_body"
                 for name in sorted(used & LONG_ONLY) if part != "email_body"]
    if part in ("sms", "whatsapp") and not problems:
        longest = render(template, allowed)
        length = gsm_length(longest)
        if length is None:
            bad = "".join(sorted({c for c in longest if c not in GSM_BASIC | GSM_EXTENDED}))
            problems.append(f"{kind}.{part}: huruf {bad!r} tidak ada di SMS biasa (GSM-7); ganti, misalnya "
                            "tanda kutip lurus \" dan ' atau tanda - biasa")
        elif part == "sms" and length > SMS_LENGTH:
            problems.append(f"{kind}.{part}: {length} karakter dengan isian terpanjang, lebih dari "
                            f"{SMS_LENGTH}; persingkat {length - SMS_LENGTH} karakter")
    return problems


def load_texts(path: Path) -> dict[str, Text]:
    """Read and check every kind's texts; ContentError with each problem found."""
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise ContentError(path, "berkas pesan harus berisi satu bagian per jenis pesan")
    problems = [f"jenis pesan '{kind}' tidak dikenal" for kind in data if kind not in PLACEHOLDERS]
    problems += [f"jenis pesan '{kind}' belum ada" for kind in PLACEHOLDERS if kind not in data]
    texts = {}
    for kind, parts in data.items():
        if kind not in PLACEHOLDERS:
            continue
        if not isinstance(parts, dict) or any(not isinstance(parts.get(p), str) for p in PARTS):
            problems.append(f"{kind}: perlu sms, email_subject dan email_body, masing-masing teks")
            continue
        parts = {name: value.strip() for name, value in parts.items() if isinstance(value, str)}
        for part in (*PARTS, "whatsapp"):
            if part in parts:
                problems += _problems(kind, part, parts[part])
        texts[kind] = Text(sms=parts["sms"], whatsapp=parts.get("whatsapp", parts["sms"]),
                           email_subject=parts["email_subject"], email_body=parts["email_body"])
    if problems:
        raise ContentError(path, "; ".join(problems), _line(path, problems[0]))
    return texts


def _line(path: Path, problem: str) -> int | None:
    """The line of the kind a problem names ("kind.part: ..." or "jenis pesan 'kind' ...")."""
    named = re.match(r"(?:jenis pesan ')?([a-z_]+)", problem)
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if named and text.startswith(f"{named.group(1)}:"):
            return number
    return None


NUMBER = re.compile(r"\d(?:[\d .\-/_]*\d)?")


def mask_numbers(text: str) -> str:
    """Any number of 6 digits or more (however it is grouped) with all but its last 4 hidden:
    "NIK 3171 0117 0885 0001" -> "NIK ••••••••••••0001". Shorter numbers (dates, counts) stay."""
    def mask(match: re.Match) -> str:
        digits = re.sub(r"\D", "", match.group(0))
        return match.group(0) if len(digits) < 6 else "•" * (len(digits) - 4) + digits[-4:]
    return NUMBER.sub(mask, text)
