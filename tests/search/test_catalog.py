"""import_catalog / export_catalog: JSON Lines in and out, idempotent by
external_id, bad lines reported by number and skipped whole."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from resources.models import CoursePage, LessonPage
from search import indexing, queries

pytestmark = pytest.mark.django_db
EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "catalog-example.jsonl"


@pytest.fixture
def demo(search_index, demo_catalogue):
    indexing.reindex()


def _import(path):
    out, err = StringIO(), StringIO()
    try:
        call_command("import_catalog", str(path), stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, out.getvalue(), err.getvalue()


def test_example_file_imports_publishes_and_indexes_idempotently(demo):
    code, out, _ = _import(EXAMPLE)
    assert code == 0 and "created 2" in out
    course = CoursePage.objects.get(external_id="jx-2026-001")
    lesson = LessonPage.objects.get(external_id="jx-2026-001-01")
    assert course.live and lesson.live and lesson.get_parent().pk == course.pk
    assert list(course.audiences.values_list("slug", flat=True)) == ["elderly"]
    hits = queries.search(queries.SearchRequest(query="手机按键")).hits
    assert hits[0].title == "认识手机的按键"
    code, out, _ = _import(EXAMPLE)
    assert code == 0 and "updated 2" in out
    assert CoursePage.objects.filter(external_id="jx-2026-001").count() == 1


def test_bad_lines_are_reported_by_number_and_skipped_whole(demo, tmp_path):
    good = json.loads(EXAMPLE.read_text().splitlines()[0])
    lines = [
        json.dumps(good, ensure_ascii=False),
        "{not json",
        json.dumps({**good, "external_id": "x-2", "content_area": "火星"}),
        json.dumps({**good, "external_id": "x-3", "kind": "video"}),
        json.dumps(
            {
                "external_id": "x-4",
                "kind": "lesson",
                "title": "孤儿微课",
                "summary": "没有课程",
                "course": "nope",
            }
        ),  # fmt: skip
        json.dumps({**good, "external_id": "x-5", "duration_seconds": -5}),
        json.dumps([1, 2]),
    ]
    path = tmp_path / "catalog.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = _import(path)
    assert code == 1 and "created 1" in out and "skipped 6" in out
    for number in range(2, 8):
        assert f"line {number}:" in err
    assert "不认识的“content_area”：火星" in err
    assert not CoursePage.objects.filter(external_id__in=["x-2", "x-3", "x-5"]).exists()
    assert not LessonPage.objects.filter(external_id="x-4").exists()


def test_lesson_facets_are_kept_by_the_course_or_refused(demo, tmp_path):
    course, lesson = [json.loads(x) for x in EXAMPLE.read_text().splitlines()[:2]]
    standalone = {**lesson, "course": "", "institution": "yushui"}
    lines = [
        json.dumps(course, ensure_ascii=False),
        json.dumps({**lesson, "external_id": "l-ok"}, ensure_ascii=False),
        json.dumps({**standalone, "external_id": "l-1"}, ensure_ascii=False),
        json.dumps({**standalone, "external_id": "l-2", "content_area": "",
                    "audiences": [], "tags": ["手机"]}, ensure_ascii=False),
        json.dumps({**lesson, "external_id": "l-3",
                    "content_area": "health-wellbeing"}),
        json.dumps({**lesson, "external_id": "l-4", "audiences": ["youth"]}),
        json.dumps({**lesson, "external_id": "l-5", "format": "video"}),
        json.dumps({**standalone, "external_id": "l-6", "content_area": "",
                    "audiences": []}, ensure_ascii=False),
    ]  # fmt: skip
    path = tmp_path / "catalog.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = _import(path)
    assert "created 3" in out and "skipped 5" in out, (out, err)
    assert "line 3:" in err and "放进一门课程" in err
    assert "line 4:" in err and "tags" in err
    assert "line 5:" in err and "line 6:" in err and "和所在课程的不一样" in err
    assert "line 7:" in err and "format" in err
    assert set(LessonPage.objects.filter(external_id__startswith="l-")
               .values_list("external_id", flat=True)) == {"l-ok", "l-6"}  # fmt: skip


def test_export_round_trips_through_import(demo, tmp_path):
    path = tmp_path / "export.jsonl"
    call_command("export_catalog", str(path), stdout=StringIO())
    records = [json.loads(line) for line in path.read_text().splitlines()]
    kinds = {r["kind"] for r in records}
    assert kinds == {"course", "lesson"} and len(records) >= 50
    assert all(set(r) >= {"external_id", "title", "content_area"} for r in records)
    before = CoursePage.objects.count() + LessonPage.objects.count()
    code, out, err = _import(path)
    assert code == 0, err
    assert CoursePage.objects.count() + LessonPage.objects.count() == before
