"""Language for endpoints outside `i18n_patterns` (the JSON APIs).

LocaleMiddleware serves every unprefixed path in LANGUAGE_CODE, which is
right for pages (their English twin lives under /en/) but not for an API the
front end calls from an English page: its errors should be in English too.
"""

from __future__ import annotations

from functools import wraps

from django.utils import translation


def client_language(view):
    """Answer in the language of the language cookie or Accept-Language."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        language = translation.get_language_from_request(request, check_path=False)
        with translation.override(language):
            return view(request, *args, **kwargs)

    return wrapper
