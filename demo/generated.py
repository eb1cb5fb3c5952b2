"""A generated catalogue: thousands of live lessons under the demo's courses.

The hand-written demo has a few hundred things; the benchmarks and the
recall battery also need the scale of a real city. The lessons are written
in bulk, behind Django's back (no page signals, no revisions), so their
search documents are built by the next `search_reindex`.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Sequence
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone
from wagtail.models import Page

from resources.models import CoursePage, LessonPage

WORDS = (
    "太极 八段锦 广场舞 高血压 糖尿病 智能手机 微信 视频通话 防诈骗 垃圾分类 书法 "
    "剪纸 采茶戏 茶艺 阳台 种菜 家常菜 辅食 绘本 直播 果树 嫁接 高铁 公交 夏布 "
    "仙女湖 民法典 谣言 养生 保洁 照护 老人 孩子 家长 社区 居民 健康 安全 手机 拍照 "
    "剪辑 烹饪 运动 呼吸 饮食 血压 睡眠 记忆 读书 唱歌 跳舞 摄影 园艺 理财 法律 "
    "交通 急救 心理"
).split()
FORMS = "学会 认识 了解 练习 掌握 入门 进阶 技巧 方法 指南 课堂 小窍门".split()
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _step(n: int) -> str:
    """Treebeard's four-character path step for the n-th child."""
    out = ""
    for _ in range(4):
        n, r = divmod(n, 36)
        out = ALPHABET[r] + out
    return out


def lessons_generate(
    *,
    count: int,
    seed: int = 2026,
    words: Sequence[str] = WORDS,
    forms: Sequence[str] = FORMS,
) -> list[int]:
    """Insert `count` live lessons, spread over the live courses; returns
    their ids. A title reads `<word><form>：<word>`; the summary and body are
    sentences of the same words, so every query word is one of `words` or
    `forms`."""
    rng = random.Random(seed)  # noqa: S311 - sample text, not a secret

    def sentence(length: int) -> str:
        clauses = (
            rng.choice(words) + rng.choice(forms) + rng.choice(words)
            for _ in range(length)
        )
        return "，".join(clauses) + "。"

    courses = list(CoursePage.objects.live().order_by("path"))
    lesson_type = ContentType.objects.get_for_model(LessonPage)
    now = timezone.now()
    per_course = count // len(courses) + 1
    made: list[int] = []
    with transaction.atomic():
        for course in courses:
            base = course.numchild
            pages, extra = [], []
            for i in range(min(per_course, count - len(made))):
                title = f"{rng.choice(words)}{rng.choice(forms)}：{rng.choice(words)}"
                slug = f"gen-{course.pk}-{base + i + 1}"
                published = now - timedelta(days=rng.randint(0, 1500))
                pages.append(Page(
                    title=title, draft_title=title, slug=slug,
                    content_type=lesson_type, path=course.path + _step(base + i + 1),
                    depth=course.depth + 1, numchild=0,
                    url_path=f"{course.url_path}{slug}/", live=True,
                    first_published_at=published, last_published_at=published,
                    locale_id=course.locale_id, translation_key=uuid.uuid4(),
                ))  # fmt: skip
                text = f"<p>{sentence(6)}</p><p>{sentence(6)}</p>"
                extra.append({
                    "summary": sentence(2)[:190],
                    "body": [{"type": "text", "id": str(uuid.uuid4()), "value": text}],
                    "duration_minutes": rng.randint(3, 30),
                })  # fmt: skip
            created = Page.objects.bulk_create(pages, batch_size=2000)
            _lessons_insert(
                LessonPage(page_ptr_id=page.pk, **fields)
                for page, fields in zip(created, extra, strict=True)
            )
            Page.objects.filter(pk=course.pk).update(numchild=base + len(pages))
            made += [page.pk for page in created]
            if len(made) >= count:
                break
    return made


def _lessons_insert(lessons) -> None:
    """The lesson rows of pages already inserted: every column, each at its
    model default unless set, so a new field needs no change here."""
    fields = list(LessonPage._meta.local_concrete_fields)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    rows = [
        [f.get_db_prep_save(getattr(lesson, f.attname), connection) for f in fields]
        for lesson in lessons
    ]
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {LessonPage._meta.db_table} ({columns}) VALUES ({marks})",  # noqa: S608 - our table and columns
            rows,
        )
