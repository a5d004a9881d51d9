from django.db import models


class SubjectKind(models.TextChoices):
    """What an inspection looks at, or what a title flag is about (glossary: subjects of the title cycle)."""

    GROUP = "group", "Tổ dân phố"
    AGENCY = "agency", "Cơ quan, đơn vị"
    HOUSEHOLD = "household", "Hộ gia đình"


class InspectionStatus(models.TextChoices):
    PLANNED = "planned", "Đã lên kế hoạch"
    DONE = "done", "Đã kiểm tra"


class FindingResult(models.TextChoices):
    PASS = "pass", "Đạt"
    FAIL = "fail", "Không đạt"
    NOT_APPLICABLE = "na", "Không áp dụng"


class FollowUp(models.TextChoices):
    DONE = "done", "Đã khắc phục"
    NOT_DONE = "not_done", "Chưa khắc phục"


class Consequence(models.TextChoices):
    BLOCK = "block", "Không xét danh hiệu năm nay"
    REVOKE = "revoke", "Đề nghị thu hồi danh hiệu"


class EventKind(models.TextChoices):
    TRAINING = "training", "Tập huấn"
    OUTREACH = "outreach", "Tuyên truyền"


class EventForm(models.TextChoices):
    """How a training or outreach session reached people."""

    CONFERENCE = "conference", "Hội nghị, lớp tập huấn"
    MEETING = "meeting", "Sinh hoạt tổ dân phố, họp dân"
    LOUDSPEAKER = "loudspeaker", "Loa truyền thanh"
    POSTER = "poster", "Pano, áp phích, băng rôn"
    SOCIAL_MEDIA = "social_media", "Mạng xã hội, nhóm Zalo"
    LEAFLET = "leaflet", "Tờ rơi, tài liệu phát tay"
    PERFORMANCE = "performance", "Văn nghệ, sân khấu hóa"
    OTHER = "other", "Hình thức khác"


class FileKind(models.TextChoices):
    PHOTO = "photo", "Ảnh"
    EVIDENCE = "evidence", "Tài liệu chứng minh"
    MATERIAL = "material", "Tài liệu tập huấn, tuyên truyền"
    OTHER = "other", "Tệp khác"


class MoneySource(models.TextChoices):
    """The two pools the plan's section IV names (balances are kept per pool)."""

    BUDGET = "budget", "Ngân sách"
    DONATION = "donation", "Xã hội hóa"


class DonorKind(models.TextChoices):
    PERSON = "person", "Cá nhân, hộ gia đình"
    ORGANISATION = "organisation", "Cơ quan, doanh nghiệp, tổ chức"


class ContributionForm(models.TextChoices):
    CASH = "cash", "Tiền mặt, chuyển khoản"
    IN_KIND = "in_kind", "Hiện vật (giá trị ước tính)"
