"""The bundled list of administrative units (vanhoa.units.catalog). Plain pytest, no database:

    .venv/bin/python -m pytest vanhoa/units/tests/test_catalog.py -q -p no:django
"""

import gzip
import json
import unicodedata
from collections import Counter

import pytest

from vanhoa.units import catalog
from vanhoa.units.catalog import CURRENT, PRE2025, CatalogUnit


def names(units):
    return [u.name for u in units]


# --- data file ---------------------------------------------------------------------------------


def test_data_file_is_small_and_nfc():
    assert catalog.DATA_FILE.stat().st_size < 1_500_000
    with gzip.open(catalog.DATA_FILE, "rt", encoding="utf-8") as fh:
        raw = json.load(fh)
    assert set(raw["schemes"]) == {PRE2025, CURRENT}
    for _scheme, _code, _kind, name, _parent in raw["units"]:
        assert unicodedata.normalize("NFC", name) == name
        assert name == name.strip() and "  " not in name


def test_counts_per_scheme_and_kind():
    counts = Counter((u.scheme, u.kind) for u in catalog.units())
    assert counts[(PRE2025, "province")] == 63
    assert 690 <= counts[(PRE2025, "district")] <= 710
    assert 10_000 <= counts[(PRE2025, "commune")] <= 10_700
    assert counts[(CURRENT, "province")] == 34
    assert counts[(CURRENT, "district")] == 0
    assert 3_300 <= counts[(CURRENT, "commune")] <= 3_330
    assert len(catalog.provinces(PRE2025)) == 63
    assert len(catalog.provinces(CURRENT)) == 34


def test_code_widths_and_parents():
    width = {"province": 2, "district": 3, "commune": 5}
    for u in catalog.units():
        assert len(u.code) == width[u.kind] and u.code.isdigit(), u
        if u.kind == "province":
            assert u.parent_code is None
        else:
            parent = catalog.get(u.scheme, u.parent_code)
            expected = "district" if (u.scheme, u.kind) == (PRE2025, "commune") else "province"
            assert parent is not None and parent.kind == expected, u


def test_every_name_has_a_type_word():
    for u in catalog.units():
        assert u.type_label, u
        assert u.short_name, u
    assert {u.type_label for u in catalog.units(CURRENT, "commune")} == {"Xã", "Phường", "Đặc khu"}
    assert {u.type_label for u in catalog.units(PRE2025, "commune")} == {"Xã", "Phường", "Thị trấn"}
    # the package's "Thành Phố Bắc Kạn" / "Thị Trấn Ái Tử" were normalised
    assert all(not u.name.startswith(("Thành Phố ", "Thị Xã ", "Thị Trấn ")) for u in catalog.units())


# --- the seed ward: phường Quyết Tiến, Lai Châu -------------------------------------------------


def test_quyet_tien_lai_chau():
    u = catalog.get(PRE2025, "03388")
    assert u == CatalogUnit(PRE2025, "03388", "commune", "Phường Quyết Tiến", "105")
    assert u.short_name == "Quyết Tiến"
    assert u.type_label == "Phường"
    assert names(catalog.ancestors(PRE2025, "03388")) == [
        "Tỉnh Lai Châu",
        "Thành phố Lai Châu",
        "Phường Quyết Tiến",
    ]
    assert [a.code for a in catalog.ancestors(PRE2025, "03388")] == ["12", "105", "03388"]
    assert catalog.full_label(PRE2025, "03388") == "Phường Quyết Tiến, Thành phố Lai Châu, Tỉnh Lai Châu"
    city = catalog.get(PRE2025, "105")
    assert (city.name, city.short_name, city.type_label) == ("Thành phố Lai Châu", "Lai Châu", "Thành phố")


def test_three_old_units_named_quyet_tien():
    found = catalog.search("Quyết Tiến", scheme=PRE2025)
    exact = [u for u in found if u.short_name == "Quyết Tiến"]
    assert len(exact) == 3
    provinces = {catalog.ancestors(PRE2025, u.code)[0].name for u in exact}
    assert provinces == {"Tỉnh Hà Giang", "Tỉnh Lai Châu", "Thành phố Hải Phòng"}
    assert found[:3] == exact  # exact names come first
    # qualified by place, only the Lai Châu one remains
    for q in ("quyet tien lai chau", "Quyết Tiến, Lai Châu", "P. Quyết Tiến, TP Lai Chau"):
        assert [u.code for u in catalog.search(q, scheme=PRE2025)] == ["03388"], q
    assert [u.code for u in catalog.search("quyet tien tien lang")] == ["11770"]


def test_lai_chau_city_before_2025():
    assert names(catalog.children(PRE2025, "105")) == [
        "Phường Đoàn Kết",  # đoa < đô: o before ô
        "Phường Đông Phong",
        "Phường Quyết Thắng",
        "Phường Quyết Tiến",
        "Xã San Thàng",
        "Xã Sùng Phài",
        "Phường Tân Phong",
    ]


def test_code_reuse_resolves_per_scheme():
    old, new = catalog.get(PRE2025, "03388"), catalog.get(CURRENT, "03388")
    assert (old.name, old.parent_code) == ("Phường Quyết Tiến", "105")
    assert (new.name, new.parent_code) == ("Phường Đoàn Kết", "12")
    assert catalog.get(PRE2025, "03389").name == "Phường Đoàn Kết"
    assert catalog.get(CURRENT, "03389") is None
    assert names(catalog.ancestors(CURRENT, "03388")) == ["Tỉnh Lai Châu", "Phường Đoàn Kết"]


