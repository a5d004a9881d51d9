from django.db import models


class SubjectKind(models.TextChoices):
    HOUSEHOLD = "household", "Hộ gia đình"
    GROUP = "group", "Tổ dân phố, thôn, bản"
    AGENCY = "agency", "Cơ quan, đơn vị, doanh nghiệp"
    STREET = "street", "Tuyến phố"
    COMMUNE = "commune", "Xã, phường, thị trấn"
    CLAN = "clan", "Dòng họ"


class State(models.TextChoices):
    REGISTERED = "registered", "Đã đăng ký"
    SELF_ASSESSED = "self_assessed", "Đã tự đánh giá"
    REVIEWED = "reviewed", "Bình xét đạt"
    NOT_PROPOSED = "not_proposed", "Không đề nghị"
    ON_NOTICE = "on_notice", "Niêm yết công khai"
    PROPOSED = "proposed", "Đã đề nghị công nhận"
    DECIDED = "decided", "Được công nhận"
    CERTIFIED = "certified", "Đã cấp giấy công nhận"
    WITHDRAWN = "withdrawn", "Rút đăng ký"
    RETURNED = "returned", "Bị trả lại"
    REVOKED = "revoked", "Bị thu hồi danh hiệu"


RECOGNISED = frozenset({State.DECIDED, State.CERTIFIED})
# States from which a candidacy can be taken into a review meeting.
REVIEWABLE = frozenset({State.REGISTERED, State.SELF_ASSESSED})


class VotingMethod(models.TextChoices):
    SHOW_OF_HANDS = "show_of_hands", "Biểu quyết giơ tay"
    SECRET_BALLOT = "secret_ballot", "Bỏ phiếu kín"


class PassKind(models.TextChoices):
    ALL_CRITERIA = "all", "Đạt đủ các tiêu chuẩn"
    POINTS = "points", "Chấm điểm theo thang điểm"


class DayCount(models.TextChoices):
    CALENDAR = "calendar", "ngày"
    WORKING = "working", "ngày làm việc"


class CalendarDayKind(models.TextChoices):
    OFF = "off", "ngày nghỉ"
    WORKING = "working", "ngày làm việc (làm bù)"


class AdminLevel(models.TextChoices):
    COMMUNE = "commune", "cấp xã"
    DISTRICT = "district", "cấp huyện"
    PROVINCE = "province", "cấp tỉnh"


class DeciderScope(models.TextChoices):
    ALL = "all", "Mọi lần xét"
    FIRST = "first", "Công nhận lần đầu"
    RENEWAL = "renewal", "Công nhận lại"


class Recognition(models.TextChoices):
    """Which recognition an agency's candidacy is for (TT 08/2014 Điều 7): the first one after the building years,
    or the re-recognition after the years of keeping the title. Blank for the yearly titles."""

    NONE = "", "Xét hằng năm"
    FIRST = "first", "Công nhận lần đầu"
    RENEWAL = "renewal", "Công nhận lại"


class AgencyReportKind(models.TextChoices):
    """The agency's trade union's reports (Công đoàn cơ sở, confirmed by the head of the agency)."""

    YEARLY = "yearly", "Báo cáo hằng năm (giữ vững danh hiệu)"
    FIRST = "first", "Báo cáo thành tích các năm xây dựng (công nhận lần đầu)"
    RENEWAL = "renewal", "Báo cáo thành tích các năm giữ vững (công nhận lại)"


class MeetingStatus(models.TextChoices):
    DRAFT = "draft", "Bản nháp"
    SUBMITTED = "submitted", "Đã chốt kết quả"


class Outcome(models.TextChoices):
    PENDING = "", "Chưa chốt"
    PASSED = "passed", "Đạt, đề nghị"
    FAILED = "failed", "Không đề nghị"


class ProposalStatus(models.TextChoices):
    SUBMITTED = "submitted", "Đã gửi, chờ quyết định"
    RETURNED = "returned", "Bị trả lại"
    DECIDED = "decided", "Đã có quyết định"


class DecisionKind(models.TextChoices):
    RECOGNITION = "recognition", "Công nhận danh hiệu"
    REVOCATION = "revocation", "Thu hồi danh hiệu"
    COMMENDATION = "commendation", "Tặng Giấy khen"


class Rounding(models.TextChoices):
    FLOOR = "floor", "Làm tròn xuống"
    HALF_UP = "half_up", "Làm tròn thông thường"
    CEIL = "ceil", "Làm tròn lên"


class TieBreak(models.TextChoices):
    EARLIEST_REGISTRATION = "earliest_registration", "Đăng ký sớm hơn xếp trước"
    NAME = "name", "Theo tên chủ hộ (A–Z)"


class CommendationScope(models.TextChoices):
    GROUP = "group", "Từng khu dân cư (thôn, tổ dân phố)"
    WARD = "ward", "Xã, phường"


class CommendationStatus(models.TextChoices):
    WITHIN_CAP = "within_cap", "Trong tỷ lệ được đề nghị"
    NOT_APPROVED = "not_approved", "Không đủ tỷ lệ tán thành"
    OVER_CAP = "over_cap", "Vượt tỷ lệ, không đề nghị"
    NOT_ELIGIBLE = "not_eligible", "Chưa đủ số năm liên tục"
    AWARDED = "awarded", "Đã tặng Giấy khen"


class CommitmentKind(models.TextChoices):
    HOUSEHOLD = "household", "Hộ gia đình"
    BUSINESS = "business", "Hộ kinh doanh, doanh nghiệp"
    AGENCY = "agency", "Cơ quan, đơn vị"
