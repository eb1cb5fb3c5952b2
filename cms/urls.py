from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
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
    path("", include("media_pipeline.urls")),
    path("", include(search_urls.api_urlpatterns)),
    path("", include(resources_urls.api_urlpatterns)),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/setlang/", set_language, name="set_language"),
    path("sitemap.xml", sitemap),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(
    path("", include(search_urls.urlpatterns)),
    path("", include("resources.urls")),
    path("", include("community.urls")),
    path("", include("stats.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
