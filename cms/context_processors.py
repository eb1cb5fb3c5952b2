from django.urls import translate_url
from django.utils.translation import get_language
from wagtail.models import Site


def site_chrome(request) -> dict:
    """The city centre (for header and footer) and the other language's URL."""
    site = Site.find_for_request(request)
    home = site.root_page.specific if site else None
    other = "en" if get_language() != "en" else "zh-hans"
    return {
        "site_home": home,
        "other_language": other,
        "other_language_url": translate_url(request.get_full_path(), other),
    }
