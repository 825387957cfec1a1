# Provinces and regencies/cities for the domicile question, from the table that
# python-stdnum maintains for NIK checks, so the two never disagree. Codes are
# the first two (province) and four (regency/city) digits of a NIK or KK; the
# last two of a regency code are 71 and up for a city (kota), below for a
# regency (kabupaten), which tells "Kota Bandung" from "Kabupaten Bandung".
from functools import lru_cache

from stdnum import numdb


@lru_cache(maxsize=1)
def _table() -> dict[str, tuple[str, dict[str, str]]]:
    table = {}
    for _length, low, high, props, children in numdb.get("id/loc").prefixes:
        if low != high:
            continue
        regencies = {f"{low}{c_low}": _kind(c_low) + c_props["name_id"].title()
                     for _l, c_low, c_high, c_props, _c in children if c_low == c_high and "name_id" in c_props}
        table[low] = (props["name_id"], regencies)
    return table


def _kind(code: str) -> str:
    return "Kota " if int(code) >= 71 else "Kabupaten "


def provinces() -> list[tuple[str, str]]:
    """(code, name) of every province, by name."""
    return sorted(((code, name) for code, (name, _) in _table().items()), key=lambda p: p[1])


def regencies(province: str | None) -> list[tuple[str, str]]:
    """(code, name) of the regencies and cities of one province, by name; empty for an unknown code."""
    _name, children = _table().get(province or "", ("", {}))
    return sorted(children.items(), key=lambda r: r[1])


def regency_name(code: str | None) -> str | None:
    return dict(regencies((code or "")[:2])).get(code or "")


def province_name(code: str | None) -> str | None:
    entry = _table().get(code or "")
    return entry[0] if entry else None
