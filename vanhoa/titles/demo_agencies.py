"""The demo ward's seven agencies under TT 08/2014, each with a history that exercises one path of the procedure:

* Trường Tiểu học and Trường THCS Quyết Tiến: registered 2013, first recognised on paper in 2015, kept 2016–2019
  (the union's yearly reports of 2018 and 2019 are in the system), re-recognised in 2020 by the Chủ tịch UBND tỉnh
  (Quyết định 1874/QĐ-UBND, Bằng công nhận) on their union's report of 2015–2019;
* Ủy ban nhân dân phường and Công an phường: first recognised on paper in 2016 and 2017, kept through 2020;
* Trạm Y tế phường and Trường Mầm non Hoa Ban: registered 2018, first recognised in 2020 by the Chủ tịch UBND
  thành phố (Quyết định 3150/QĐ-UBND, Giấy công nhận) on their union's report of the two building years;
* the company: registered 2019, still building in 2020 (first recognition from 2021).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from vanhoa.demo.context import DemoContext
from vanhoa.registry.models import Agency
from vanhoa.titles import services
from vanhoa.titles.choices import AdminLevel, AgencyReportKind, DecisionKind, ProposalStatus, Recognition
from vanhoa.titles.models import Candidacy, Decision, Proposal, TitleType
from vanhoa.titles.services import agencies

# name → (registered to build on, year first recognised on paper, that decision)
HISTORY: dict[str, tuple[date, int | None, str]] = {
    "Trường Tiểu học Quyết Tiến": (date(2013, 9, 5), 2015, "Quyết định số 2105/QĐ-UBND ngày 18/12/2015"),
    "Trường THCS Quyết Tiến": (date(2013, 9, 5), 2015, "Quyết định số 2105/QĐ-UBND ngày 18/12/2015"),
    "Ủy ban nhân dân phường Quyết Tiến": (date(2014, 10, 20), 2016, "Quyết định số 2876/QĐ-UBND ngày 20/12/2016"),
    "Công an phường Quyết Tiến": (date(2015, 3, 2), 2017, "Quyết định số 3012/QĐ-UBND ngày 22/12/2017"),
    "Trạm Y tế phường Quyết Tiến": (date(2018, 2, 26), None, ""),
    "Trường Mầm non Hoa Ban": (date(2018, 3, 12), None, ""),
    "Công ty TNHH Xây dựng Tam Đường (mẫu)": (date(2019, 4, 8), None, ""),
}
HEADS = ["Đinh Văn Quý", "Lò Thị Hạnh", "Nguyễn Văn Sơn", "Tòng Văn Hải", "Vàng Thị Mai", "Hoàng Văn Tiến",
         "Lường Văn Đức"]  # fmt: skip


CHAIRS = ["Lò Thị Chung", "Nguyễn Thị Hoa", "Tòng Văn Lả", "Vàng A Dơ"]  # synthetic union chairs


def _union(agency: Agency) -> str:
    return f"Công đoàn {agency.name.replace(' (mẫu)', '')}"


def load_2020(ctx: DemoContext, agencies: Sequence[Agency], bulk_recognise: Any, city_chairman: str,
              province_chairman: str) -> None:  # fmt: skip
    """Enrol the agencies, write their unions' reports 2018–2020 and the two 2020 decisions (first, renewal)."""
    qt = ctx.ward_2020
    tt = TitleType.objects.get(code="cqvh")
    known = [a for a in agencies if a.name in HISTORY]
    for i, a in enumerate(known):
        enrolled, prior, decision = HISTORY[a.name]
        services.enrol_agency(
            actor=ctx.actor, agency=a, registered_on=enrolled, union_name=_union(a), prior_year=prior,
            prior_recognition=Recognition.FIRST if prior else "",
            prior_decision=f"{decision} của Chủ tịch Ủy ban nhân dân thành phố Lai Châu" if prior else "",
        )  # fmt: skip
        for year in (2018, 2019, 2020):
            _report(ctx, a, year, HEADS[i % len(HEADS)])
    first = [a for a in known if HISTORY[a.name][0].year == 2018]
    renewed = [a for a in known if HISTORY[a.name][1] == 2015]
    if first:
        _decide(ctx, tt, qt, first, AdminLevel.DISTRICT, "3150", date(2020, 12, 22), city_chairman, bulk_recognise,
                Recognition.FIRST)  # fmt: skip
    if renewed:
        _decide(ctx, tt, qt, renewed, AdminLevel.PROVINCE, "1874", date(2020, 12, 25), province_chairman,
                bulk_recognise, Recognition.RENEWAL)  # fmt: skip
    rest = [a for a in agencies if a not in known]  # an agency the demo does not know: recognised as before
    if rest:
        for a in rest:
            services.enrol_agency(actor=ctx.actor, agency=a, registered_on=date(2018, 3, 1), union_name=_union(a))
        _decide(ctx, tt, qt, rest, AdminLevel.DISTRICT, "3151", date(2020, 12, 22), city_chairman, bulk_recognise,
                Recognition.FIRST)  # fmt: skip


