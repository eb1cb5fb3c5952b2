"""The hostile-input battery as staff (tests/cms/hostile.py), in two
files so that the suite's two workers share it."""

from __future__ import annotations

import pytest

from tests.cms.hostile import run_battery


@pytest.mark.parametrize("role", ["township_teacher", "admin"])
def test_no_route_answers_500_to_hostile_input(demo, role):
    routes, sent, failures = run_battery(role)
    summary = f"[{role}] {routes} routes, {sent} requests: {len(failures)} × 500"
    assert not failures, summary + "\n" + "\n".join(failures)
