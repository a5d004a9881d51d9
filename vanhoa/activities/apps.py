from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "vanhoa.activities"
    label = "activities"
    verbose_name = "Kiểm tra, Ngày hội 18/11, tập huấn, tuyên truyền, kinh phí"

    def ready(self) -> None:
        from vanhoa.accounts import personal_data
        from vanhoa.activities import documents, labels
        from vanhoa.core import audit, menu
        from vanhoa.documents import exports

        section = "Kế hoạch, hoạt động"
        menu.register("Hoạt động", "activities-home", "people-fill", "activities.view", 25, section=section)
        menu.register("Kinh phí", "funding-home", "cash-coin", "funding.view", 35, section=section)
        exports.register("inspection-minutes", "Biên bản kiểm tra", documents.build_inspection_minutes)
        exports.register("funding-report", "Báo cáo tiếp nhận, sử dụng kinh phí", documents.build_funding_report)
        audit.register_labels(labels.AUDIT_LABELS)
        personal_data.register("Cảnh báo danh hiệu sau kiểm tra", labels.household_flags, order=120)

        from vanhoa.activities.reports import report_figures, report_money
        from vanhoa.reports import providers

        providers.register("activities", report_figures, label="Hoạt động", money=report_money)
