from django.urls import path

from .views import contribute, requests

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
        "me/contributions/<int:pk>/revise/",
        contribute.revise_contribution,
        name="revise_contribution",
    ),
    path("requests/", requests.course_requests, name="course_requests"),
    path(
        "requests/<int:pk>/support/", requests.support_request, name="support_request"
    ),
]
