from django.http import HttpRequest, JsonResponse
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
