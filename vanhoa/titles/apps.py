from django.apps import AppConfig


class TitlesConfig(AppConfig):
    name = "vanhoa.titles"
    label = "titles"
    verbose_name = "Danh hiệu văn hóa"

    def ready(self) -> None:
        from vanhoa.core import menu
        from vanhoa.titles import commendation_documents, documents

        menu.register("Danh hiệu", "titles-home", "award", "titles.view", 30)
        documents.register_all()
        commendation_documents.register_all()

        from vanhoa.activities import checklists, hooks
        from vanhoa.titles.checklists import CriteriaSets

        checklists.register(CriteriaSets(), first=True)
        from vanhoa.titles.inspections import note_revocation_request

        if note_revocation_request not in hooks.on_title_flag:
            hooks.on_title_flag.append(note_revocation_request)

        from vanhoa.core import audit

        audit.register_labels(
            {
                "titles.candidacy.revocation_requested": "Đề nghị thu hồi danh hiệu (kết quả kiểm tra)",
                "titles.meeting.merged": "Gộp hai bản nháp biên bản họp của cùng một tổ, cùng năm",
                "titles.calendar_day.set": "Nhập ngày nghỉ / ngày làm bù",
                "titles.calendar_day.removed": "Bỏ ngày nghỉ / ngày làm bù đã nhập",
                "titles.agency.enrolled": "Ghi nhận cơ quan, đơn vị đăng ký xây dựng đạt chuẩn văn hóa",
                "titles.agency.reported": "Ghi nhận báo cáo của Công đoàn cơ sở (đạt chuẩn văn hóa)",
                "titles.commendation_meeting.recorded": "Ghi biên bản họp xét tặng Giấy khen",
            }
        )
