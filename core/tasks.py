"""Celery housekeeping with no domain.

The names keep their ``cms.`` prefix from before the re-layout, so beat
schedules and queued messages written by an older release still find them.
"""

from celery import shared_task
from django.core.management import call_command


@shared_task(name="cms.echo_task")
def echo_task(value: str) -> str:
    """Round-trips a value through the broker; used by /healthz checks and tests."""
    return value


@shared_task(name="cms.publish_scheduled_task")
def publish_scheduled_task() -> None:
    """Publish revisions whose go-live time has come; beat runs it every minute."""
    call_command("publish_scheduled")
