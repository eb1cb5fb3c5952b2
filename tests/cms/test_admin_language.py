"""The admin speaks Chinese to the people who use it.

A township teacher and a district editor open the screens of their work (the
dashboard, their pages, a course and a lesson in the editor, media, images,
documents, choosers, review, their account) and every word a person can read
— text, placeholders, button values, titles — is checked: a Latin-only word
outside the allow-list (brand names, units, file types) fails the test with
the screen it was on.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from community.models import (
    BrandShowcasePage,
    CommunityBrandPage,
    EventPage,
    LearningStarPage,
    ShowcaseCompetitionPage,
    VenuePage,
)
from institutions.models import TownshipSchoolPage
from media_pipeline.models import MediaAsset
from resources.models import CoursePage, LessonPage

pytestmark = pytest.mark.django_db

# Words a Chinese reader meets as they are: product and format names, units.
ALLOWED = {
    "wagtail", "cms", "mp4", "mov", "wmv", "asf", "mpg", "mpeg", "vob", "rm",
    "rmvb", "srt", "vtt", "gbk", "utf", "pdf", "jpg", "jpeg", "png", "gif",
    "webp", "svg", "avif", "heic", "url", "id", "kb", "mb", "gb", "px", "ok",
    "hls", "ppt", "pptx", "doc", "docx", "xls", "xlsx", "csv", "txt", "zip",
    "cc", "by", "nc", "sa", "nd", "ai", "app", "wifi", "qr", "xapi", "ics",
    "tel", "email", "https", "http", "www", "html", "mp3", "m4a", "aac", "k",
    "p", "cn", "english",
}  # fmt: skip
WORD = re.compile(r"[A-Za-z]+")
# Web addresses, file paths and file names are read as they are.
ADDRESS = re.compile(
    r"(?:https?://|www\.)\S+|\S+/\S+\.[A-Za-z0-9]{2,4}\b|/[\w\[\]-]+(?:/[\w\[\]-]*)+"
    r"|\b[\w-]+\.[A-Za-z0-9]{2,4}\b"
)
# Wagtail 8 writes these in English in its own templates, outside any
# catalogue (screen-reader-only submit buttons of its search forms); the
# templates are too large to copy for one word each.
UPSTREAM = {("<input value>", "Search")}
VISIBLE_ATTRIBUTES = ("placeholder", "title", "aria-label", "alt")
SKIPPED = {"script", "style", "template", "svg", "noscript", "code", "pre"}


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
        "source", "track", "wbr"}  # fmt: skip


class _Words(HTMLParser):
    """Visible words: skips scripts and styles, and whole subtrees that are
    `hidden` (counting open elements until the hidden one closes)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0  # > 0 while inside a skipped subtree
        self.tag = ""
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in VOID:
            if not self.depth and "hidden" not in attrs:
                self._attributes(tag, attrs)
            return
        if self.depth:
            self.depth += 1
            return
        if tag in SKIPPED or "hidden" in attrs or attrs.get("aria-hidden") == "true":
            self.depth = 1
            return
        self._attributes(tag, attrs)
        self.tag = tag

    def handle_endtag(self, tag):
        if self.depth and tag not in VOID:
            self.depth -= 1

    def handle_data(self, data):
        if not self.depth:
            self._add(data, f"<{self.tag}>")

    def _attributes(self, tag, attrs) -> None:
        for name in VISIBLE_ATTRIBUTES:
            self._add(attrs.get(name) or "", f"<{tag} {name}>")
        if tag == "input" and attrs.get("type") in ("submit", "button"):
            self._add(attrs.get("value") or "", f"<{tag} value>")

    def _add(self, text: str, where: str) -> None:
        if (where, text.strip()) in UPSTREAM:
            return
        text = ADDRESS.sub(" ", text)
        for word in WORD.findall(text):
            if word.lower() not in ALLOWED:
                self.found.append(f"{word!r} in {where} {text.strip()[:60]!r}")


def latin_words(html: str) -> list[str]:
    parser = _Words()
    parser.feed(html)
    return parser.found


def _html(response) -> str:
    if response["Content-Type"].startswith("application/json"):
        return json.loads(response.content).get("html", "")
    return response.content.decode()


