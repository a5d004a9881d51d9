import pytest
from django.core.cache import cache

from vanhoa.titles.tests.conftest import make_households, reviewed, title_rules  # noqa: F401


@pytest.fixture(autouse=True)
def fresh_throttle():
    cache.clear()
    yield
    cache.clear()
