from django.urls import path

from .views import events, places

urlpatterns = [
    path("events/", events.event_list, name="event_list"),
    path("events/calendar.ics", events.calendar_feed, name="event_calendar"),
    path("events/<int:page_id>.ics", events.event_ics, name="event_ics"),
    path("events/<int:page_id>/register/", events.register, name="event_register"),
    path("events/<int:page_id>/cancel/", events.cancel, name="event_cancel"),
    path("tickets/<str:token>/", events.ticket_check_in, name="ticket_check_in"),
    path("map/", places.learning_map, name="learning_map"),
]
