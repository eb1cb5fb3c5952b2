"""Issuing, revoking and looking up certificates, and drawing their PDF.

Codes are 20 random base32 characters (100 bits), so guessing one is
hopeless even before the verification page's rate limit; they avoid 0/O and
1/I so a code read off paper is not misread.
"""

from __future__ import annotations

import secrets
from io import BytesIO

from django.db import IntegrityError, transaction
from django.utils import timezone

from institutions.models import INSTITUTION_PAGE_MODELS

from .models import Certificate, CourseCompletion, CoursePage
from .pdf import BRAND, INK, SOFT, new_document

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 20


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text: str) -> str:
    """A typed code without the dashes, spaces and lower case people add."""
    return "".join(ch for ch in text.upper() if ch.isascii() and ch.isalnum())[:40]


def _institution_name(completion: CourseCompletion) -> str:
    course = completion.course
    for ancestor in course.get_ancestors(inclusive=False).specific().reverse():
        if isinstance(ancestor, INSTITUTION_PAGE_MODELS):
            return ancestor.title
    return ""


def issue(completion: CourseCompletion) -> Certificate:
    """The completion's certificate, issued once (racing callers get the same)."""
    existing = Certificate.objects.filter(completion=completion).first()
    if existing:
        return existing
    learner, course = completion.learner, completion.course
    try:
        with transaction.atomic():
            return Certificate.objects.create(
                code=new_code(),
                learner=learner,
                completion=completion,
                holder_name=learner.first_name or learner.username,
                course_title=course.title,
                institution_name=_institution_name(completion),
                hours=course.hours,
                credits=course.credits,
            )
    except IntegrityError:
        return Certificate.objects.get(completion=completion)


def revoke(certificate: Certificate, *, reason: str) -> None:
    Certificate.objects.filter(pk=certificate.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_reason=reason[:200]
    )


def lookup(code: str) -> Certificate | None:
    return Certificate.objects.filter(code=normalise_code(code)).first()


def pdf(certificate: Certificate, verify_url: str) -> bytes:
    """An A4 landscape certificate with the Chinese font embedded (subset)."""
    import segno

    document = new_document("L")
    document.set_auto_page_break(False)
    document.add_page()
    document.set_draw_color(*BRAND)
    document.set_line_width(2.5)
    document.rect(10, 10, 277, 190)
    document.set_line_width(0.6)
    document.rect(15, 15, 267, 180)

    def line(text: str, size: int, y: float, colour=INK) -> None:
        document.set_font("cjk", size=size)
        document.set_text_color(*colour)
        document.set_xy(20, y)
        document.cell(257, size * 0.5, text, align="C")

    line("结业证书", 40, 32, BRAND)
    line("Certificate of Completion", 14, 55, SOFT)
    line(certificate.holder_name, 30, 75)
    line(f"完成了《{certificate.course_title}》的全部学习内容，准予结业。", 18, 98)
    line(
        f"{certificate.hours} 学时 · {certificate.credits} 学分 · "
        f"{timezone.localtime(certificate.issued_at):%Y 年 %m 月 %d 日}",
        15, 116, SOFT,
    )  # fmt: skip
    line(certificate.institution_name, 20, 140)
    qr = BytesIO()
    segno.make(verify_url, error="m").save(qr, kind="png", scale=8, border=2)
    qr.seek(0)
    document.image(qr, x=236, y=150, w=38, h=38)
    document.set_font("cjk", size=10)
    document.set_text_color(*SOFT)
    document.set_xy(22, 172)
    document.multi_cell(
        200,
        6,
        f"证书编号：{certificate.display_code}\n扫码或访问 {verify_url} 验证真伪",
    )
    return bytes(document.output())


def course_is_public(certificate: Certificate) -> bool:
    """Whether /verify/ may name the course: only while anyone may open it.
    A course kept for one group, or taken down, is certified without its
    title, so scanning a resident's certificate tells nobody which private
    group they were in."""
    return (
        CoursePage.objects.live()
        .public()
        .filter(pk=certificate.completion.course_id)
        .exists()
    )
