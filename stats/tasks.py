from celery import shared_task

from . import rollup


@shared_task(name="stats.rollup_recent")
def rollup_recent_task() -> int:
    """Nightly: rebuild last month's and this month's rollup rows."""
    return rollup.rebuild_recent()
