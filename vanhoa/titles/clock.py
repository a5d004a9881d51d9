"""Today's date for the title rules: the one clock of vanhoa.core.clock (tests may patch either)."""

from datetime import date

from vanhoa.core import clock as core_clock


def today() -> date:
    return core_clock.today()