def _screens(user) -> list[str]:
    township = TownshipSchoolPage.objects.get(slug="chengnan")
    course = CoursePage.objects.descendant_of(township).first()
    lesson = LessonPage.objects.descendant_of(course).first()
    asset = MediaAsset.objects.create(
        title="测试视频", file="media-originals/t/original.mp4",
        collection=township.editor_group_link.collection, uploaded_by=user,
    )  # fmt: skip
    media = MediaAsset.snippet_viewset
    home = user.groups.first().institution_link.page
    others = [
        model.objects.descendant_of(home).first()
        for model in (CommunityBrandPage, BrandShowcasePage, ShowcaseCompetitionPage,
                      EventPage, VenuePage, LearningStarPage)
    ]  # fmt: skip
    assert any(others), f"no community pages under {home}"
    return [
        *(reverse("wagtailadmin_pages:edit", args=[p.pk]) for p in others if p),
        reverse("wagtailadmin_pages:add_subpage", args=[home.pk]),
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_explore", args=[township.pk]),
        reverse("wagtailadmin_pages:edit", args=[course.pk]),
        reverse("course_lessons", args=[course.pk]),
        reverse("wagtailadmin_pages:edit", args=[lesson.pk]),
        reverse("wagtailadmin_pages:add", args=["resources", "lessonpage", course.pk]),
        reverse("wagtailadmin_pages:search") + "?q=太极",
        reverse(media.get_url_name("list")),
        reverse(media.get_url_name("add")),
        reverse(media.get_url_name("edit"), args=[asset.pk]),
        reverse(media.chooser_viewset.get_url_name("choose")),
        reverse("wagtailimages:index"),
        reverse("wagtailimages:add_multiple"),
        reverse("wagtailimages_chooser:choose"),
        reverse("wagtaildocs:index"),
        reverse("wagtaildocs_chooser:choose"),
        reverse("wagtailadmin_choose_page"),
        reverse("wagtailadmin_account"),
        reverse("wagtailadmin_reports:locked_pages"),
        reverse("wagtailadmin_pages:workflow_history", args=[course.pk]),
    ]


@pytest.mark.parametrize("username", ["township_teacher", "district_editor"])
def test_every_word_on_the_admin_is_chinese(client, demo, username):
    user = get_user_model().objects.get(username=username)
    client.force_login(user)
    english = {}
    for url in _screens(user):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        words = latin_words(_html(response))
        if words:
            english[url] = sorted(set(words))
    assert not english, json.dumps(english, ensure_ascii=False, indent=1)


def test_the_sign_in_screen_is_chinese(client, db):
    assert latin_words(client.get(reverse("wagtailadmin_login")).content.decode()) == []


def test_the_checker_sees_placeholders_and_ignores_scripts():
    html = '<input placeholder="Search all pages…"><script>var x = "Saved"</script>'
    assert [word.split()[0] for word in latin_words(html)] == [
        "'Search'",
        "'all'",
        "'pages'",
    ]


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_every_wagtail_string_has_its_chinese(domain):
    """Screens the walk above does not reach (error banners, mail, rare
    dialogs) speak Chinese too: every msgid of Wagtail's English catalogues
    is translated by Wagtail's zh_Hans or by ours. An upgrade that brings new
    strings fails here, with them listed."""
    import polib
    import wagtail
    from django.conf import settings

    ours = polib.pofile(
        str(settings.BASE_DIR / "locale" / "zh_Hans" / "LC_MESSAGES" / f"{domain}.po")
    )
    translated = {(e.msgctxt, e.msgid) for e in ours.translated_entries()}
    missing = []
    for english in Path(wagtail.__file__).parent.glob(
        f"**/locale/en/LC_MESSAGES/{domain}.po"
    ):
        chinese = Path(str(english).replace("/en/", "/zh_Hans/"))
        if chinese.exists():
            translated |= {
                (e.msgctxt, e.msgid)
                for e in polib.pofile(str(chinese)).translated_entries()
            }
        missing += [
            e.msgid
            for e in polib.pofile(str(english))
            if not e.obsolete and (e.msgctxt, e.msgid) not in translated
        ]
    assert not missing, missing
