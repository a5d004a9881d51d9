"""Synthetic Vietnamese names for demo and benchmark households. Random combinations of common
family, middle and given names (including Thái, H'Mông and Giáy names usual in Lai Châu): no real persons."""

from __future__ import annotations

import random

FAMILY = [
    ("Nguyễn", 30),
    ("Trần", 10),
    ("Lê", 9),
    ("Phạm", 7),
    ("Hoàng", 5),
    ("Vũ", 4),
    ("Đỗ", 4),
    ("Bùi", 3),
    ("Đặng", 3),
    ("Ngô", 2),
    ("Dương", 2),
    ("Đinh", 2),
    ("Lò", 4),
    ("Tòng", 2),
    ("Lường", 2),
    ("Vàng", 3),
    ("Giàng", 2),
    ("Sùng", 1),
    ("Lù", 1),
    ("Đèo", 1),
    ("Hà", 2),
    ("Tạ", 1),
    ("Cao", 1),
    ("Trịnh", 1),
]
MALE_MIDDLE = ["Văn", "Đức", "Minh", "Hữu", "Quang", "Thanh", "Công", "Xuân", "Văn", "Văn"]
FEMALE_MIDDLE = ["Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Minh", "Hồng"]
MALE_GIVEN = [
    "An",
    "Anh",
    "Ân",
    "Bình",
    "Cường",
    "Dũng",
    "Đạt",
    "Đức",
    "Hải",
    "Hùng",
    "Huy",
    "Khánh",
    "Long",
    "Mạnh",
    "Nam",
    "Phong",
    "Quân",
    "Sơn",
    "Thắng",
    "Thành",
    "Tiến",
    "Toàn",
    "Trung",
    "Tuấn",
    "Việt",
    "Vinh",
    "Páo",
    "Sáng",
    "Chứ",
    "Dìn",
    "Khoa",
    "Lâm",
    "Hiếu",
    "Tài",
    "Đông",
    "Kiên",
]
FEMALE_GIVEN = [
    "Anh",
    "Ánh",
    "Ấn",
    "Bích",
    "Chi",
    "Dung",
    "Đào",
    "Giang",
    "Hà",
    "Hạnh",
    "Hằng",
    "Hoa",
    "Hồng",
    "Hương",
    "Lan",
    "Liên",
    "Linh",
    "Loan",
    "Mai",
    "Nga",
    "Ngọc",
    "Nhung",
    "Phương",
    "Quyên",
    "Thảo",
    "Thủy",
    "Trang",
    "Tuyết",
    "Vân",
    "Yến",
    "Pằng",
    "Mỷ",
    "Xuân",
    "Ơn",
]
HMONG_FAMILIES = {"Vàng", "Giàng", "Sùng", "Lù"}


def household_head(rng: random.Random) -> str:
    family = rng.choices([f for f, _ in FAMILY], weights=[w for _, w in FAMILY])[0]
    female = rng.random() < 0.3
    if family in HMONG_FAMILIES:
        middle = "Thị" if female else rng.choice(["A", "Seo", "Văn"])
    else:
        middle = rng.choice(FEMALE_MIDDLE if female else MALE_MIDDLE)
    given = rng.choice(FEMALE_GIVEN if female else MALE_GIVEN)
    return f"{family} {middle} {given}"
