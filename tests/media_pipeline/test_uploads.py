"""Resumable (tus 1.0) uploads through the real views, PostgreSQL and the S3
server: create, append in chunks, resume after a drop, finish into an asset."""

from __future__ import annotations

import base64
import io
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from institutions.models import InstitutionEditorGroup
from institutions.selectors import institution_collection
from institutions.services import institution_groups_sync_all
from media_pipeline import uploads
from media_pipeline.models import MediaAsset, Upload
from tests.media_pipeline.clips import make

pytestmark = pytest.mark.django_db
TUS = {"Tus-Resumable": "1.0.0"}


@pytest.fixture
def upload_dir(settings, tmp_path):
    settings.MEDIA_UPLOAD_DIR = str(tmp_path / "parts")
    return tmp_path / "parts"


def _user(name="teacher", **extra):
    return get_user_model().objects.create_user(name, password="pw", **extra)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _meta(filename: str) -> str:
    return f"filename {base64.b64encode(filename.encode()).decode()}"


def _create(client, filename="课堂录像.mp4", length=1000):
    return client.post(
        "/uploads/",
        headers={
            **TUS,
            "Upload-Length": str(length),
            "Upload-Metadata": _meta(filename),
        },
    )


def _patch(client, url, offset, data):
    return client.generic(
        "PATCH", url, data, content_type="application/offset+octet-stream",
        headers={**TUS, "Upload-Offset": str(offset)},
    )  # fmt: skip


def _send(client, path) -> str:
    """Upload a whole file in 64 KB chunks, as tus-js-client would; its url."""
    data = path.read_bytes()
    created = _create(client, path.name, len(data))
    assert created.status_code == 201, created.content.decode()
    url = created["Location"]
    for offset in range(0, len(data), 65536):
        response = _patch(client, url, offset, data[offset : offset + 65536])
        assert response.status_code == 204
    return url


def test_server_announces_the_protocol(client):
    response = client.options("/uploads/")
    assert response.status_code == 204
    assert response["Tus-Version"] == "1.0.0"
    assert "creation" in response["Tus-Extension"]


def test_anonymous_visitors_cannot_upload(client, upload_dir):
    response = _create(client)
    assert response.status_code == 403 and "请先登录" in response.content.decode()


def test_chunks_resume_from_the_server_offset(upload_dir):
    client = _client(_user())
    response = _create(client, length=10)
    assert response.status_code == 201 and response["Tus-Resumable"] == "1.0.0"
    url = response["Location"]
    assert url.startswith("http://testserver/uploads/") and response["Upload-Expires"]

    assert _patch(client, url, 0, b"01234")["Upload-Offset"] == "5"
    stale = _patch(client, url, 0, b"01234")
    assert stale.status_code == 409 and "断点" in stale.content.decode()
    head = client.head(url, headers=TUS)
    assert (head["Upload-Offset"], head["Upload-Length"]) == ("5", "10")
    assert head["Cache-Control"].startswith("max-age=0")
    too_much = _patch(client, url, 5, b"56789XYZ")
    assert too_much.status_code == 400
    assert _patch(client, url, 5, b"56789")["Upload-Offset"] == "10"
    upload = Upload.objects.get()
    assert upload.complete
    assert uploads.part_path(upload).read_bytes() == b"0123456789"


@pytest.mark.parametrize("value", ["²", "１２", "-5", "1e3", "9" * 30])
def test_unicode_digits_and_huge_numbers_in_tus_headers_are_400(upload_dir, value):
    client = _client(_user())
    assert _create(client, length=value).status_code in (400, 413)
    url = _create(client, length=10)["Location"]
    assert _patch(client, url, value, b"01234").status_code in (400, 409)
    assert Upload.objects.get().offset == 0


def test_a_dropped_connection_keeps_what_arrived(upload_dir):
    user = _user()
    upload = uploads.upload_create(user=user, filename="a.mp4", length=100)

    class Dropping(io.BytesIO):
        def read(self, size=-1):
            if self.tell() >= 40:
                raise ConnectionResetError("phone lost signal")
            return super().read(min(size, 40 - self.tell()))

    with pytest.raises(ConnectionResetError):
        uploads.upload_append(
            upload=upload, offset=0, stream=Dropping(b"x" * 100), length=100
        )
    assert Upload.objects.get().offset == 40
    uploads.upload_append(
        upload=upload, offset=40, stream=io.BytesIO(b"y" * 60), length=60
    )
    assert uploads.part_path(upload).read_bytes() == b"x" * 40 + b"y" * 60


def test_someone_elses_upload_looks_missing(upload_dir):
    url = _create(_client(_user()))["Location"]
    stranger = _client(_user("stranger"))
    assert stranger.head(url, headers=TUS).status_code == 404
    assert _patch(stranger, url, 0, b"x").status_code == 404
    assert stranger.delete(url, headers=TUS).status_code == 404
    assert Upload.objects.count() == 1


@pytest.mark.parametrize(
    ("filename", "length", "status", "message"),
    [
        ("virus.exe", 1000, 415, "不支持这种文件格式"),
        ("huge.mp4", 2 * 1024**3 + 1, 413, "文件太大了"),
        ("empty.mp4", 0, 400, "文件是空的"),
    ],
)
def test_refused_before_a_byte_is_stored(upload_dir, filename, length, status, message):
    response = _create(_client(_user()), filename, length)
    assert response.status_code == status
    assert message in response.content.decode()
    assert not Upload.objects.exists()


