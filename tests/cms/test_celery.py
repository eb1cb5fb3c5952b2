"""Celery through a real worker consuming from the Redis broker."""

import pytest
from celery.contrib.testing.worker import start_worker

from cms.celery import app
from core.tasks import echo_task

# A real worker through Redis.
pytestmark = pytest.mark.services


@pytest.fixture(scope="module")
def worker():
    assert app.conf.broker_url.startswith("redis://"), app.conf.broker_url
    assert not app.conf.task_always_eager
    # Name the queue: a worker started with other queues narrows the app's selection.
    with start_worker(
        app,
        pool="solo",
        queues=["default"],
        perform_ping_check=False,
        shutdown_timeout=30,
    ):
        yield


def test_task_runs_on_a_real_worker_through_redis(worker):
    result = echo_task.delay("社区学习超市")
    assert result.get(timeout=30) == "社区学习超市"
    assert result.successful()


def test_broker_is_redis_not_memory():
    with app.connection_for_write() as connection:
        assert connection.transport.driver_type == "redis"
