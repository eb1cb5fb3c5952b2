from celery import shared_task

from . import registration


@shared_task(name="community.send_event_reminders")
def send_event_reminders_task() -> int:
    return registration.send_reminders()
