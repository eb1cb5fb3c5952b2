"""The hostile-input battery (run by test_hostile_input*.py): every route in
the URL conf, as every kind of visitor who can reach it, with ids, query
strings, forms and JSON bodies no honest client sends. Nothing may answer
HTTP 500.

Routes are read from the resolver, so a route added later is covered without
touching this file; the failure message counts them. Path parameters get
huge, zero, out-of-range and non-ASCII values; each GET and POST gets every
field name the page's own forms use plus common ones, all set to one hostile
value at a time; JSON routes get the wrong types.
"""

from __future__ import annotations

import json
import re
import uuid

from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from wagtail.models import Page

from community.models import Comment, LearningGroup
from resources.models import CoursePage, LessonPage

HUGE = "99999999999999999999999"
VALUES = ["abc", "²", HUGE, "-1", "\x00", "‮evil"]
#: Staff views get the four that found every failure so far, to keep the
#: suite's time; -1 and the bidi override are tried by the residents' runs.
STAFF_VALUES = ["abc", "²", HUGE, "\x00"]
#: For routes whose views are Wagtail's or Django's own (tested upstream):
#: the ids in their paths in full, their fields with the two worst values.
LIBRARY_VALUES = ["abc", HUGE]
JSON_BODIES = [
    "5",
    "null",
    "{",
    json.dumps({"ranges": 5, "seconds": "x", "ids": {"a": 1}}),
    json.dumps({"ranges": [[0, HUGE]], "seconds": 1e308, "page": [1]}),
    json.dumps({"ranges": [["a", None]], "playing": {"x": 1}}),
]
COMMON_FIELDS = [
    "page", "p", "q", "id", "pk", "ids", "lesson", "course", "institution",
    "district", "township", "year", "month", "rule", "membership", "audiences",
    "order", "ordering", "sort", "format", "area", "tag", "tags", "kind", "next",
    "status", "seats", "score", "rating", "choice", "action", "user", "entry",
    "from", "to", "start", "end", "days", "lat", "lng", "near", "code", "phone",
    "registration", "request", "group", "comment", "nomination", "collection",
]  # fmt: skip
NAME = re.compile(rb"""<(?:input|select|textarea|button)\b[^>]*\bname=["']([^"']+)""")
SKIP_POST = re.compile(r"logout|delete|password_change")


def _routes(patterns=None, prefix=""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern


PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")


def _samples() -> dict[str, list[str]]:
    lesson = LessonPage.objects.live().public().first()
    course = CoursePage.objects.live().public().first()
    group = LearningGroup.objects.first()
    comment = Comment.objects.first()
    resident = get_user_model().objects.get(username="resident")
    real = {
        "lesson_id": lesson.pk,
        "course_id": course.pk,
        "parent_id": course.pk,
        "page_id": Page.objects.filter(depth__gt=2).order_by("-pk").first().pk,
        "group_id": group.pk if group else 1,
        "comment_id": comment.pk if comment else 1,
        "user_id": resident.pk,
    }
    return real


def _paths(route: str, real: dict) -> list[str]:
    """The route with each parameter given hostile values (one real sample too)."""
    route = route.lstrip("^").rstrip("$").replace("\\Z", "")
    if not PARAM.search(route):
        if re.search(r"[()\[\]\\*+?]", route):  # a regex route: Wagtail's pages
            return ["", "a/", "%00/", "a" * 300 + "/", "中文/"]
        return [route]
    variants = {}
    for kind in (None, "huge", "zero", "odd"):

        def fill(match, kind=kind):
            converter, name = match.group(1) or "str", match.group(2)
            if converter == "int":
                return {
                    None: str(real.get(name, 1)),
                    "huge": HUGE,
                    "zero": "0",
                    "odd": "2147483648",
                }[kind]
            if converter == "uuid":
                return str(uuid.UUID(int=0)) if kind else str(uuid.uuid4())
            return {
                None: "x",
                "huge": "a" * 400,
                "zero": "%00",
                "odd": "%E2%80%AE..%2F%27%22%3C",
            }[kind]

        variants[kind] = PARAM.sub(fill, route)
    return list(dict.fromkeys(variants.values()))


def _fields(response) -> list[str]:
    content = getattr(response, "content", b"") or b""
    found = [name.decode(errors="replace") for name in NAME.findall(content)]
    return list(dict.fromkeys([*found, *COMMON_FIELDS]))


def _hit(client, path: str, failures: list, *, post: bool, values, json_bodies):
    url = "/" + path
    first = client.get(url)
    if first.status_code >= 500:
        failures.append(f"GET {url} → {first.status_code}")
        return
    names = [n for n in _fields(first) if n != "csrfmiddlewaretoken"]
    for value in values:
        response = client.get(url, dict.fromkeys(names, value))
        if response.status_code >= 500:
            failures.append(f"GET {url} ?*={value!r} → {response.status_code}")
    if not post or SKIP_POST.search(path):
        return
    for value in values or [""]:
        response = client.post(url, dict.fromkeys(names, value))
        if response.status_code >= 500:
            failures.append(f"POST {url} *={value!r} → {response.status_code}")
    for body in json_bodies:
        response = client.post(url, body, content_type="application/json")
        if response.status_code >= 500:
            failures.append(f"POST {url} json {body[:40]} → {response.status_code}")


def _ours(pattern: URLPattern) -> bool:
    module = pattern.callback.__module__
    return not module.startswith(("wagtail.", "django.")) or "set_language" in str(
        pattern.pattern
    )


def run_battery(role: str) -> tuple[int, int, list[str]]:
    """Returns the number of routes, of requests sent and the 500s.

    Our own views get every value in every field and the JSON bodies. Views
    that are Wagtail's or Django's own (tested upstream) get the hostile ids
    in their paths and their query fields the two worst values (GET only:
    their forms are Wagtail's), from the superuser, who reaches all of them;
    other roles meet them once each (the sign-in redirect or a refusal).
    """
    real = _samples()
    routes = list(_routes())
    user = None if role == "anonymous" else get_user_model().objects.get(username=role)
    client = Client(raise_request_exception=False)
    failures: list[str] = []
    sent = 0
    for route, pattern in routes:
        admin = route.startswith(("admin/", "django-admin/"))
        ours = _ours(pattern)
        paths = _paths(route, real)
        staff = role in ("township_teacher", "admin")
        if (
            (admin and not staff)
            or (not ours and role != "admin")
            or (ours and not admin and staff)
        ):
            paths = paths[:1]
        elif not ours:
            paths = paths[:2]  # the real id and the one beyond every key
        for index, path in enumerate(paths):
            if user is not None:
                client.force_login(user)
            if admin and role in ("anonymous", "resident"):
                values, bodies, post = [], [], False
            elif ours and not admin and staff:
                values, bodies, post = [], [], True  # the residents' runs cover these
            elif not ours:
                values = LIBRARY_VALUES if role == "admin" and not index else []
                bodies, post = [], False
            elif index:
                values, bodies, post = [], [], True
            elif staff:
                values, bodies, post = STAFF_VALUES, JSON_BODIES[:3], True
            else:
                values, bodies, post = VALUES, JSON_BODIES, True
            _hit(client, path, failures, post=post, values=values, json_bodies=bodies)
            sent += 1 + len(values) + (len(values or [""]) + len(bodies)) * post
    return len(routes), sent, failures


def assert_no_500(role: str) -> None:
    routes, sent, failures = run_battery(role)
    summary = f"[{role}] {routes} routes, {sent} requests: {len(failures)} × 500"
    assert not failures, summary + "\n" + "\n".join(failures)
