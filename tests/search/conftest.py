"""Fixtures the supermarket's tests share."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command


@pytest.fixture(params=["elasticsearch", "database"])
def demo_engine(request, settings, search_index, demo):
    """The whole demo, indexed, answered by Elasticsearch or by the database
    fallback (the `make run` default); yields the engine's name."""
    cache.clear()
    if request.param == "database":
        settings.ELASTICSEARCH_URL = ""
    call_command("search_reindex", stdout=StringIO())
    return request.param
