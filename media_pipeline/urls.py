from django.urls import path

from . import views

urlpatterns = [
    path("media-hls/<int:asset_id>/<path:path>", views.hls_playlist, name="media_hls"),
]
