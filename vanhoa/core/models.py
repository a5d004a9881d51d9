"""Shared building blocks: NFC-normalised models and the audit trail."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from vanhoa.core.actions import action_label
from vanhoa.core.scoping import ScopedQuerySet
from vanhoa.core.text import nfc, nfc_multiline


class NormalisedModel(models.Model):
    """A model whose text fields are stored NFC-normalised, whatever the input (forms, imports, API)."""

    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    class Meta:
        abstract = True

    def normalise_text(self) -> None:
        for field in self._meta.concrete_fields:
            value = getattr(self, field.attname, None)
            if not isinstance(value, str):
                continue
            if isinstance(field, models.TextField):
                setattr(self, field.attname, nfc_multiline(value))
            elif isinstance(field, models.CharField):
                setattr(self, field.attname, nfc(value))

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.normalise_text()
        super().save(*args, **kwargs)


class AuditQuerySet(ScopedQuerySet["AuditEntry"]):
    """Audit entries are read by the unit they belong to; the app can neither update nor delete them."""

    scope_field = "unit"

    def update(self, **kwargs: Any) -> int:
        raise PermissionError("Nhật ký thay đổi không được sửa.")

    def delete(self) -> Any:
        raise PermissionError("Nhật ký thay đổi không được xóa.")

    def about(self, obj: models.Model) -> AuditQuerySet:
        """The entries of one object, newest first."""
        return self.filter(object_type=f"{obj._meta.app_label}.{obj._meta.model_name}", object_id=str(obj.pk))


class AuditEntry(models.Model):
    """One recorded change of state: who did what to which record, when, with the fields before and after.

    Written only by service functions (vanhoa.core.audit.record); never edited or deleted by the app.
    `unit` is the administrative unit the record belongs to, so the history can be scoped like the data.
    """

    at = models.DateTimeField("thời điểm", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người thực hiện",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_name = models.CharField("tên người thực hiện", max_length=150, blank=True)
    action = models.CharField("hành động", max_length=80, db_index=True)
    object_type = models.CharField("loại đối tượng", max_length=80, db_index=True)
    object_id = models.CharField("mã đối tượng", max_length=64, db_index=True)
    object_repr = models.CharField("đối tượng", max_length=255)
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name="đơn vị",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changes = models.JSONField("thay đổi", default=dict, blank=True)
    note = models.TextField("ghi chú", blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "nhật ký thay đổi"
        verbose_name_plural = "nhật ký thay đổi"
        indexes = [models.Index(fields=["object_type", "object_id", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.actor_name} {self.action} {self.object_repr}"

    @property
    def action_label(self) -> str:
        return action_label(self.action)

    @property
    def field_changes(self) -> list[tuple[str, Any, Any]]:
        """(field, before, after) for each changed field; the '_' key holds extra facts, not fields."""
        return [(k, v[0], v[1]) for k, v in self.changes.items() if k != "_" and isinstance(v, list) and len(v) == 2]

    @property
    def extra(self) -> dict[str, Any]:
        value = self.changes.get("_")
        return value if isinstance(value, dict) else {}

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("Nhật ký thay đổi không được sửa.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise PermissionError("Nhật ký thay đổi không được xóa.")
