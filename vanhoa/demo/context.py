"""What `load_demo` has built so far, handed to every app's demo loader (`<app>/demo.py: load(ctx)`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from vanhoa.core.actors import LOAD_DEMO, SystemActor


@dataclass
class DemoContext:
    households: int
    stdout: Any
    province: Any = None  # Tỉnh Lai Châu (today's, 2025 list)
    old_province: Any = None  # Tỉnh Lai Châu (pre-2025 list)
    city: Any = None  # Thành phố Lai Châu (district level, until 30/06/2025)
    ward_2020: Any = None  # Phường Quyết Tiến (until 30/06/2025)
    ward: Any = None  # Phường Đoàn Kết (from 01/07/2025)
    groups: list[Any] = field(default_factory=list)  # the 8 tổ dân phố of Quyết Tiến, today in Đoàn Kết
    users: dict[str, Any] = field(default_factory=dict)
    actor: SystemActor = LOAD_DEMO

    def say(self, message: str) -> None:
        self.stdout.write(message)
