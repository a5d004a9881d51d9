"""A PDF asked for on a page: made once per content by the background worker, kept for the next asker."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from vanhoa.accounts.scoping import ScopedQuerySet
from vanhoa.core.models import NormalisedModel


class PdfStatus(models.TextChoices):
    QUEUED = "queued", "Đang chờ"
    RUNNING = "running", "Đang chuyển sang PDF"
    DONE = "done", "Đã xong"
    FAILED = "failed", "Không chuyển được"


class PdfJob(NormalisedModel):
    """One document's PDF, identified by a hash of its content (`key`): two people asking for the same
    decision get the same file, and a changed document is a new job. `recipe` is what the worker converts
    (vanhoa.documents.recipes); the PDF is kept in private storage (`documents/pdf/<key>.pdf`)."""

    key = models.CharField("mã nội dung", max_length=64, unique=True)
    title = models.CharField("văn bản", max_length=200)
    filename = models.CharField("tên tệp", max_length=200)
    recipe = models.BinaryField("dữ liệu để chuyển", default=b"", editable=False)
    status = models.CharField("trạng thái", max_length=16, choices=PdfStatus.choices, default=PdfStatus.QUEUED)
    progress_done = models.PositiveIntegerField("đã xong", default=0)
    progress_total = models.PositiveIntegerField("tổng số", default=0)
    error = models.TextField("thông báo lỗi", blank=True)
    size = models.PositiveIntegerField("dung lượng (byte)", default=0)
    seconds = models.FloatField("thời gian chuyển (giây)", default=0)
    requested_by = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name="người yêu cầu", related_name="+")

    class Meta:
        verbose_name = "tệp PDF"
        verbose_name_plural = "tệp PDF"

    def __str__(self) -> str:
        return self.filename

    @property
    def is_running(self) -> bool:
        return self.status in (PdfStatus.QUEUED, PdfStatus.RUNNING)

    @property
    def percent(self) -> int:
        return int(100 * self.progress_done / self.progress_total) if self.progress_total else 0

    @property
    def path(self) -> str:
        return f"documents/pdf/{self.key}.pdf"


class IssuerScoped(ScopedQuerySet):
    scope_field = "issuer"


class RegisterBook(models.Model):
    """One register of outgoing documents (sổ đăng ký văn bản đi) of one issuing body for one year: the UBND of
    phường Quyết Tiến in 2020, its Ban Chỉ đạo in 2020 (an advisory body issuing under its own name keeps its own
    number series, NĐ 30/2020 Phụ lục I), or the UBND's book of certificates (GCN). Numbers restart at 01 on
    01/01. `last_number` is the highest number given; the row is locked while a number is taken."""

    issuer = models.ForeignKey("units.Unit", verbose_name="đơn vị", on_delete=models.PROTECT, related_name="+")
    series = models.CharField("cơ quan ban hành (ký hiệu)", max_length=20, help_text="UBND, BCĐ, GCN")
    year = models.PositiveSmallIntegerField("năm")
    last_number = models.PositiveIntegerField("số cuối đã cấp", default=0)

    objects = IssuerScoped.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["issuer", "series", "year"], name="register_book_once")]
        ordering = ["-year", "issuer_id", "series"]
        verbose_name = "sổ đăng ký văn bản đi"
        verbose_name_plural = "sổ đăng ký văn bản đi"

    def __str__(self) -> str:
        return f"Sổ {self.series} {self.issuer.name} năm {self.year}"

    def get_title(self) -> str:
        from vanhoa.documents.register_book import title_of

        return title_of(self)


class RegisterEntry(NormalisedModel):
    """One number of a register: the paper it was given to (type, summary, date, signer, where it lives in the
    system), or a number left unused with the reason (a gap explained)."""

    book = models.ForeignKey(RegisterBook, verbose_name="sổ", on_delete=models.PROTECT, related_name="entries")
    number = models.PositiveIntegerField("số")
    doc_type = models.CharField("tên loại (viết tắt)", max_length=10, help_text="QĐ, KH, BC, BB, TTr, GCN")
    symbol = models.CharField("ký hiệu", max_length=40)
    issued_on = models.DateField("ngày văn bản", null=True, blank=True, help_text="Trống: văn bản chưa ghi ngày.")
    summary = models.TextField("tên loại và trích yếu nội dung")
    signer = models.CharField("người ký", max_length=120, blank=True)
    recipients = models.TextField("nơi nhận", blank=True)
    source_type = models.CharField("loại giấy tờ trong hệ thống", max_length=60, blank=True)
    source_id = models.PositiveBigIntegerField("mã giấy tờ", null=True, blank=True)
    void_reason = models.TextField("lý do không dùng số", blank=True)
    recorded_by = models.CharField("người ghi", max_length=150, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["book", "number"], name="register_number_once")]
        ordering = ["book", "number"]
        verbose_name = "số văn bản đi"
        verbose_name_plural = "số văn bản đi"

    def __str__(self) -> str:
        return f"{self.number_text} ngày {self.issued_on:%d/%m/%Y}" if self.issued_on else self.number_text

    @property
    def number_text(self) -> str:
        if not self.symbol:  # a certificate: "Số vào sổ: 0001"
            return f"{self.number:04d}"
        return f"{self.number:02d}/{self.symbol}"

    @property
    def is_void(self) -> bool:
        return bool(self.void_reason)
