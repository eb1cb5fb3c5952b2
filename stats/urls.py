from django.urls import path

from . import views

urlpatterns = [
    path("statistics/", views.public_statistics, name="public_statistics"),
    path("statistics/definitions/", views.definitions, name="stats_definitions"),
]
