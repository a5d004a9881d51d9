"""The actor tests use to build their world through the services: a system actor given every capability.

Only tests import it; the application's own system actors are in vanhoa/core/actors.py."""

from vanhoa.accounts.permissions import Cap
from vanhoa.core.actors import SystemActor

TEST = SystemActor("test", frozenset(Cap))
