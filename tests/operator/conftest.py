"""The operator tests' settings: a release `wh` in namespace `warehouse`, the timers every
half second."""

from __future__ import annotations

import pytest

from k8s_operator.settings import OperatorSettings
from tests.operator.harness import SETTINGS


@pytest.fixture
def settings() -> OperatorSettings:
    return SETTINGS
