"""Input no honest client sends, refused in one place.

`id_from` reads an id from a URL, a query string or a form: ASCII digits only
(``isdigit()`` also accepts "²" and "１２", which ``int()`` then refuses or reads
differently), at least 1 and within the 64-bit keys every table uses.
`BadInput` carries a message for the person; `BadInputMiddleware` turns it,
and any NUL or other control character in the query string or a form, into a
400 page (or JSON for API calls) in the visitor's language, so nothing
reaches the database half-checked.
"""

from __future__ import annotations

import re

from django import forms
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

MAX_ID = 2**63 - 1
ASCII_DIGITS = re.compile(r"[0-9]{1,19}")
#: C0 controls except tab, newline and carriage return; text fields keep those.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class BadInput(Exception):
    """A value from the request that cannot be what it claims to be."""

    def __init__(self, message: str = "") -> None:
        super().__init__(message)
        self.message = message or _("请求里有无法识别的内容，请返回上一页重新操作。")


def id_from(value, *, required: bool = True) -> int | None:
    """A database id from untrusted input, or BadInput (None when optional and
    absent)."""
    if value is None or value == "":
        if required:
            raise BadInput(_("缺少编号。"))
        return None
    if isinstance(value, bool):
        raise BadInput(_("编号不对。"))
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and ASCII_DIGITS.fullmatch(value.strip()):
        number = int(value.strip())
    else:
        raise BadInput(_("编号不对。"))
    if not 1 <= number <= MAX_ID:
        raise BadInput(_("编号不对。"))
    return number


def _is_id(value: str) -> bool:
    try:
        id_from(value)
    except BadInput:
        return False
    return True


def ids_from(values) -> list[int]:
    """Several ids (a multi-select, a JSON list); BadInput if any is wrong."""
    if not isinstance(values, list | tuple):
        raise BadInput(_("编号不对。"))
    return [id_from(value) for value in values]


def wants_json(request: HttpRequest) -> bool:
    return request.path.startswith("/api/") or (
        request.content_type == "application/json"
    )


def bad_input_response(request: HttpRequest, message: str) -> HttpResponse:
    if wants_json(request):
        return JsonResponse({"error": message}, status=400)
    return render(request, "core/400.html", {"message": message}, status=400)


class BadInputMiddleware:
    """Control characters in the path, the query string or a urlencoded form
    (what browsers send for forms without a file) get a 400 before any view
    runs, and a view's BadInput becomes one. Multipart forms are left to
    their views' fields, apart from the formset counts below."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        _drop_unusable(request)
        if (
            CONTROL.search(request.path)
            or _has_control(request.GET)
            or (
                request.method == "POST"
                and request.content_type != "multipart/form-data"
                and _has_control(request.POST)
            )
        ):
            return bad_input_response(request, BadInput().message)
        if (
            _form_is_small(request)
            and not request.path.startswith(PERMISSION_FORMSETS)
            and not _formsets_whole(request.POST)
        ):
            return bad_input_response(
                request, _("表单数据不完整，请刷新页面后重新填写。")
            )
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        """Ids in paths: an `<int:…>` beyond the 64-bit keys, or a `<str:pk>`
        (Wagtail's choosers and snippets) that is not a number, names nothing
        that exists: 404 before the view asks the database."""
        for name, value in view_kwargs.items():
            if (isinstance(value, int) and not 0 <= value <= MAX_ID) or (
                name == "pk" and isinstance(value, str) and not _is_id(value)
            ):
                if wants_json(request):
                    return JsonResponse({"error": _("找不到。")}, status=404)
                raise Http404
        if request.GET and "chosen-multiple" in request.path:
            try:
                ids_from(request.GET.getlist("id"))
            except BadInput as error:
                return bad_input_response(request, error.message)
        return None

    def process_exception(self, request: HttpRequest, exception: Exception):
        if isinstance(exception, BadInput):
            return bad_input_response(request, exception.message)
        return None


#: Query parameters read by code we do not own (Wagtail's listings read `p`
#: with int(); a signed-in visit to a sign-in page follows `next`): a value
#: that cannot be what they expect is dropped, as if it had not been sent.
PAGE_NUMBER = re.compile(r"[0-9]{1,6}")


def _drop_unusable(request: HttpRequest) -> None:
    params = request.GET
    page = params.get("p")
    target = params.get("next")
    bad_page = page is not None and not PAGE_NUMBER.fullmatch(page)
    bad_next = target is not None and not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    if bad_page or bad_next or (target is not None and not target.startswith("/")):
        params = params.copy()
        if bad_page:
            params.pop("p")
        if target is not None and (bad_next or not target.startswith("/")):
            params.pop("next")
        request.GET = params


#: Wagtail's group and user screens post permission formsets that are not
#: model formsets (no ids); they are the superuser's alone.
PERMISSION_FORMSETS = ("/admin/groups/", "/admin/users/")
FORMSET_COUNT = re.compile(r"(.+)-(TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS")


def _formsets_whole(data) -> bool:
    """Formset management fields that are numbers, at most 1000, and for
    every initial form the id it edits: a tampered count otherwise reaches
    Wagtail's and modelcluster's formsets as a KeyError."""
    for key in data:
        match = FORMSET_COUNT.fullmatch(key)
        if not match:
            continue
        value = data.get(key, "")
        if value == "" and match[2] in ("MIN_NUM", "MAX_NUM"):
            continue  # Wagtail's comments formset sends these empty
        if not ASCII_DIGITS.fullmatch(value) or int(value) > 1000:
            return False
        if match[2] == "INITIAL":
            total = data.get(f"{match[1]}-TOTAL_FORMS", "")
            if not ASCII_DIGITS.fullmatch(total) or int(value) > int(total):
                return False
            if any(f"{match[1]}-{n}-id" not in data for n in range(int(value))):
                return False
    return True


def _form_is_small(request: HttpRequest) -> bool:
    """A POSTed form read here, before the view: any urlencoded one, and a
    multipart one small enough to be parsed in memory anyway, so a view that
    streams a large upload its own way still can."""
    if request.method != "POST":
        return False
    if request.content_type == "application/x-www-form-urlencoded":
        return True
    if request.content_type != "multipart/form-data":
        return False
    try:
        length = int(request.headers.get("Content-Length") or 0)
    except ValueError:
        return False
    if not 0 < length <= settings.FILE_UPLOAD_MAX_MEMORY_SIZE:
        return False
    request.body  # noqa: B018 - kept, so a view may still read the raw body
    return True


def _has_control(data) -> bool:
    for key, values in data.lists():
        if CONTROL.search(key) or any(CONTROL.search(value) for value in values):
            return True
    return False


#: Bidirectional embeddings, overrides and isolates: in a name they flip how
#: the text around them reads ("‮gpj.exe" shows as "exe.jpg") on staff lists,
#: certificates and other residents' screens. Marks (U+200E/F) stay.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def plain_text(value: str) -> str:
    """Text as people will see it: no bidi controls, no C0 controls, trimmed."""
    return CONTROL.sub("", BIDI_CONTROLS.sub("", value)).strip()


class PlainTextField(forms.CharField):
    """A CharField for names and titles shown to others: `plain_text`ed, and a
    value that was nothing but control characters counts as empty."""

    def to_python(self, value):
        value = super().to_python(value)
        return plain_text(value) if value else value
