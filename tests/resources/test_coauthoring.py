"""Resident co-authoring end to end, through the public views and Wagtail's
real moderation workflow on PostgreSQL (and uploads on the S3 server)."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from wagtail.models import PageViewRestriction, WorkflowState

from institutions.services import institution_groups_sync_all
from media_pipeline import steps, uploads
from media_pipeline.models import MediaAsset
from resources import services
from resources.models import Contribution, LessonPage
from tests.factories.institutions import CoursePageFactory, LessonPageFactory

pytestmark = pytest.mark.django_db

TEXT = "第一步，打开微信。\n第二步，点通讯录找到家人。\n第三步，点视频通话。"


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()


@pytest.fixture
def setup(city):
    institution_groups_sync_all()
    users = get_user_model().objects
    resident = users.create_user("wangayi", password="pw", first_name="王阿姨")
    township = city.townships[0]
    course = CoursePageFactory(parent=township, title="智能手机入门")
    editors = {}
    for name, page in (
        ("township", township),
        ("district", city.districts[0]),
        ("other_township", city.townships[2]),
        ("other_district", city.districts[1]),
        ("city", city.city),
    ):
        editors[name] = users.create_user(f"editor-{name}", password="pw")
        editors[name].groups.add(page.editor_group_link.group)
    return city, course, resident, editors


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _propose(client, course, **extra):
    data = {"title": "教爸妈用微信视频", "summary": "三步学会视频通话", "text": TEXT}
    data.update(extra)
    return client.post(f"/contribute/lesson/{course.pk}/", data)


def _act(user, contribution, action, comment=""):
    state = WorkflowState.objects.get(pk=contribution.workflow_state_id)
    task_state = state.current_task_state
    task = task_state.task.specific
    assert action in [name for name, *_ in task.get_actions(contribution.page, user)]
    task.on_action(task_state, user, action, comment=comment)


def test_moderation_round_trip(setup, client):
    """Submit → changes requested → revise → publish → contributor credited."""
    city, course, resident, editors = setup
    response = _propose(_client(resident), course)
    assert response.status_code == 302 and response["Location"] == "/me/"
    contribution = Contribution.objects.get(user=resident)
    lesson = contribution.page.specific
    assert not lesson.live
    assert contribution.status == Contribution.Status.SUBMITTED
    assert client.get(f"{course.url}{lesson.slug}/").status_code == 404

    _act(editors["district"], contribution, "reject", comment="请补充一张截图的说明")
    contribution.refresh_from_db()
    assert contribution.status == Contribution.Status.CHANGES_REQUESTED
    mine = _client(resident).get("/me/").content.decode()
    assert "需要修改" in mine and "请补充一张截图的说明" in mine

    response = _client(resident).post(
        f"/me/contributions/{contribution.pk}/revise/",
        {
            "title": "教爸妈用微信视频",
            "summary": "三步学会视频通话",
            "text": TEXT + "\n截图说明",
        },
    )
    assert response.status_code == 302
    contribution.refresh_from_db()
    assert contribution.status == Contribution.Status.SUBMITTED

    _act(editors["district"], contribution, "approve")
    contribution.refresh_from_db()
    lesson.refresh_from_db()
    assert contribution.status == Contribution.Status.PUBLISHED
    assert lesson.live
    html = client.get(lesson.url).content.decode()
    assert "王阿姨" in html and "居民贡献者" in html and "截图说明" in html


def test_only_editors_up_the_tree_may_moderate(setup):
    """The college's and the city's editors review; the township's own
    teachers submit, and never approve (issue 15)."""
    city, course, resident, editors = setup
    contribution = services.contribution_propose_lesson(
        user=resident, parent=course, title="标题", summary="简介", text=TEXT
    )
    task = contribution.workflow_state.current_task_state.task.specific
    page = contribution.page
    assert not task.get_actions(page, editors["township"])
    assert task.get_actions(page, editors["district"])
    assert task.get_actions(page, editors["city"])
    assert not task.get_actions(page, editors["other_township"])
    assert not task.get_actions(page, editors["other_district"])
    assert not task.get_actions(page, resident)


def test_residents_cannot_publish_or_enter_the_admin(setup):
    city, course, resident, editors = setup
    contribution = services.contribution_propose_lesson(
        user=resident, parent=course, title="标题", summary="简介", text=TEXT
    )
    assert not contribution.page.permissions_for_user(resident).can_publish()
    response = _client(resident).get(f"/admin/pages/{contribution.page.pk}/edit/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_residents_cannot_touch_each_others_submissions(setup):
    city, course, resident, editors = setup
    contribution = services.contribution_propose_lesson(
        user=resident, parent=course, title="标题", summary="简介", text=TEXT
    )
    other = get_user_model().objects.create_user("lishifu", password="pw")
    response = _client(other).get(f"/me/contributions/{contribution.pk}/revise/")
    assert response.status_code == 404
    assert "标题" not in _client(other).get("/me/").content.decode()


def test_hostile_html_is_shown_as_text(setup, client):
    city, course, resident, editors = setup
    hostile = (
        "<script>alert(1)</script>\n"
        '<a href="javascript:alert(2)" onclick="x()">点我</a>'
    )
    contribution = services.contribution_propose_lesson(
        user=resident, parent=course, title="<b>标题</b>", summary="简介", text=hostile
    )
    _act(editors["district"], contribution, "approve")
    html = client.get(contribution.page.specific.url).content.decode()
    assert "<script>alert(1)" not in html
    assert 'href="javascript:' not in html and 'onclick="' not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;标题&lt;/b&gt;" in html


def test_editor_rich_text_drops_script_links():
    from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter

    converter = ContentstateConverter(features=["bold", "link"])
    link = {"offset": 19, "length": 2, "key": 0}
    block = {"key": "a", "type": "unstyled", "text": "<script>x</script> 点我"}
    block.update(depth=0, inlineStyleRanges=[], entityRanges=[link])
    entity = {"type": "LINK", "mutability": "MUTABLE"}
    entity["data"] = {"url": "javascript:alert(1)"}
    contentstate = {"blocks": [block], "entityMap": {"0": entity}}
    import json

    html = converter.to_database_format(json.dumps(contentstate))
    assert "<script>" not in html
    assert "javascript:" not in html


def test_link_block_refuses_script_urls():
    from django.core.exceptions import ValidationError

    from resources.blocks import LinkBlock

    block = LinkBlock()
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"title": "x", "url": "javascript:alert(1)"}))


def test_wrong_type_upload_is_refused_before_storage(setup, settings):
    city, course, resident, editors = setup
    upload = SimpleUploadedFile("lesson.exe", b"MZ" + b"\0" * 100)
    response = _propose(_client(resident), course, media=upload)
    assert response.status_code == 200
    assert "不支持这种文件格式" in response.content.decode()
    assert not MediaAsset.objects.exists()
    assert not LessonPage.objects.filter(title="教爸妈用微信视频").exists()


def test_oversized_upload_is_refused(setup, settings):
    settings.RESIDENT_UPLOAD_MAX_SIZE = 1024
    city, course, resident, editors = setup
    upload = SimpleUploadedFile("lesson.mp4", b"\0" * 2048, content_type="video/mp4")
    response = _propose(_client(resident), course, media=upload)
    assert "文件太大了" in response.content.decode()
    assert not MediaAsset.objects.exists()


def test_a_big_wrong_file_is_refused_before_a_byte_is_spooled(
    setup, settings, tmp_path
):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    city, course, resident, editors = setup
    spooled = []
    real_new_file = uploads.CheckedMediaUploadHandler.new_file

    def new_file(handler, *args, **kwargs):
        result = real_new_file(handler, *args, **kwargs)
        spooled.append(handler.file.name)
        return result

    uploads.CheckedMediaUploadHandler.new_file = new_file
    try:
        big = SimpleUploadedFile("setup.exe", b"MZ" + b"\0" * (3 * 1024 * 1024))
        response = _propose(_client(resident), course, media=big)
    finally:
        uploads.CheckedMediaUploadHandler.new_file = real_new_file
    assert (
        response.status_code == 200
        and "不支持这种文件格式" in response.content.decode()
    )
    assert spooled == []  # refused by its name, nothing written
    assert not LessonPage.objects.filter(title="教爸妈用微信视频").exists()


def test_a_big_file_stops_at_the_limit_and_says_so(setup, settings):
    settings.RESIDENT_UPLOAD_MAX_SIZE = 3 * 1024 * 1024
    city, course, resident, editors = setup
    big = SimpleUploadedFile("家.mp4", b"\0" * (4 * 1024 * 1024), "video/mp4")
    response = _propose(_client(resident), course, media=big)
    assert response.status_code == 200 and "文件太大了" in response.content.decode()
    assert not MediaAsset.objects.exists()


def test_the_propose_form_still_checks_csrf(setup):
    city, course, resident, editors = setup
    client = Client(enforce_csrf_checks=True)
    client.force_login(resident)
    assert _propose(client, course).status_code == 403


def test_media_upload_is_stored_on_s3_and_embedded(setup):
    city, course, resident, editors = setup
    upload = SimpleUploadedFile(
        "家里的视频.mp4", b"\0" * 1000, content_type="video/mp4"
    )
    _propose(_client(resident), course, media=upload)
    asset = MediaAsset.objects.get()
    assert asset.kind == "video" and asset.uploaded_by == resident
    assert asset.collection == course.get_parent().editor_group_link.collection
    assert asset.file.name.startswith("media-originals/")
    assert asset.file.storage.exists(asset.file.name)
    lesson = Contribution.objects.get().page.specific.get_latest_revision_as_object()
    assert lesson.body[0].block_type == "video"
    asset.file.delete()


def test_a_refused_file_is_said_so_not_waiting_for_review(setup):
    city, course, resident, editors = setup
    upload = SimpleUploadedFile("视频.mp4", b"\0" * 1000, content_type="video/mp4")
    client = _client(resident)
    _propose(client, course, media=upload)
    page = client.get("/me/").content.decode()
    assert "已提交，等待审核" in page  # not probed yet
    asset = MediaAsset.objects.get()
    steps.transcode(asset.pk)  # the real probe: not media
    asset.refresh_from_db()
    assert asset.status == MediaAsset.Status.FAILED
    page = client.get("/me/").content.decode()
    assert "已提交，等待审核" not in page
    assert "文件没能用上" in page and asset.failure_message in page
    asset.file.delete()


def test_media_can_arrive_by_resumable_upload(setup, settings, tmp_path):
    settings.MEDIA_UPLOAD_DIR = str(tmp_path)
    city, course, resident, editors = setup
    upload = uploads.upload_create(user=resident, filename="广场舞.mp4", length=4)
    uploads.upload_append(
        upload=upload, offset=0, stream=io.BytesIO(b"\0\0\0\0"), length=4
    )
    page = _client(resident).get(f"/contribute/lesson/{course.pk}/").content.decode()
    assert "vendor/tus.min.js" in page and 'name="media_upload"' in page
    response = _propose(_client(resident), course, media_upload=str(upload.pk))
    assert response.status_code == 302
    asset = MediaAsset.objects.get()
    assert asset.original_filename.endswith(".mp4") and asset.size == 4
    assert asset.uploaded_by == resident
    stranger = get_user_model().objects.create_user("stranger", password="pw")
    response = _propose(_client(stranger), course, media_upload=str(upload.pk))
    assert "找不到这次上传" in response.content.decode()
    asset.file.delete()


def test_form_errors_are_in_chinese_next_to_the_field(setup):
    city, course, resident, editors = setup
    response = _propose(_client(resident), course, title="", text="太短")
    html = response.content.decode()
    assert response.status_code == 200
    assert "请填写这一项。" in html
    assert "内容太短了，至少写 20 个字（现在 2 个）。" in html
    # The error sits with its field and is announced by screen readers.
    assert 'aria-describedby="id_title_error"' in html


def test_submissions_are_rate_limited(setup, settings):
    settings.CONTRIBUTION_RATE_LIMIT = 2
    city, course, resident, editors = setup
    client = _client(resident)
    assert _propose(client, course).status_code == 302
    assert _propose(client, course).status_code == 302
    response = _propose(client, course)
    assert response.status_code == 200
    assert "提交太频繁了" in response.content.decode()
    assert Contribution.objects.count() == 2


def test_forms_need_csrf(setup):
    city, course, resident, editors = setup
    client = Client(enforce_csrf_checks=True)
    client.force_login(resident)
    response = client.post(
        f"/contribute/lesson/{course.pk}/", {"title": "x", "summary": "y", "text": TEXT}
    )
    assert response.status_code == 403


def test_anonymous_residents_are_asked_to_sign_in(setup, client):
    city, course, resident, editors = setup
    response = client.get(f"/contribute/lesson/{course.pk}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_improvement_waits_for_approval(setup, client):
    city, course, resident, editors = setup
    lesson = LessonPageFactory(parent=course, title="认识微信")
    response = _client(resident).post(
        f"/contribute/improve/{lesson.pk}/",
        {"text": "建议补充：字体可以在“设置—通用—字体大小”里调大。", "note": ""},
    )
    assert response.status_code == 302
    assert "字体大小" not in client.get(lesson.url).content.decode()
    contribution = Contribution.objects.get(kind=Contribution.Kind.IMPROVEMENT)
    again = _client(resident).post(
        f"/contribute/improve/{lesson.pk}/", {"text": "再补充一条很有用的建议内容。"}
    )
    assert "正在审核中" in again.content.decode()
    _act(editors["district"], contribution, "approve")
    html = client.get(lesson.url).content.decode()
    assert "字体大小" in html and "王阿姨" in html


def test_a_signed_in_only_lesson_takes_suggestions_from_those_signed_in(setup):
    city, course, resident, editors = setup
    lesson = LessonPageFactory(parent=course, title="居民专享微课")
    PageViewRestriction.objects.create(
        page=lesson, restriction_type=PageViewRestriction.LOGIN
    )
    client = _client(resident)
    assert client.get(lesson.url).status_code == 200
    assert client.get(f"/contribute/improve/{lesson.pk}/").status_code == 200
    response = client.post(
        f"/contribute/improve/{lesson.pk}/", {"text": "建议补充一张步骤截图会更清楚。"}
    )
    assert response.status_code == 302
    assert Contribution.objects.filter(page=lesson).exists()


def test_the_coauthor_picker_offers_only_people_she_may_credit(setup):
    """Staff of her school and above, and residents who gave to this course;
    not a stranger, not another school's teacher, not the list of all accounts."""
    city, course, resident, editors = setup
    stranger = get_user_model().objects.create_user("stranger", first_name="路人甲")
    services.contribution_propose_lesson(
        user=resident, parent=course, title="教爸妈用微信视频", summary="三步",
        text=TEXT,
    )  # fmt: skip
    client = _client(editors["township"])
    response = client.get(f"/admin/pages/add/resources/lessonpage/{course.pk}/")
    assert response.status_code == 200
    formset = response.context["form"].formsets["contributors"]
    field = formset.empty_form.fields["user"]
    people = set(field.queryset)
    assert {resident, editors["township"], editors["district"], editors["city"]} <= (
        people
    )
    assert not {stranger, editors["other_township"], editors["other_district"]} & people
    assert field.label_from_instance(resident) == "王阿姨"
    html = response.content.decode()
    assert "stranger" not in html and "路人甲" not in html
