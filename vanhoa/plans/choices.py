from django.db import models

from vanhoa.accounts.permissions import Role


class OrganisationKind(models.TextChoices):
    """The bodies of a ward that lead or join plan activities (glossary: Organisation)."""

    STEERING_COMMITTEE = "steering_committee", "Ban Chỉ đạo phong trào phường"
    STEERING_MEMBERS = "steering_members", "Các thành viên Ban Chỉ đạo phường"
    FATHERLAND_FRONT = "fatherland_front", "Ủy ban MTTQ phường"
    TRADE_UNION = "trade_union", "Công đoàn phường"
    CULTURE_OFFICER = "culture_officer", "Công chức Văn hóa - Xã hội"
    RESIDENTIAL_GROUPS = "residential_groups", "Các tổ dân phố"
    OTHER = "other", "Tổ chức khác"


#: Default names of the standard bodies (the ward's own name is not part of them: "phường" is enough).
DEFAULT_ORGANISATIONS: list[tuple[str, str]] = [
    (OrganisationKind.STEERING_COMMITTEE, "Ban Chỉ đạo phong trào “TDĐKXDĐSVH” phường"),
    (OrganisationKind.STEERING_MEMBERS, "Các thành viên Ban Chỉ đạo phường"),
    (OrganisationKind.FATHERLAND_FRONT, "Ủy ban MTTQ phường"),
    (OrganisationKind.TRADE_UNION, "Công đoàn phường"),
    (OrganisationKind.CULTURE_OFFICER, "Công chức Văn hóa - Xã hội phường"),
    (OrganisationKind.RESIDENTIAL_GROUPS, "Các tổ dân phố"),
]

#: Whose officers belong to a body by default: the holders of these roles (on the ward, or on one of its
#: residential groups for group leaders) see the body's activities in "Việc cần làm tháng này" and may
#: report on them. Stored per organisation (``Organisation.member_roles``) so a ward can change it.
DEFAULT_MEMBER_ROLES: dict[str, list[str]] = {
    OrganisationKind.STEERING_COMMITTEE: [Role.WARD_HEAD, Role.CULTURE_OFFICER],
    OrganisationKind.STEERING_MEMBERS: [
        Role.WARD_HEAD,
        Role.FRONT_OFFICER,
        Role.UNION_OFFICER,
        Role.CULTURE_OFFICER,
    ],
    OrganisationKind.FATHERLAND_FRONT: [Role.FRONT_OFFICER],
    OrganisationKind.TRADE_UNION: [Role.UNION_OFFICER],
    OrganisationKind.CULTURE_OFFICER: [Role.CULTURE_OFFICER],
    OrganisationKind.RESIDENTIAL_GROUPS: [Role.GROUP_LEADER],
    OrganisationKind.OTHER: [],
}


class ActivityStatus(models.TextChoices):
    """Stored statuses. "Quá hạn" is not stored: it is computed from the months and today."""

    NOT_STARTED = "not_started", "Chưa bắt đầu"
    IN_PROGRESS = "in_progress", "Đang thực hiện"
    DONE = "done", "Hoàn thành"


OVERDUE = "overdue"
OVERDUE_LABEL = "Quá hạn"
#: Every status a user can see (stored ones and the computed "quá hạn").
DISPLAY_STATUS_LABELS = {**dict(ActivityStatus.choices), OVERDUE: OVERDUE_LABEL}


class Timing(models.TextChoices):
    MONTHS = "months", "Theo tháng"
    QUARTERS = "quarters", "Theo quý"
    YEAR = "year", "Cả năm"


class ActivityCategory(models.TextChoices):
    """What kind of work an activity is (glossary codes), so other modules can find e.g. the 18/11 festival."""

    REGISTRATION = "registration", "Đăng ký danh hiệu"
    TRAINING = "training", "Tập huấn"
    OUTREACH = "outreach", "Tuyên truyền"
    SEMIANNUAL_REPORT = "semiannual_report", "Sơ kết 6 tháng"
    INSPECTION = "inspection", "Kiểm tra, giám sát"
    EVALUATION = "evaluation", "Bình xét danh hiệu"
    UNITY_FESTIVAL = "unity_festival", "Ngày hội Đại đoàn kết (18/11)"
    ANNUAL_REPORT = "annual_report", "Tổng kết năm"
    OTHER = "other", "Khác"


class PartyRole(models.TextChoices):
    LEAD = "lead", "Đơn vị chủ trì"
    COORDINATE = "coordinate", "Đơn vị phối hợp"


class TargetIndicator(models.TextChoices):
    """Machine-readable codes of the targets; the indicators module computes the actual values."""

    CULTURAL_FAMILY_RATE = "cultural_family_rate", "Tỷ lệ gia đình văn hóa"
    CULTURAL_GROUP_COUNT = "cultural_group_count", "Số tổ dân phố văn hóa"
    CULTURAL_AGENCY_RATE = "cultural_agency_rate", "Tỷ lệ cơ quan, đơn vị đạt chuẩn văn hóa"
    CIVILISED_STREET_COUNT = "civilised_street_count", "Số tuyến phố văn minh đô thị"
    OTHER = "other", "Chỉ tiêu khác"


class TargetUnit(models.TextChoices):
    PERCENT = "percent", "Tỷ lệ (%)"
    COUNT = "count", "Số lượng"
    RATIO = "ratio", "Tỷ số x/y"


class FundingKind(models.TextChoices):
    BUDGET = "budget", "Ngân sách"
    DONATION = "donation", "Xã hội hóa"
    OTHER = "other", "Nguồn khác"


class AttachmentKind(models.TextChoices):
    PHOTO = "photo", "Ảnh hoạt động"
    MINUTES = "minutes", "Biên bản"
    DOCUMENT = "document", "Tài liệu khác"
