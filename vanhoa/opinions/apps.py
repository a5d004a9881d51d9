from django.apps import AppConfig


class OpinionsConfig(AppConfig):
    name = "vanhoa.opinions"
    label = "opinions"
    verbose_name = "Công khai danh sách và ý kiến người dân"

    def ready(self) -> None:
        from vanhoa.core import audit

        audit.register_labels(
            {
                "opinions.opinion.received": "Nhận ý kiến người dân qua trang công khai",
                "opinions.opinion.settled": "Xử lý ý kiến người dân gửi qua trang công khai",
            }
        )
