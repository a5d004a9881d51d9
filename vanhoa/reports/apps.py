from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "vanhoa.reports"
    label = "reports"
    verbose_name = "Chỉ tiêu và báo cáo"

    def ready(self) -> None:
        from vanhoa.core import audit, menu
        from vanhoa.reports import documents

        menu.register("Chỉ tiêu", "reports-dashboard", "speedometer2", "indicators.view", 5)
        menu.register("Báo cáo", "report-list", "file-earmark-bar-graph", "reports.view", 45)
        documents.register_all()
        audit.register_labels(
            {
                "reports.report.created": "Lập báo cáo",
                "reports.report.updated": "Sửa báo cáo",
                "reports.report.submitted": "Gửi báo cáo lên cấp trên",
                "reports.report.received": "Cấp trên tiếp nhận báo cáo",
                "reports.report.returned": "Cấp trên trả lại báo cáo",
                "reports.due_date.set": "Đặt hạn gửi báo cáo",
                "reports.due_date.updated": "Đổi hạn gửi báo cáo",
                "reports.report.supplement_started": "Lập báo cáo bổ sung (số liệu đã thay đổi sau khi gửi)",
            }
        )