def test_quyet_tien_went_into_doan_ket():
    assert catalog.successors("03388") == [CatalogUnit(CURRENT, "03388", "commune", "Phường Đoàn Kết", "12")]
    assert not catalog.is_split("03388")
    for old in ("03386", "03389", "03403", "03391"):  # Quyết Thắng, Đoàn Kết (old), Sùng Phài, Lản Nhì Thàng
        assert [u.code for u in catalog.successors(old)] == ["03388"]


def test_predecessors_of_new_doan_ket():
    preds = catalog.predecessors("03388")
    assert all(u.scheme == PRE2025 and u.kind == "commune" for u in preds)
    assert sorted(u.short_name for u in preds) == sorted(
        ["Quyết Tiến", "Quyết Thắng", "Đoàn Kết", "Sùng Phài", "Lản Nhì Thàng"]
    )
    lan_nhi_thang = next(u for u in preds if u.short_name == "Lản Nhì Thàng")
    assert catalog.ancestors(PRE2025, lan_nhi_thang.code)[1].name == "Huyện Phong Thổ"
    assert {u.short_name for u in catalog.predecessors("03408")} == {  # new Tân Phong
        "Tân Phong",
        "Đông Phong",
        "San Thàng",
        "Nùng Nàng",
        "Bản Giang",
    }


def test_new_lai_chau():
    communes = catalog.children(CURRENT, "12")
    assert len(communes) == 38
    assert sorted(u.name for u in communes if u.type_label == "Phường") == ["Phường Tân Phong", "Phường Đoàn Kết"]


# --- mapping as a whole ------------------------------------------------------------------------


def test_every_old_commune_has_a_successor_and_every_new_one_a_predecessor():
    for u in catalog.units(PRE2025, "commune"):
        assert catalog.successors(u.code), u
    for u in catalog.units(CURRENT, "commune"):
        assert catalog.predecessors(u.code), u


def test_split_communes_list_the_default_successor_first():
    split = [u for u in catalog.units(PRE2025, "commune") if catalog.is_split(u.code)]
    assert 300 <= len(split) <= 600
    for u in split:
        assert len(catalog.successors(u.code)) >= 2


def test_island_districts_map_by_district_code():
    bach_long_vi = catalog.get(PRE2025, "318")
    assert bach_long_vi.name == "Huyện Bạch Long Vĩ"
    assert catalog.children(PRE2025, "318") == []
    assert names(catalog.successors("318")) == ["Đặc khu Bạch Long Vĩ"]


# --- lists and search --------------------------------------------------------------------------


def test_children_sorted_the_vietnamese_way():
    provinces = names(catalog.provinces(CURRENT))
    assert provinces.index("Tỉnh Cao Bằng") < provinces.index("Thành phố Cần Thơ") < provinces.index(
        "Thành phố Đà Nẵng"
    )
    assert provinces.index("Thành phố Đà Nẵng") < provinces.index("Tỉnh Đắk Lắk") < provinces.index("Tỉnh Gia Lai")
    # numbered wards by value
    d1 = names(catalog.children(PRE2025, catalog.search("Quận Gò Vấp", kind="district")[0].code))
    numbered = [n for n in d1 if n.split()[-1].isdigit()]
    assert numbered == sorted(numbered, key=lambda n: int(n.split()[-1]))
    assert catalog.children(PRE2025, None) == catalog.provinces(PRE2025)
    assert catalog.children(CURRENT, "99999") == []


def test_search_is_accent_insensitive():
    found = catalog.search("doan ket", scheme=CURRENT)
    assert all(u.short_name == "Đoàn Kết" for u in found)
    lai_chau = [u for u in found if u.parent_code == "12"]
    assert [u.code for u in lai_chau] == ["03388"]
    assert catalog.search("DOAN KET lai chau", scheme=CURRENT) == lai_chau
    assert catalog.search("Đoàn Kết", scheme=CURRENT) == found


def test_search_filters_and_limits():
    assert catalog.search("") == []
    assert catalog.search("  ,. ") == []
    assert len(catalog.search("xa", limit=5)) == 5
    provinces = catalog.search("lai chau", kind="province")
    assert [(u.scheme, u.code) for u in provinces] == [(CURRENT, "12"), (PRE2025, "12")]
    districts = catalog.search("TP Lai Châu", scheme=PRE2025, kind="district")
    assert [u.code for u in districts] == ["105"]
    assert all(u.scheme == CURRENT for u in catalog.search("quyet", scheme=CURRENT))
    assert catalog.search("quyet tien", scheme=CURRENT) == []  # the name did not survive 2025


def test_unknown_scheme_is_an_error():
    with pytest.raises(ValueError):
        catalog.get("1990", "01")
    with pytest.raises(ValueError):
        catalog.children("new", None)
    assert catalog.get(PRE2025, "00000") is None
    assert catalog.ancestors(PRE2025, "00000") == []
    assert catalog.successors("00000") == []
    assert catalog.predecessors("00000") == []


def test_numbered_units_keep_their_type_in_short_name():
    assert catalog.get(PRE2025, "760").short_name == "Quận 1"
    assert catalog.get(PRE2025, "760").type_label == "Quận"
