from django.urls import path

from . import views

api_urlpatterns = [
    path("api/v1/search/", views.api_search, name="api_search"),
    path("api/v1/search/suggest/", views.api_suggest, name="api_suggest"),
    path("api/v1/openapi.json", views.api_schema, name="api_schema"),
]
urlpatterns = [path("supermarket/", views.supermarket, name="supermarket")]
