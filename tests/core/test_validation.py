"""The one place ids and control characters are checked (core/validation.py)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from core.validation import BadInput, id_from, ids_from, plain_text
from resources.models import LessonPage


@pytest.mark.parametrize("value", ["12", 12, " 7 ", "9223372036854775807"])
def test_ids_that_are_ids(value):
    assert id_from(value) == int(str(value).strip())


@pytest.mark.parametrize(
    "value",
    ["²", "１２", "٣", "-1", "0", "9223372036854775808", "1e3", "abc", True, 1.5,
     [1], {"a": 1}, "1 2"],
)  # fmt: skip
def test_everything_else_is_refused_in_words(value):
    with pytest.raises(BadInput) as error:
        id_from(value)
    assert error.value.message == "编号不对。"


def test_absent_ids():
    assert id_from("", required=False) is None
    with pytest.raises(BadInput, match="缺少"):
        id_from(None)
    assert ids_from(["1", 2]) == [1, 2]
    with pytest.raises(BadInput):
        ids_from("1")


def test_plain_text_drops_bidi_and_control_characters():
    assert plain_text(" \u202e王阿姨\u2066\x00\x1f ") == "王阿姨"
    assert plain_text("a\u200fb") == "a\u200fb"  # a mark, not an override


@pytest.mark.django_db
def test_control_characters_get_a_400_page_in_chinese(client):
    response = client.get("/supermarket/", {"q": "加微信\x00"})
    assert response.status_code == 400
    assert "看不懂" in response.content.decode()
    response = client.get("/api/v1/search/", {"q": "\x00"})
    assert response.status_code == 400 and "error" in response.json()
    assert client.get("/tickets/%00/").status_code == 400


@pytest.mark.django_db
def test_ids_beyond_the_keys_are_404_before_any_view(client):
    assert client.get("/groups/99999999999999999999999/").status_code == 404
    assert client.get("/events/9223372036854775808.ics").status_code == 404


@pytest.mark.django_db
def test_a_foreign_or_unusable_next_is_dropped(admin_client):
    response = admin_client.get("/admin/login/", {"next": "abc"})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    response = admin_client.get("/admin/login/", {"next": "https://evil.example/"})
    assert "evil" not in response["Location"]
    assert admin_client.get("/admin/workflows/list/", {"p": "²"}).status_code == 200


@pytest.mark.django_db
def test_tampered_formset_counts_are_refused(admin_client):
    response = admin_client.post(
        "/admin/snippets/media_pipeline/mediaasset/add/",
        {"title": "x", "captions-TOTAL_FORMS": "5", "captions-INITIAL_FORMS": "5"},
    )
    assert response.status_code == 400
    assert "表单数据不完整" in response.content.decode()


@pytest.mark.django_db
def test_a_form_read_early_leaves_the_body_to_the_view(client, demo_catalogue):
    lesson = LessonPage.objects.live().public().first()
    client.force_login(get_user_model().objects.create_user("beacon", password="x"))
    response = client.post(f"/api/v1/lessons/{lesson.pk}/progress/", {"ranges": "abc"})
    assert response.status_code == 400 and "格式不对" in response.json()["error"]
