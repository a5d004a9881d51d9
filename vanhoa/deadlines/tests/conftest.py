"""The title tests' fixtures (shipped rules, households, a reviewed group) serve the due list's tests too."""

from vanhoa.titles.tests.conftest import make_households, reviewed, title_rules  # noqa: F401
