from celery import shared_task


@shared_task(name="cms.echo_task")
def echo_task(value: str) -> str:
    """Round-trips a value through the broker; used by /healthz checks and tests."""
    return value