def test_residents_have_their_own_limit_and_a_cap_on_open_uploads(upload_dir, settings):
    settings.RESIDENT_UPLOAD_MAX_SIZE = 500
    client = _client(_user("resident"))
    assert _create(client, length=501).status_code == 413
    for _ in range(uploads.MAX_ACTIVE_UPLOADS):
        assert _create(client, length=500).status_code == 201
    refused = _create(client, length=500)
    assert refused.status_code == 429
    assert "同时上传的文件太多" in refused.content.decode()


def test_finished_uploads_waiting_for_their_lesson_do_not_block_the_next(
    upload_dir,
):
    """Ten videos dropped at once: finished parts wait, the next ones start."""
    user = _user()
    client = _client(user)
    for _ in range(uploads.MAX_ACTIVE_UPLOADS + 2):
        assert _create(client, length=500).status_code == 201
        Upload.objects.filter(user=user).update(offset=500)
    assert _create(client, length=500).status_code == 201
    Upload.objects.filter(user=user).update(offset=500)
    for _ in range(uploads.MAX_OPEN_UPLOADS - Upload.objects.count()):
        Upload.objects.create(user=user, filename="a.mp4", length=5, offset=5)
    assert _create(client, length=500).status_code == 429


def test_patch_needs_the_tus_content_type_and_csrf(upload_dir):
    user = _user()
    url = _create(_client(user))["Location"]
    wrong = _client(user).generic(
        "PATCH",
        url,
        b"x",
        content_type="text/plain",
        headers={**TUS, "Upload-Offset": "0"},
    )
    assert wrong.status_code == 415
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(user)
    assert _patch(strict, url, 0, b"x").status_code == 403


def test_termination_removes_the_part(upload_dir):
    client = _client(_user())
    url = _create(client)["Location"]
    upload = Upload.objects.get()
    assert client.delete(url, headers=TUS).status_code == 204
    assert not Upload.objects.exists() and not uploads.part_path(upload).exists()


def test_expired_uploads_are_cleaned(upload_dir):
    user = _user()
    old = uploads.upload_create(user=user, filename="old.mp4", length=10)
    fresh = uploads.upload_create(user=user, filename="new.mp4", length=10)
    Upload.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(days=2)
    )
    assert uploads.expire_uploads() == 1
    assert list(Upload.objects.all()) == [fresh]
    assert not uploads.part_path(old).exists() and uploads.part_path(fresh).exists()


@pytest.fixture
def township_teacher(city):
    """A teacher of a township school, the least role that uploads lessons."""
    institution_groups_sync_all()
    user = _user("township-teacher")
    user.groups.add(InstitutionEditorGroup.objects.get(page=city.townships[0]).group)
    return user


def test_admin_form_turns_a_finished_upload_into_an_asset(
    upload_dir, tmp_path, django_capture_on_commit_callbacks, township_teacher, city
):
    admin = township_teacher
    client = _client(admin)
    url = _send(client, make(tmp_path / "lesson.mp4", size="320x240", seconds=2))
    token = url.rstrip("/").rsplit("/", 1)[1]
    form = {
        "title": "太极拳第一式", "file_upload": token,
        "collection": str(institution_collection(page=city.townships[0]).pk),
        "captions-TOTAL_FORMS": "0", "captions-INITIAL_FORMS": "0",
        "captions-MIN_NUM_FORMS": "0", "captions-MAX_NUM_FORMS": "1000",
    }  # fmt: skip
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post("/admin/snippets/media_pipeline/mediaasset/add/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    asset = MediaAsset.objects.get()
    assert asset.original_filename.endswith(".mp4") and asset.size > 1000
    assert asset.kind == "video" and asset.uploaded_by == admin
    with asset.file.open("rb") as fh:
        assert fh.read() == (tmp_path / "lesson.mp4").read_bytes()
    upload = Upload.objects.get()
    for callback in callbacks:  # not the transcode: no worker in this test
        if callback.__qualname__.startswith("upload_discard_on_commit"):
            callback()
    assert not Upload.objects.exists() and not uploads.part_path(upload).exists()


def test_unfinished_or_foreign_tokens_are_refused_in_the_form(
    upload_dir, township_teacher
):
    admin = township_teacher
    half = uploads.upload_create(user=admin, filename="half.mp4", length=10)
    foreign = uploads.upload_create(user=_user("other"), filename="x.mp4", length=1)
    Upload.objects.filter(pk=foreign.pk).update(offset=1)
    client = _client(admin)
    for token, message in ((half.pk, "还没有传完"), (foreign.pk, "找不到这次上传")):
        response = client.post(
            "/admin/snippets/media_pipeline/mediaasset/add/",
            {"title": "x", "file_upload": str(token), "captions-TOTAL_FORMS": "0",
             "captions-INITIAL_FORMS": "0"},
        )  # fmt: skip
        assert response.status_code == 200 and message in response.content.decode()
    assert not MediaAsset.objects.exists()
