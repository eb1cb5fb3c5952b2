"""django-storages against the real S3-compatible server."""

import uuid

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages

pytestmark = pytest.mark.services


@pytest.fixture
def storage():
    storage = storages["default"]
    assert type(storage).__name__ == "S3Storage"
    return storage


def test_file_saved_and_read_back(storage):
    name = storage.save(
        f"smoke/{uuid.uuid4()}/课程讲义.txt", ContentFile("你好，社区".encode())
    )
    try:
        with storage.open(name) as fh:
            assert fh.read().decode() == "你好，社区"
        head = storage.connection.meta.client.head_object(
            Bucket=storage.bucket_name, Key=name
        )
        assert head["ContentLength"] == len("你好，社区".encode())
    finally:
        storage.delete(name)
    assert not storage.exists(name)


def test_same_name_never_overwrites(storage):
    base = f"smoke/{uuid.uuid4()}/lesson.txt"
    first = storage.save(base, ContentFile(b"first"))
    second = storage.save(base, ContentFile(b"second"))
    try:
        assert first != second
        assert storage.open(first).read() == b"first"
    finally:
        storage.delete(first)
        storage.delete(second)


def test_private_objects_need_a_signed_url(storage):
    import urllib.error
    import urllib.request

    name = storage.save(f"smoke/{uuid.uuid4()}/private.txt", ContentFile(b"secret"))
    try:
        signed = storage.url(name)
        assert "X-Amz-Signature" in signed
        with urllib.request.urlopen(signed, timeout=10) as response:  # noqa: S310
            assert response.read() == b"secret"
        with pytest.raises(urllib.error.HTTPError) as error:
            urllib.request.urlopen(signed.split("?")[0], timeout=10)  # noqa: S310
        assert error.value.code == 403
    finally:
        storage.delete(name)
