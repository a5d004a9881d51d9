"""Objects for the URL walk (vanhoa/accounts/tests/test_url_walk.py): one import job of world.ward."""

from __future__ import annotations

from typing import Any

from vanhoa.imports.tests.sheets import xlsx
from vanhoa.testing.actors import TEST


def samples(world: Any) -> dict[str, tuple[dict[str, Any], Any]]:
    """url name -> (URL kwargs, the unit the object belongs to)."""
    from vanhoa.imports import services

    data = xlsx([[1, None, "Lò Văn Páo", "Tổ 1", "Số 3", 3, None, None]])
    job = services.create_job(actor=TEST, ward=world.ward, kind="households", data=data, filename="mau.xlsx")
    by_job = {"pk": job.pk}
    return {
        "import-detail": (by_job, world.ward),
        "import-progress": (by_job, world.ward),
        "import-sheet": (by_job, world.ward),
        "import-commit": (by_job, world.ward),
        "import-file": (by_job, world.ward),
        "import-rejected": (by_job, world.ward),
        "import-template": ({"kind": "households"}, world.ward),
    }
