from django.urls import path

from .views import events, feedback, groups, places, showcase

urlpatterns = [
    path("events/", events.event_list, name="event_list"),
    path("events/calendar.ics", events.calendar_feed, name="event_calendar"),
    path("events/<int:page_id>.ics", events.event_ics, name="event_ics"),
    path("events/<int:page_id>/register/", events.register, name="event_register"),
    path("events/<int:page_id>/cancel/", events.cancel, name="event_cancel"),
    path("tickets/<str:token>/", events.ticket_check_in, name="ticket_check_in"),
    path("map/", places.learning_map, name="learning_map"),
    path("feedback/<int:page_id>/rate/", feedback.rate, name="rate_page"),
    path("feedback/<int:page_id>/comment/", feedback.comment, name="comment_page"),
    path("comments/<int:comment_id>/report/", feedback.report, name="report_comment"),
    path(
        "courses/<int:course_id>/survey/", feedback.course_survey, name="course_survey"
    ),
    path("stars/nominate/", feedback.nominate_star, name="nominate_star"),
    path("groups/", groups.group_list, name="group_list"),
    path("groups/new/", groups.start_group, name="start_group"),
    path("groups/<int:group_id>/", groups.group_detail, name="group_detail"),
    path("groups/<int:group_id>/join/", groups.join, name="join_group"),
    path("groups/<int:group_id>/leave/", groups.leave, name="leave_group"),
    path("groups/<int:group_id>/organise/", groups.organise, name="organise_group"),
    path("brands/", showcase.brand_showcase, name="brand_showcase"),
    path("competitions/<int:page_id>/vote/", showcase.vote, name="competition_vote"),
]
