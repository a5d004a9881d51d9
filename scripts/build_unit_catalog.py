"""Build vanhoa/units/data/admin_units.json.gz, the official list of Vietnamese administrative units.

The data comes from the PyPI package ``vietnamadminunits`` (1.0.4): its SQLite file ``data/dataset.db``
(tables ``admin_units_legacy`` = 63 provinces / districts / communes before 1/7/2025 and ``admin_units``
= 34 provinces / communes from 1/7/2025) and its conversion table ``data/converter_2025.json`` (old ward ->
new ward). That package pulls shapely, numpy and geopy, so it is NOT a dependency of the app: this script
is run once, by hand, in a throw-away virtualenv, and the small gzip file it writes is committed.

Regenerate:

    python3 -m venv /tmp/vau && /tmp/vau/bin/pip install vietnamadminunits==1.0.4
    /tmp/vau/bin/python scripts/build_unit_catalog.py          # from the repo root

Output (gzip, compact JSON, UTF-8, every name NFC)::

    {"format": 1,
     "source": {...},
     "schemes": {"pre2025": {...}, "2025": {...}},
     "units": [[scheme, code, kind, name, parent_code_or_null], ...],
     "successors": [[old_code, new_code, part], ...]}

* scheme: "pre2025" (province > district > commune) or "2025" (province > commune).
* kind: "province" (code of 2 digits), "district" (3 digits, pre2025 only), "commune" (5 digits; the
  commune level: xã, phường, thị trấn, đặc khu).
* name: the full official name with its type word, e.g. "Phường Quyết Tiến", "Thành phố Lai Châu".
  The package writes a few type words with a capital ("Thành Phố Bắc Kạn", "Thị Trấn Ái Tử"); they
  are rewritten in the usual case. The type word of the name is kept even where the package's separate
  type column disagrees (4 new and 3 old communes, e.g. "Phường Việt Hòa" typed "Xã"): names and the
  package's search keys agree with each other.
* successors: old (pre2025) commune code -> new (2025) commune code. part = 0: the old commune went
  whole into the new one; 1: the old commune was split and this is the package's default successor
  (used when no street is known); 2: another new commune that took a part of the split old commune.
  Five old island districts had no communes (Bạch Long Vĩ, Cồn Cỏ, Hoàng Sa, Lý Sơn, Côn Đảo); for them
  old_code is the old district code (3 digits).

Codes are reused between the schemes (03388 was phường Quyết Tiến and is now phường Đoàn Kết), so a code
means nothing without its scheme.
"""

from __future__ import annotations

import argparse
import collections
import gzip
import json
import sqlite3
import sys
import unicodedata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "vanhoa" / "units" / "data" / "admin_units.json.gz"

# Type words as they start official names; longest first so "Thị xã" wins over a shorter word.
TYPE_WORDS = ("Thành phố", "Thị trấn", "Thị xã", "Đặc khu", "Phường", "Huyện", "Quận", "Tỉnh", "Xã")


def nfc(value: str) -> str:
    return " ".join(unicodedata.normalize("NFC", value).split())


def clean_name(value: str) -> str:
    """NFC, single spaces, and the type word in its usual case ("Thị Xã Buôn Hồ" -> "Thị xã Buôn Hồ")."""
    name = nfc(value)
    for word in TYPE_WORDS:
        if name.lower().startswith(word.lower() + " "):
            return word + name[len(word) :]
    raise SystemExit(f"name without a known type word: {name!r}")


def package_data_dir() -> Path:
    try:
        import vietnamadminunits  # only in the throw-away venv
    except ImportError:
        raise SystemExit(
            "vietnamadminunits is not installed; see this script's docstring (run it with /tmp/vau/bin/python)"
        ) from None
    return Path(vietnamadminunits.__file__).parent / "data"


def package_version() -> str:
    from importlib.metadata import version

    return version("vietnamadminunits")


