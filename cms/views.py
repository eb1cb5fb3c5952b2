from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .health import run_checks


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    status, checks = run_checks()
    return JsonResponse(
        {"status": status, "checks": checks},
        status=503 if status == "down" else 200,
        json_dumps_params={"ensure_ascii": False},
    )


@never_cache
@require_GET
def ping(request: HttpRequest) -> HttpResponse:
    """Alive, and nothing more: for a load balancer's frequent probe (which
    must not load the database) and as the floor of bench/serving.py."""
    return HttpResponse("ok", content_type="text/plain")


#: What the local media folder may hand out directly: image renditions and
#: originals (public in Wagtail), and transcoded outputs, whose playlists
#: /media-hls/ checks and whose folders are random per attempt. Originals of
#: audio and video, captions' source files and documents (served with their
#: collection's privacy by /documents/) are never served from here.
LOCAL_MEDIA_PUBLIC = ("images/", "original_images/", "media-renditions/")


@require_GET
def local_media(request: HttpRequest, path: str) -> HttpResponse:
    """/media/ for `make run`'s local folder (S3 serves it everywhere else)."""
    if not path.startswith(LOCAL_MEDIA_PUBLIC) or ".." in path.split("/"):
        raise Http404
    return static.serve(request, path, document_root=settings.MEDIA_ROOT)


def not_found(request: HttpRequest) -> HttpResponse:
    raise Http404
