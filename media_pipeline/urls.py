from django.urls import path

from .views import playback, uploads

urlpatterns = [
    path(
        "media-hls/<int:asset_id>/<path:path>",
        playback.hls_playlist,
        name="media_hls",
    ),
    path("hls/<int:asset_id>/<path:path>", playback.hls_file, name="media_hls_file"),
    path("uploads/", uploads.collection, name="media_upload_collection"),
    path("uploads/<uuid:upload_id>", uploads.resource, name="media_upload"),
]
