"""Resource sharing: courses and lessons in and out as JSON Lines.

One object per line (see `docs/catalog-example.jsonl`). Import is idempotent
by `external_id`: a known id updates its page, a new one creates it, and
every line is published in its own transaction, so a bad line is reported
with its number and skipped without leaving anything half-imported.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from wagtail.models import Page

from institutions.models import INSTITUTION_PAGE_MODELS
from institutions.selectors import institution_collection
from media_pipeline.services import media_asset_create, media_asset_enqueue
from resources.models import Audience, CoursePage, LessonPage, LocalTheme, Topic
from resources.services import text_to_rich_text

from . import documents

KINDS = ("course", "lesson")
FORMATS = ("video", "audio", "document", "text")
MEDIA_KINDS = ("video", "audio")
#: What an update keeps from the page when its line brings no media: files an
#: editor attached there, which a catalogue line cannot carry.
KEPT_KINDS = (*MEDIA_KINDS, "document")


class CatalogError(Exception):
    """A line that cannot be imported, with the reason in plain words."""


@dataclass
class LineResult:
    line: int
    action: str  # created, updated or skipped
    external_id: str = ""
    page_id: int | None = None
    error: str = ""


def _text(record: dict, name: str, *, required=True, limit=200) -> str:
    value = record.get(name, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise CatalogError(f"“{name}” 应该是文字 / must be a string")
    value = value.strip()
    if required and not value:
        raise CatalogError(f"缺少“{name}” / “{name}” is missing")
    if len(value) > limit:
        raise CatalogError(f"“{name}”太长（最多 {limit} 字）/ too long")
    return value


def _taxonomy(model, value: str, name: str):
    found = model.objects.filter(Q(slug=value) | Q(name=value)).first()
    if found is None:
        raise CatalogError(f"不认识的“{name}”：{value} / unknown {name}")
    return found


def _institution(value: str) -> Page:
    found = (
        Page.objects.type(*INSTITUTION_PAGE_MODELS)
        .filter(Q(slug=value) | Q(title=value))
        .first()
    )
    if found is None:
        raise CatalogError(f"找不到机构：{value} / unknown institution")
    return found.specific


def _existing(model, external_id: str):
    """By external id; "page-<id>" (what export writes for local pages) by id."""
    found = model.objects.filter(external_id=external_id).first()
    if found is None and external_id.startswith("page-") and external_id[5:].isdigit():
        found = model.objects.filter(pk=int(external_id[5:]), external_id="").first()
    return found


def _course_fields(record: dict) -> dict:
    audiences = record.get("audiences") or []
    if not isinstance(audiences, list):
        raise CatalogError("“audiences” 应该是列表 / must be a list")
    seconds = _seconds(record)
    body = _text(record, "body", required=False, limit=20000)
    area = _text(record, "content_area", limit=60)
    fields = {
        "title": _text(record, "title", limit=255),
        "summary": _text(record, "summary"),
        "body": str(text_to_rich_text(body)),
        "topic": _taxonomy(Topic, area, "content_area"),
        "hours": max(1, min(500, round(seconds / 3600) or 1)),
    }
    local = _text(record, "local_topic", required=False, limit=60)
    fields["local_theme"] = (
        _taxonomy(LocalTheme, local, "local_topic") if local else None
    )
    fields["audience_list"] = [_taxonomy(Audience, a, "audiences") for a in audiences]
    tags = record.get("tags") or []
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise CatalogError("“tags” 应该是文字列表 / must be a list of strings")
    fields["tag_list"] = [t.strip()[:100] for t in tags if t.strip()]
    return fields


def _seconds(record: dict) -> int:
    value = record.get("duration_seconds", 0) or 0
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise CatalogError("“duration_seconds” 应该是非负整数 / must be an integer ≥ 0")
    return value


def _lesson_body(record: dict, title: str, media_root: Path | None, home: Page) -> list:
    body = []
    media = _text(record, "media", required=False, limit=500)
    if media:
        path = (media_root / media) if media_root else Path(media)
        if not path.is_file():
            raise CatalogError(f"找不到音视频文件：{media} / media file not found")
        try:
            asset = media_asset_create(
                title=title, path=path, collection=institution_collection(page=home)
            )
        except ValidationError as error:
            raise CatalogError(f"音视频文件不合格：{error.messages[0]}") from error
        media_asset_enqueue(asset)
        body.append((asset.kind, {"asset": asset, "caption": ""}))
    text = _text(record, "body", required=False, limit=20000)
    if text:
        body.append(("text", text_to_rich_text(text)))
    return body


def _lesson_facets_check(record: dict, course: CoursePage | None) -> None:
    """A lesson's content area, audiences and tags are its course's: the
    index and the facets read them there. A line that gives other ones
    would lose them silently, so it is refused instead."""
    area = _text(record, "content_area", required=False, limit=60)
    audiences = record.get("audiences") or []
    tags = record.get("tags") or []
    if not isinstance(audiences, list) or not isinstance(tags, list):
        raise CatalogError("“audiences”“tags” 应该是列表 / must be lists")
    if tags:
        raise CatalogError(
            "微课没有自己的“tags”，标签跟着课程走；请写在课程那一行 / "
            "lessons take their course's tags"
        )
    if course is None:
        if area or audiences:
            raise CatalogError(
                "不在课程里的微课存不下“content_area”“audiences”；请用“course”"
                "把它放进一门课程，或者去掉这两项 / a lesson outside a course "
                "cannot keep content_area or audiences"
            )
        return
    if area and _taxonomy(Topic, area, "content_area").pk != course.topic_id:
        raise CatalogError(
            "微课的“content_area”和所在课程的不一样；分类跟着课程走 / "
            "content_area differs from the course's"
        )
    wanted = {_taxonomy(Audience, a, "audiences").pk for a in audiences}
    if audiences and wanted != set(course.audiences.values_list("pk", flat=True)):
        raise CatalogError(
            "微课的“audiences”和所在课程的不一样；适合人群跟着课程走 / "
            "audiences differ from the course's"
        )


def _publish(page: Page, parent: Page | None) -> Page:
    if page.pk is None:
        parent.add_child(instance=page)
    page.full_clean()
    page.save_revision().publish()
    return page


def import_record(record: dict, *, media_root: Path | None = None) -> LineResult:
    """Create or update one course or lesson; raises CatalogError when invalid."""
    if not isinstance(record, dict):
        raise CatalogError("每行应该是一个 JSON 对象 / each line must be an object")
    external_id = _text(record, "external_id", limit=100)
    kind = _text(record, "kind", limit=10)
    if kind not in KINDS:
        raise CatalogError("“kind” 只能是 course 或 lesson / must be course or lesson")
    fmt = _text(record, "format", required=False, limit=10) or "text"
    if fmt not in FORMATS:
        raise CatalogError(f"“format” 只能是 {'、'.join(FORMATS)}")
    with transaction.atomic():
        if kind == "course":
            fields = _course_fields(record)
            audiences, tags = fields.pop("audience_list"), fields.pop("tag_list")
            page = _existing(CoursePage, external_id)
            parent = None
            if page is None:
                parent = _institution(_text(record, "institution", limit=255))
                page = CoursePage(external_id=external_id)
            for name, value in fields.items():
                setattr(page, name, value)
            page.audiences.set(audiences)
            page.tags.set(tags, clear=True)
        else:
            title = _text(record, "title", limit=255)
            page = _existing(LessonPage, external_id)
            parent = None
            if page is None:
                course_id = _text(record, "course", required=False, limit=100)
                if course_id:
                    parent = _existing(CoursePage, course_id)
                    if parent is None:
                        raise CatalogError(
                            f"找不到课程 {course_id}，请把课程放在前面 / "
                            "course not found"
                        )
                else:
                    parent = _institution(_text(record, "institution", limit=255))
                page = LessonPage(external_id=external_id)
            course = (parent or page.get_parent()).specific
            _lesson_facets_check(
                record, course if isinstance(course, CoursePage) else None
            )
            page.title = title
            page.summary = _text(record, "summary")
            page.duration_minutes = max(1, min(180, round(_seconds(record) / 60) or 1))
            kept = (
                [b for b in page.body if b.block_type in MEDIA_KINDS] if page.pk else []
            )
            body = _lesson_body(record, title, media_root, home=course)
            if not any(block[0] in MEDIA_KINDS for block in body):
                body = [(b.block_type, b.value) for b in kept] + body
            if fmt != "text" and fmt not in {block[0] for block in body}:
                raise CatalogError(
                    f"“format”是 {fmt}，但这一行没有给这种材料（“media”文件）/ "
                    f"format {fmt} but no such material"
                )
            page.body = body
        created = page.pk is None
        try:
            _publish(page, parent)
        except ValidationError as error:
            raise CatalogError("; ".join(error.messages)) from error
    return LineResult(0, "created" if created else "updated", external_id, page.pk)


def import_lines(
    lines: Iterable[str], *, media_root: Path | None = None
) -> Iterator[LineResult]:
    for number, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        try:
            record = json.loads(text)
            result = import_record(record, media_root=media_root)
        except json.JSONDecodeError as error:
            yield LineResult(number, "skipped", error=f"不是合法的 JSON：{error.msg}")
            continue
        except CatalogError as error:
            external_id = (
                record.get("external_id", "") if isinstance(record, dict) else ""
            )
            yield LineResult(number, "skipped", str(external_id), error=str(error))
            continue
        result.line = number
        yield result


def export_records() -> Iterator[dict]:
    """Every searchable course, then every lesson, in the import format."""
    pages = list(documents.catalogue_pages())
    builder = documents.Builder()
    for page in sorted(pages, key=lambda p: (isinstance(p, LessonPage), p.pk)):
        document = builder.build(page)
        record = {
            "external_id": page.external_id or f"page-{page.pk}",
            "kind": document["kind"],
            "title": page.title,
            "summary": page.summary,
            "body": document["body"],
            "content_area": document["content_area"],
            "audiences": document["audiences"],
            "tags": list(page.tags.names()) if isinstance(page, CoursePage) else [],
            "institution": document["institution"],
            "format": "text" if document["format"] == "course" else document["format"],
            "duration_seconds": document["duration_seconds"],
            "local_topic": document["local_topic"],
        }
        if isinstance(page, LessonPage):
            parent = page.get_parent().specific
            if isinstance(parent, CoursePage):
                record["course"] = parent.external_id or f"page-{parent.pk}"
        yield record