def build(data_dir: Path) -> dict:
    db = sqlite3.connect(data_dir / "dataset.db")
    units: list[list] = []
    seen: dict[tuple[str, str], tuple] = {}

    def add(scheme: str, code: str, kind: str, name: str, parent: str | None) -> None:
        row = (scheme, code, kind, clean_name(name), parent)
        old = seen.get((scheme, code))
        if old is None:
            seen[(scheme, code)] = row
            units.append(list(row))
        elif old != row:
            raise SystemExit(f"code {code} ({scheme}) has two different units: {old} / {row}")

    # pre-2025: province > district > commune; 5 island districts have no communes (ward IS NULL).
    old_key_to_code: dict[str, str] = {}
    for prov, pcode, pkey, dist, dcode, dkey, ward, wcode, wkey in db.execute(
        "SELECT province, provinceCode, provinceKey, district, districtCode, districtKey,"
        " ward, wardCode, wardKey FROM admin_units_legacy ORDER BY wardCode, districtCode"
    ):
        add("pre2025", pcode, "province", prov, None)
        add("pre2025", dcode, "district", dist, pcode)
        if ward:
            add("pre2025", wcode, "commune", ward, dcode)
        old_key_to_code[f"{pkey}_{dkey}_{wkey or ''}"] = wcode or dcode

    # 2025: province > commune.
    new_key_to_code: dict[tuple[str, str], str] = {}
    for prov, pcode, pkey, ward, wcode, wkey in db.execute(
        "SELECT province, provinceCode, provinceKey, ward, wardCode, wardKey FROM admin_units ORDER BY wardCode"
    ):
        add("2025", pcode, "province", prov, None)
        add("2025", wcode, "commune", ward, pcode)
        if (pkey, wkey) in new_key_to_code:
            raise SystemExit(f"duplicate new key {pkey}/{wkey}")
        new_key_to_code[(pkey, wkey)] = wcode

    # old -> new, from the converter's key tables.
    conv = json.loads((data_dir / "converter_2025.json").read_text(encoding="utf-8"))
    links: dict[tuple[str, str], int] = {}

    def link(old_key: str, new_prov: str, new_ward: str, part: int) -> None:
        try:
            old_code = old_key_to_code[old_key]
            new_code = new_key_to_code[(new_prov, new_ward)]
        except KeyError as exc:
            raise SystemExit(f"unknown key in converter_2025.json: {exc}") from None
        links[(old_code, new_code)] = min(part, links.get((old_code, new_code), part))

    for new_prov, wards in conv["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_ward, old_keys in wards.items():
            for old_key in old_keys:
                link(old_key, new_prov, new_ward, 0)
    for new_prov, olds in conv["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_key, parts in olds.items():
            for p in parts:
                link(old_key, new_prov, p["newWardKey"], 1 if p["isDefaultNewWard"] else 2)
    successors = [[o, n, part] for (o, n), part in sorted(links.items(), key=lambda x: (x[0][0], x[1], x[0][1]))]

    scheme_order = {"pre2025": 0, "2025": 1}
    kind_order = {"province": 0, "district": 1, "commune": 2}
    units.sort(key=lambda u: (scheme_order[u[0]], kind_order[u[2]], u[1]))
    check(units, successors)
    return {
        "format": 1,
        "source": {
            "package": "vietnamadminunits",
            "version": package_version(),
            "files": ["data/dataset.db", "data/converter_2025.json"],
            "licence": "MIT (PyPI classifier)",
            "url": "https://github.com/tranngocminhhieu/vietnamadminunits",
        },
        "schemes": {
            "pre2025": {
                "label": "Trước 01/07/2025 (63 tỉnh, 3 cấp)",
                "valid_to": "2025-06-30",
                "levels": ["province", "district", "commune"],
            },
            "2025": {
                "label": "Từ 01/07/2025 (34 tỉnh, 2 cấp)",
                "valid_from": "2025-07-01",
                "levels": ["province", "commune"],
            },
        },
        "units": units,
        "successors": successors,
    }


def check(units: list[list], successors: list[list]) -> None:
    """Sanity checks against facts verified by hand (docs: ecosystem-notes §4, legal-brief §10)."""
    counts = collections.Counter((u[0], u[2]) for u in units)
    assert counts[("pre2025", "province")] == 63, counts
    assert counts[("2025", "province")] == 34, counts
    by = {(u[0], u[1]): u for u in units}
    assert by[("pre2025", "03388")][3] == "Phường Quyết Tiến"
    assert by[("pre2025", "03388")][4] == "105"
    assert by[("pre2025", "105")][3] == "Thành phố Lai Châu"
    assert by[("2025", "03388")][3] == "Phường Đoàn Kết"
    assert ["03388", "03388", 0] in successors
    old_codes = {u[1] for u in units if u[0] == "pre2025" and u[2] == "commune"}
    assert old_codes <= {s[0] for s in successors}, "an old commune has no successor"
    new_codes = {u[1] for u in units if u[0] == "2025" and u[2] == "commune"}
    assert new_codes == {s[1] for s in successors}, "a new commune has no predecessor"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--data-dir", type=Path, help="the package's data/ folder (default: from the import)")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)

    catalog = build(args.data_dir or package_data_dir())
    raw = json.dumps(catalog, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    # mtime=0 keeps the file byte-identical between runs on the same data.
    with args.out.open("wb") as fh, gzip.GzipFile(filename="", mode="wb", fileobj=fh, mtime=0, compresslevel=9) as gz:
        gz.write(raw)

    counts = collections.Counter((u[0], u[2]) for u in catalog["units"])
    for (scheme, kind), n in sorted(counts.items()):
        print(f"{scheme:8} {kind:9} {n:6}")
    print(f"successor links {len(catalog['successors'])}")
    print(f"wrote {args.out} ({args.out.stat().st_size:,} bytes, {len(raw):,} uncompressed)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
