from django.urls import include, path

from .views import accounts, certificates, contribute, learning, requests, topics

api_urlpatterns = [
    path("accounts/", include(accounts.urlpatterns)),
    path("topics/<slug:slug>/", topics.topic_courses, name="topic_courses"),
    path(
        "api/v1/lessons/<int:lesson_id>/progress/",
        learning.lesson_progress,
        name="api_lesson_progress",
    ),
]
urlpatterns = [
    path(
        "contribute/lesson/<int:parent_id>/",
        contribute.propose_lesson,
        name="propose_lesson",
    ),
    path(
        "contribute/improve/<int:lesson_id>/",
        contribute.improve_lesson,
        name="improve_lesson",
    ),
    path("me/", contribute.my_contributions, name="my_contributions"),
    path(
        "me/notifications/read/",
        contribute.notifications_read,
        name="notifications_read",
    ),
    path(
        "me/contributions/<int:pk>/revise/",
        contribute.revise_contribution,
        name="revise_contribution",
    ),
    path("me/learning/", learning.my_learning, name="my_learning"),
    path("me/record/", learning.my_record, name="my_record"),
    path("me/conversions/", learning.request_conversion, name="request_conversion"),
    path(
        "me/favourites/<int:page_id>/",
        learning.toggle_favourite,
        name="toggle_favourite",
    ),
    path("me/record.json", learning.my_record_json, name="my_record_json"),
    path("me/record.pdf", learning.my_record_pdf, name="my_record_pdf"),
    path("me/record.xapi.json", learning.my_record_xapi, name="my_record_xapi"),
    path(
        "me/certificates/<str:code>/badge.json",
        certificates.certificate_badge,
        name="certificate_badge",
    ),
    path(
        "me/certificates/<str:code>.pdf",
        certificates.certificate_pdf,
        name="certificate_pdf",
    ),
    path(
        "me/certificates/<str:code>/name/",
        certificates.certificate_name,
        name="certificate_name",
    ),
    path("verify/", certificates.verify, name="verify"),
    path("verify/<str:code>/", certificates.verify, name="verify_certificate"),
    path(
        "lessons/<int:lesson_id>/finished/",
        learning.lesson_finished,
        name="lesson_finished",
    ),
    path(
        "lessons/<int:lesson_id>/quiz/<str:block_id>/",
        learning.lesson_quiz,
        name="lesson_quiz",
    ),
    path("requests/", requests.course_requests, name="course_requests"),
    path(
        "requests/<int:pk>/support/", requests.support_request, name="support_request"
    ),
]