def _report(ctx: DemoContext, agency: Agency, year: int, head: str) -> None:
    s = agencies.standing(agency, year)
    if s.status == agencies.KEPT or (s.status == agencies.BUILDING and year == 2020):
        kind, on, text = AgencyReportKind.YEARLY, date(year, 12, 5), "Hoàn thành tốt nhiệm vụ; giữ vững các tiêu chuẩn."
    elif s.status in (agencies.FIRST_DUE, agencies.RENEWAL_DUE) and year == 2020:
        renewal = s.status == agencies.RENEWAL_DUE
        kind, on = (AgencyReportKind.RENEWAL if renewal else AgencyReportKind.FIRST), date(2020, 9, 4)
        text = "Báo cáo thành tích xây dựng đơn vị đạt chuẩn văn hóa; có xác nhận của thủ trưởng."
    else:
        return
    services.record_agency_report(
        actor=ctx.actor, agency=agency, year=year, kind=kind, reported_on=on, union_name=_union(agency),
        head_name=head, chair_name=CHAIRS[len(agency.name) % len(CHAIRS)], summary=text,
    )  # fmt: skip


def _decide(ctx: DemoContext, tt: TitleType, qt: Any, agencies: Sequence[Agency], level: str, number: str,
            signed_on: date, signer: str, bulk_recognise: Any, recognition: str) -> None:  # fmt: skip
    issuer = services.issuer_unit(qt, level, signed_on)
    committee = "thành phố" if level == AdminLevel.DISTRICT else "tỉnh"
    proposer = f"Ban Chỉ đạo phong trào “Toàn dân đoàn kết xây dựng đời sống văn hóa” {committee}"
    decision = Decision.objects.create(
        kind=DecisionKind.RECOGNITION, title_type=tt, rule_set=services.rule_set_for(tt, qt, signed_on), year=2020,
        ward=qt, issuer_level=level, issuer_name=f"Ủy ban nhân dân {services.unit_title(issuer, signed_on)}",
        signer_position=f"Chủ tịch Ủy ban nhân dân {services.unit_title(issuer, signed_on)}", number=number,
        symbol="QĐ-UBND", signed_on=signed_on, signer_name=signer, proposer=proposer,
    )  # fmt: skip
    proposal = Proposal.objects.create(
        title_type=tt, year=2020, unit=qt, ward=qt, number=f"{number[-2:]}/TTr-BCĐ", submitted_on=date(2020, 11, 20),
        complete_on=date(2020, 11, 20), documents=["report", "proposal", "inspection"],
        status=ProposalStatus.DECIDED, decision=decision,
    )  # fmt: skip
    made = bulk_recognise(tt, agencies, 2020, decision, date(2020, 3, 5), proposal)
    Candidacy.objects.filter(pk__in=[c.pk for c in made]).update(recognition=recognition)
