"""The hostile-input battery (tests/cms/hostile.py) as staff; two files so
that the suite's two workers share it."""

import pytest

from tests.cms.hostile import assert_no_500


@pytest.mark.parametrize("role", ["township_teacher", "admin"])
def test_no_route_answers_500_to_hostile_input(demo, role):
    assert_no_500(role)
