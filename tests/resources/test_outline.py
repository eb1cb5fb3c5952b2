"""The course outline's prompts are for the teacher: a course still holding
one cannot be submitted, published or approved, only saved as a draft."""

from __future__ import annotations

import json
import re

import pytest
from django.contrib.auth import get_user_model
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from institutions.models import InstitutionEditorGroup
from institutions.services import institution_groups_sync_all
from resources.models import CoursePage
from resources.models.pages import COURSE_BODY_TEMPLATE, OUTLINE_PROMPTS
from tests.factories.institutions import TopicFactory

pytestmark = pytest.mark.django_db


def _rich_text(html: str) -> str:
    """Draftail's form value for paragraphs of plain text."""
    blocks = [
        {"key": f"k{i}", "type": "unstyled", "text": text, "depth": 0,
         "inlineStyleRanges": [], "entityRanges": []}
        for i, text in enumerate(re.findall(r"<(?:p|h3)>([^<]*)</", html))
    ]  # fmt: skip
    return json.dumps({"blocks": blocks, "entityMap": {}})


@pytest.fixture
def teacher(city):
    institution_groups_sync_all()
    user = get_user_model().objects.create_user("teacher", password="x")
    user.groups.add(InstitutionEditorGroup.objects.get(page=city.townships[0]).group)
    return user


def _post(client, city, body: str, action: str, *, url: str = "", author="黄医生"):
    """The course editor's form as a teacher sends it (new course, or `url`)."""
    data = nested_form_data(
        {
            "title": "社区急救入门",
            "slug": "first-aid",
            "summary": "学会判断、呼救和胸外按压。",
            "topic": TopicFactory().pk,
            "body": _rich_text(body),
            "difficulty": "beginner",
            "hours": "2",
            "credits": "0",
            "licence": "cc-by",
            "contributors": inline_formset([{"name": author, "role": "lead"}]),
            "comment_notifications": "",
        }
    )
    data[action] = "1"
    url = url or f"/admin/pages/add/resources/coursepage/{city.townships[0].pk}/"
    return client.post(url, data)


@pytest.mark.parametrize("action", ["action-submit", "action-publish"])
def test_prompts_left_in_the_outline_are_refused(client, city, teacher, action):
    client.force_login(teacher)
    response = _post(client, city, COURSE_BODY_TEMPLATE, action)
    assert response.status_code == 200
    text = response.content.decode()
    assert "课程介绍里还有提示没改" in text
    assert OUTLINE_PROMPTS[0] in text
    assert not CoursePage.objects.filter(slug="first-aid").exists()


def test_a_draft_may_keep_them_and_a_filled_outline_goes_to_review(
    client, city, teacher
):
    client.force_login(teacher)
    assert _post(client, city, COURSE_BODY_TEMPLATE, "action-draft").status_code == 302
    draft = CoursePage.objects.get(slug="first-aid")
    assert not draft.live and not draft.workflow_in_progress
    # Autosave may have created the page first: 保存草稿 then arrives as an
    # edit, and still leads to adding its lessons.
    edit = f"/admin/pages/{draft.pk}/edit/"
    response = _post(client, city, COURSE_BODY_TEMPLATE, "action-draft", url=edit)
    assert response.status_code == 302
    assert response["Location"] == f"/admin/courses/{draft.pk}/lessons/"

    filled = COURSE_BODY_TEMPLATE
    for prompt, words in zip(
        OUTLINE_PROMPTS,
        [
            "学会心肺复苏的三个步骤。",
            "社区里的每一位居民。",
            "每周六上午，城南街道社区学校。",
        ],
        strict=True,
    ):
        filled = filled.replace(prompt, words)
    CoursePage.objects.filter(slug="first-aid").delete()
    response = _post(client, city, filled, "action-submit")
    assert response.status_code == 302, response.content.decode()[:2000]
    course = CoursePage.objects.get(slug="first-aid")
    assert course.workflow_in_progress and not course.live


def test_an_author_row_left_blank_credits_the_teacher(client, city, teacher):
    """On 2026-12-02 a blank 署名 saved with the draft stopped the reviewer's
    批准 with two 必需字段 errors the teacher had never seen."""
    teacher.first_name = "刘老师"
    teacher.save()
    client.force_login(teacher)
    assert (
        _post(client, city, COURSE_BODY_TEMPLATE, "action-draft", author="").status_code
        == 302
    )
    course = CoursePage.objects.get(slug="first-aid")
    names = [c.name for c in course.get_latest_revision_as_object().contributors.all()]
    assert names == ["刘老师"]
