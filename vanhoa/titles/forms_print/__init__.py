"""Every form of the title dossiers, each citing its form number, registered as document kinds
(``manage.py export_document --help`` lists them): NĐ 86/2023 Phụ lục IV Mẫu số 01–06 and the decisions (10, 11);
NĐ 122/2018 the group's proposal, Mẫu số 01 (registration), 03 (self-assessment), 07 (minutes), 11 (decision);
and ``title-dossier``, a group's or a commune's whole dossier as one PDF (vanhoa.titles.forms_print.dossier).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from vanhoa.documents.exports import DocumentNotAvailable

#: key → (label, title code, regime, builder name in its module, level "group" / "ward", fixed options)
KINDS: dict[str, tuple[str, str, str, str]] = {
    "nd86-mau-01": ("NĐ 86/2023 Mẫu số 01 – Văn bản đề nghị xét tặng “Gia đình văn hóa” (tổ dân phố, thôn)",
                    "gdvh", "nd86", "household_forms.build_group_proposal"),
    "nd86-mau-02": ("NĐ 86/2023 Mẫu số 02 – Bảng tổng hợp hộ đạt tiêu chuẩn và kết quả lấy ý kiến người dân",
                    "gdvh", "nd86", "summary"),
    "nd86-mau-03": ("NĐ 86/2023 Mẫu số 03 – Biên bản họp bình xét “Gia đình văn hóa” của thôn, tổ dân phố",
                    "gdvh", "nd86", "minutes"),
    "nd86-mau-04": ("NĐ 86/2023 Mẫu số 04 – Tờ trình đề nghị xét tặng “Thôn, tổ dân phố văn hóa”",
                    "tdpvh", "nd86", "group_forms.build_submission"),
    "nd86-mau-05": ("NĐ 86/2023 Mẫu số 05 – Báo cáo thành tích của thôn, tổ dân phố",
                    "tdpvh", "nd86", "group_forms.build_achievement_report"),
    "nd86-mau-06": ("NĐ 86/2023 Mẫu số 06 – Biên bản họp Hội đồng Thi đua - Khen thưởng cấp xã",
                    "tdpvh", "nd86", "minutes"),
    "nd86-mau-10": ("NĐ 86/2023 Mẫu số 10 – Quyết định tặng danh hiệu “Gia đình văn hóa”",
                    "gdvh", "nd86", "decision"),
    "nd86-mau-11": ("NĐ 86/2023 Mẫu số 11 (số mẫu suy ra) – Quyết định tặng “Thôn, tổ dân phố văn hóa”",
                    "tdpvh", "nd86", "decision"),
    "nd122-de-nghi": ("NĐ 122/2018 Điều 8 điểm a – Văn bản đề nghị của Trưởng khu dân cư",
                      "gdvh", "nd122", "household_forms.build_group_proposal"),
    "nd122-mau-01": ("NĐ 122/2018 Mẫu số 01 – Bản đăng ký tham gia thi đua xây dựng “Gia đình văn hóa” (từng hộ)",
                     "gdvh", "nd122", "household_forms.build_registration_form"),
    "nd122-mau-03": ("NĐ 122/2018 Mẫu số 03 – Bảng tự đánh giá của hộ gia đình (từng hộ)",
                     "gdvh", "nd122", "household_forms.build_self_assessment"),
    "nd122-mau-07": ("NĐ 122/2018 Mẫu số 07 – Biên bản họp bình xét “Gia đình văn hóa” của khu dân cư",
                     "gdvh", "nd122", "minutes"),
    "nd122-mau-11": ("NĐ 122/2018 Mẫu số 11 – Quyết định công nhận “Gia đình văn hóa”",
                     "gdvh", "nd122", "decision"),
}  # fmt: skip

#: Forms that are not administrative papers under NĐ 30/2020 (it governs the papers of state bodies, Điều 2), with
#: the NĐ 30 checks they are exempt from and why. Tested in vanhoa/titles/tests/test_forms_print.py.
ND30_EXCEPTIONS: dict[str, tuple[frozenset[str], str]] = {
    "nd86-mau-01": (frozenset({"type"}), "Văn bản của thôn, tổ dân phố (tổ chức tự quản, không phải cơ quan nhà nước); "
                    "tên loại “Văn bản đề nghị” do Nghị định 86/2023 đặt, không có trong danh mục của NĐ 30/2020."),
    "nd86-mau-02": (frozenset({"type"}), "Bảng kèm theo Văn bản đề nghị (Mẫu số 01); tên loại “Bảng tổng hợp” do "
                    "Nghị định 86/2023 đặt."),
    "nd122-mau-01": (frozenset({"number", "type"}), "Giấy tờ của công dân (chủ hộ ký), không phải văn bản hành chính: "
                     "không có cơ quan ban hành, số, ký hiệu."),
    "nd122-mau-03": (frozenset({"number", "type"}), "Giấy tờ của công dân (chủ hộ tự chấm điểm), không phải văn bản "
                     "hành chính."),
    "nd122-de-nghi": (frozenset({"type"}), "Văn bản của khu dân cư (tổ chức tự quản); Điều 8 không đặt mẫu."),
}  # fmt: skip


def _builder(target: str) -> Callable[..., Any]:
    from vanhoa.titles import documents

    if target == "minutes":
        return documents.build_minutes
    if target == "decision":
        return documents.build_decision
    if target == "summary":
        return lambda **kw: documents.build_proposal(form02=True, **kw)
    module, _, name = target.partition(".")
    from importlib import import_module

    builder: Callable[..., Any] = getattr(import_module(f"vanhoa.titles.forms_print.{module}"), name)
    return builder


def make_builder(key: str) -> Callable[..., Any]:
    label, title, regime, target = KINDS[key]

    def build(*, ward: Any, year: int, **options: Any) -> Any:
        from vanhoa.titles import services
        from vanhoa.titles.documents import find_group
        from vanhoa.titles.forms_print.base import require_regime

        options = {**options, "title": title}
        unit = find_group(ward, options["group"]) if options.get("group") and title == "gdvh" else ward
        try:
            rs = services.rule_set_for_year(title, unit, year)
        except services.TitleError as exc:
            raise DocumentNotAvailable(str(exc)) from exc
        require_regime(rs, regime, label.split(" – ")[0], year)
        return _builder(target)(ward=ward, year=year, **options)

    return build


def register_all() -> None:
    from vanhoa.documents import exports
    from vanhoa.titles.forms_print.dossier import build_dossier

    for key, (label, *_rest) in KINDS.items():
        exports.register(key, label, make_builder(key))
    exports.register("title-dossier", "Hồ sơ đề nghị (một tệp PDF có danh mục): của một tổ (group=…) hoặc của xã",
                     build_dossier)  # fmt: skip


#: The forms a cycle page offers, by regime and the title's subject (household: a group's page; group: the commune's).
PAGE_FORMS = {
    ("nd86", "household"): ["nd86-mau-01", "nd86-mau-02", "nd86-mau-03"],
    ("nd122", "household"): ["nd122-de-nghi", "nd122-mau-01", "nd122-mau-03", "nd122-mau-07"],
    ("nd86", "group"): ["nd86-mau-04", "nd86-mau-05", "nd86-mau-06", "nd86-mau-11"],
}
#: Papers of the whole commune: never cut to one group, so a group leader does not get them (views.documents).
WARD_FORMS = {"nd86-mau-04", "nd86-mau-06", "nd86-mau-10", "nd86-mau-11", "nd122-mau-11"}


def in_words_of(name: str, unit: Any) -> str:
    """A form's name, which the decree gives for "thôn, tổ dân phố" alike, in the words of the unit's commune: a
    phường reads "tổ dân phố", a xã "thôn, bản"."""
    from vanhoa.units.choices import UnitKind
    from vanhoa.units.words import words_for

    ward = unit if unit.kind == UnitKind.COMMUNE or unit.parent_id is None else unit.parent
    w = words_for(ward)
    for generic, said in (
        ("Thôn, tổ dân phố văn hóa", w.cultural_groups),
        ("Thôn, tổ dân phố", w.Groups),
        ("thôn, tổ dân phố", w.groups),
        ("tổ dân phố, thôn", w.groups),
    ):
        name = name.replace(generic, said)
    return name


def page_forms(rule_set: Any, unit: Any, groups: Any = ()) -> list[dict[str, str]]:
    """What the cycle page lists: {form, name, query} per paper (a group's Báo cáo thành tích once per group)."""
    if rule_set is None:
        return []
    subject = rule_set.title_type.subject_kind
    out = []
    for key in PAGE_FORMS.get((rule_set.regime, subject), []):
        form, _, name = KINDS[key][0].partition(" – ")
        name = in_words_of(name, unit)
        if key == "nd86-mau-05":
            out += [{"form": form, "name": f"{name} ({g.name})", "kind": key, "query": f"group={g.pk}"} for g in groups]
        else:
            query = f"group={unit.pk}" if subject == "household" else ""
            out.append({"form": form, "name": name, "kind": key, "query": query})
    return out
