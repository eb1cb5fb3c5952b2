"""What each role may do with each kind of thing, institution by institution.

Each test walks one kind (media with its captions, images, documents, the
city's snippets, pages) through role × where it lives × verb, over HTTP as
that person, and reports every cell that differs from the rule: a person
serves their own institution and everything below it, nothing beside or above.

On the main of 2026-12-01 every "yes" cell of the media matrix failed (only the
superuser had any media permission: the teacher got 403 on the listing, the
add form and the chooser), and the "no" cells of the media chooser and the
playback of unpublished captions passed only because nobody could do
anything; the images, documents, snippets and pages matrices held.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.documents.models import Document
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Page

from institutions.models import InstitutionEditorGroup
from institutions.selectors import institution_collection
from institutions.services import institution_groups_sync_all
from media_pipeline.models import Caption, MediaAsset
from tests.factories.institutions import CoursePageFactory

pytestmark = pytest.mark.django_db

ROLES = ("village", "teacher", "sibling", "district", "other_district", "city")
# Where the thing lives → the roles that serve it.
SERVES = {
    "township": {"teacher", "district", "city"},
    "village": {"village", "teacher", "district", "city"},
}


@pytest.fixture
def world(city):
    institution_groups_sync_all()
    pages = {
        "village": city.villages[0],
        "teacher": city.townships[0],
        "sibling": city.townships[1],
        "district": city.districts[0],
        "other_district": city.districts[1],
        "city": city.city,
    }
    users = {}
    for role, page in pages.items():
        user = get_user_model().objects.create_user(f"{role}-staff", password="x")
        user.groups.add(InstitutionEditorGroup.objects.get(page=page).group)
        users[role] = user
    places = {"township": city.townships[0], "village": city.villages[0]}
    return users, places


def _walk(client, users, check) -> list[str]:
    """Run `check(role, place) -> {verb: (expected, actual)}` for every cell."""
    wrong = []
    for role in ROLES:
        client.force_login(users[role])
        for place, servers in SERVES.items():
            for verb, actual in check(role, place).items():
                expected = role in servers
                if actual is not expected:
                    wrong.append(
                        f"{role} {verb} @{place}: {actual}, expected {expected}"
                    )
    return wrong


def _ok(response) -> bool:
    assert response.status_code in (200, 302, 403, 404), response.status_code
    return response.status_code == 200


def test_media_assets_and_captions(client, world):
    users, places = world
    assets = {}
    for place, page in places.items():
        asset = MediaAsset.objects.create(
            title=f"{place}的健康讲座视频",
            file=f"media-originals/{place}/original.mp4",
            collection=institution_collection(page=page),
            status=MediaAsset.Status.READY,
            hls_master=f"media-hls/{place}/master.m3u8",
        )
        Caption.objects.create(
            asset=asset, file="c.vtt", webvtt="WEBVTT\n\n00:00.000 --> 00:01.000\n好\n"
        )
        assets[place] = asset
    viewset = MediaAsset.snippet_viewset

    def check(role, place):
        asset = assets[place]
        listing = client.get(reverse(viewset.get_url_name("list")))
        chooser = client.get(reverse(viewset.chooser_viewset.get_url_name("choose")))
        if asset.title in chooser.json()["html"]:
            # Same-named clips are told apart by status, place and date.
            assert all(
                word in chooser.json()["html"]
                for word in ("状态", "所属机构", "上传时间")
            )
        return {
            "view": asset.title in listing.content.decode(),
            "change": _ok(
                client.get(reverse(viewset.get_url_name("edit"), args=[asset.pk]))
            ),
            "delete": _ok(
                client.get(reverse(viewset.get_url_name("delete"), args=[asset.pk]))
            ),
            "choose": asset.title in chooser.json()["html"],
            "chosen": _ok(
                client.get(
                    reverse(
                        viewset.chooser_viewset.get_url_name("chosen"), args=[asset.pk]
                    )
                )
            ),
            "caption": _ok(
                client.get(
                    reverse("media_hls", args=[asset.pk, "captions/zh-Hans.vtt"])
                )
            ),
        }

    wrong = _walk(client, users, check)
    assert not wrong, "\n".join(wrong)
    for role in ROLES:  # everyone on staff may upload, into their own collection
        client.force_login(users[role])
        assert client.get(reverse(viewset.get_url_name("add"))).status_code == 200


def _upload(client, url: str, title: str, collection):
    return client.post(
        url,
        {
            "title": title,
            "collection": str(collection.pk),
            "file": SimpleUploadedFile("clip.mp4", b"\x00" * 64, "video/mp4"),
            "captions-TOTAL_FORMS": "0",
            "captions-INITIAL_FORMS": "0",
        },
    )


def test_a_teachers_upload_lands_in_her_institution(client, world):
    users, places = world
    add = reverse(MediaAsset.snippet_viewset.get_url_name("add"))
    client.force_login(users["village"])  # one institution: nothing to choose
    assert 'name="collection"' not in client.get(add).content.decode()
    client.force_login(users["teacher"])  # her school, or its teaching point
    form = client.get(add).context["form"]
    township = institution_collection(page=places["township"])
    assert form["collection"].value() == township.pk
    assert [c.pk for c in form.fields["collection"].queryset.order_by("path")] == [
        township.pk,
        institution_collection(page=places["village"]).pk,
    ]
    assert _upload(client, add, "防跌倒操", township).status_code == 302
    asset = MediaAsset.objects.get(title="防跌倒操")
    assert asset.collection == township
    assert asset.uploaded_by == users["teacher"]
    # A collection she does not serve, typed into the form, is refused.
    other = institution_collection(page=places["township"].get_parent())
    assert _upload(client, add, "越级上传", other).status_code == 200
    assert not MediaAsset.objects.filter(title="越级上传").exists()


def test_the_district_editor_may_file_into_a_school_below(client, world):
    users, places = world
    client.force_login(users["district"])
    html = client.get(reverse(MediaAsset.snippet_viewset.get_url_name("add"))).content
    html = html.decode()
    assert 'name="collection"' in html
    assert places["township"].title in html and places["village"].title in html


def test_a_lesson_cannot_use_another_institutions_media(client, world):
    """A chooser that hides the asset is not enough: a hand-made POST is refused."""
    users, places = world
    course = CoursePageFactory(parent=places["township"], live=False)
    theirs = MediaAsset.objects.create(
        title="别校的视频",
        file="media-originals/x/original.mp4",
        collection=institution_collection(page=course.get_parent().get_parent()),
    )
    client.force_login(users["teacher"])
    url = reverse("wagtailadmin_pages:add", args=["resources", "lessonpage", course.pk])
    response = client.post(
        url,
        {
            "title": "借来的微课",
            "slug": "borrowed",
            "summary": "一句话",
            "unit": "",
            "duration_minutes": "5",
            "body-count": "1",
            "body-0-type": "video",
            "body-0-deleted": "",
            "body-0-order": "0",
            "body-0-value-asset": str(theirs.pk),
            "body-0-value-caption": "",
            "contributors-TOTAL_FORMS": "0",
            "contributors-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "只能选用本机构" in str(form.errors), form.errors
    assert not Page.objects.filter(slug="borrowed").exists()


def test_images_and_documents(client, world):
    from wagtail.images.models import Image

    users, places = world
    images, documents = {}, {}
    for place, page in places.items():
        collection = institution_collection(page=page)
        images[place] = Image.objects.create(
            title=f"{place}图片", file=get_test_image_file(), collection=collection
        )
        documents[place] = Document.objects.create(
            title=f"{place}文档", file="documents/x.pdf", collection=collection
        )

    def check(role, place):
        image, document = images[place], documents[place]
        return {
            "image change": _ok(
                client.get(reverse("wagtailimages:edit", args=[image.pk]))
            ),
            "image choose": image.title
            in client.get(reverse("wagtailimages_chooser:choose")).json()["html"],
            "document change": _ok(
                client.get(reverse("wagtaildocs:edit", args=[document.pk]))
            ),
            "document choose": document.title
            in client.get(reverse("wagtaildocs_chooser:choose")).json()["html"],
        }

    wrong = _walk(client, users, check)
    assert not wrong, "\n".join(wrong)


def test_pages(client, world):
    users, places = world
    courses = {
        place: CoursePageFactory(parent=page, live=False)
        for place, page in places.items()
    }

    def check(role, place):
        course = courses[place]
        perms = course.permissions_for_user(users[role])
        return {
            "edit": _ok(
                client.get(reverse("wagtailadmin_pages:edit", args=[course.pk]))
            ),
            "add below": perms.can_add_subpage(),
            "lock": perms.can_lock(),
        }

    wrong = _walk(client, users, check)
    assert not wrong, "\n".join(wrong)
    for role in ROLES:  # and publishing is only for editors, by approving
        may = role in {"district", "city"}
        assert (
            courses["township"].permissions_for_user(users[role]).can_publish() is may
        )


@pytest.mark.parametrize(
    "url",
    ["/admin/snippets/search/synonym/", "/admin/snippets/resources/conversionrule/"],
)
def test_the_citys_own_snippets(client, world, url):
    users, _places = world
    for role in ROLES:
        client.force_login(users[role])
        response = client.get(url)
        assert (response.status_code == 200) is (role == "city"), (
            role,
            response.status_code,
        )
