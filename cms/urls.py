from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from django.views.i18n import set_language
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from resources import urls as resources_urls
from search import urls as search_urls

from . import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("ping", views.ping, name="ping"),
    path("", include("media_pipeline.urls")),
    path("", include(search_urls.api_urlpatterns)),
    path("", include(resources_urls.api_urlpatterns)),
    # Wagtail's deliberate error page: a 500 on purpose for any staff member.
    path("admin/failwhale/", views.not_found),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/setlang/", set_language, name="set_language"),
    path("sitemap.xml", sitemap),
]

if settings.DEBUG:
    urlpatterns.append(
        re_path(rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.*)$", views.local_media)
    )

urlpatterns += i18n_patterns(
    path("", include(search_urls.urlpatterns)),
    path("", include("resources.urls")),
    path("", include("community.urls")),
    path("", include("stats.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
