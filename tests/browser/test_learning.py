"""A resident in Chromium on a phone: signs up, plays a short video lesson to
the end, sees it completed, and finds the course and its credits in "my
learning", downloads the certificate and sees the verification page confirm
it."""

from __future__ import annotations

from decimal import Decimal

import pypdfium2
import pytest

from institutions.models import TownshipSchoolPage
from resources.models import Certificate, CreditEntry, LessonProgress
from tests.browser.conftest import SCREENSHOTS
from tests.factories.institutions import CoursePageFactory, LessonPageFactory
from tests.factories.media import transcoded_asset

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "Xinyu-2026-learn"


@pytest.fixture
def short_course(tmp_path, demo):
    asset = transcoded_asset(
        tmp_path / "wash-hands.mp4", "七步洗手法", size="640x360", seconds=8
    )
    course = CoursePageFactory(
        parent=TownshipSchoolPage.objects.live().first(),
        title="家庭卫生小课堂",
        credits=Decimal("0.5"),
    )
    return LessonPageFactory(
        parent=course,
        title="七步洗手法",
        duration_minutes=1,
        body=[("video", {"asset": asset, "caption": "跟着做一遍"})],
    )


def test_resident_signs_up_watches_to_the_end_and_earns_credit(
    short_course, phone, live_server
):
    phone.goto(f"{live_server.url}/accounts/signup/?next={short_course.url}")
    phone.fill("#id_username", "wangayi")
    phone.fill("#id_first_name", "王阿姨")
    phone.fill("#id_password1", PASSWORD)
    phone.fill("#id_password2", PASSWORD)
    phone.check("#id_consent")
    phone.screenshot(path=str(SCREENSHOTS / "signup.png"), full_page=True)
    phone.click("form button[type=submit]")
    phone.wait_for_url(f"**{short_course.url}")
    assert "看完 90% 就算学完" in phone.locator(".lesson-progress").inner_text()

    phone.locator("[data-player] video").evaluate(
        "v => { v.muted = true; v.playbackRate = 2; v.play().catch(() => {}); }"
    )
    phone.wait_for_function(
        "() => document.querySelector('[data-player] video').ended", timeout=30_000
    )
    phone.wait_for_function(
        "() => document.querySelector('[data-progress-status]')"
        ".textContent.includes('已学完')",
        timeout=15_000,
    )
    phone.screenshot(path=str(SCREENSHOTS / "lesson-completed.png"), full_page=True)
    record = LessonProgress.objects.get(learner__username="wangayi")
    assert record.completed_at is not None and record.share >= 0.9

    phone.goto(f"{live_server.url}/me/learning/")
    text = phone.locator("main").inner_text()
    assert "家庭卫生小课堂" in text and "七步洗手法" in text
    phone.screenshot(path=str(SCREENSHOTS / "my-learning.png"), full_page=True)
    assert CreditEntry.objects.get(learner__username="wangayi").amount == Decimal("0.5")

    certificate = Certificate.objects.get(learner__username="wangayi")
    pdf = phone.request.get(f"{live_server.url}/me/certificates/{certificate.code}.pdf")
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    page = pypdfium2.PdfDocument(pdf.body())[0]
    page.render(scale=2).to_pil().save(SCREENSHOTS / "certificate-pdf.png")

    phone.goto(f"{live_server.url}/verify/{certificate.code}/")
    verdict = phone.locator(".verify__verdict").inner_text()
    assert "证书真实有效" in verdict and "家庭卫生小课堂" in phone.content()
    phone.screenshot(path=str(SCREENSHOTS / "certificate-verify.png"), full_page=True)

    phone.goto(f"{live_server.url}/me/record/")
    assert "家庭卫生小课堂" in phone.locator(".record").inner_text()
    phone.screenshot(path=str(SCREENSHOTS / "learning-record.png"), full_page=True)
    transcript = phone.request.get(f"{live_server.url}/me/record.pdf")
    pypdfium2.PdfDocument(transcript.body())[0].render(scale=2).to_pil().save(
        SCREENSHOTS / "learning-record-pdf.png"
    )


def test_progress_made_offline_is_sent_when_the_connection_returns(
    short_course, phone, live_server
):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user("lixiansheng", password=PASSWORD)
    phone.goto(f"{live_server.url}/accounts/login/")
    phone.fill("#id_username", "lixiansheng")
    phone.fill("#id_password", PASSWORD)
    phone.click("form button[type=submit]")
    phone.wait_for_url(lambda url: "/accounts/login/" not in url)
    phone.goto(f"{live_server.url}{short_course.url}")
    # The signal drops once the whole clip is in the buffer: going offline
    # with only the first frame loaded would stall playback, not test the
    # queue (a race seen on a busy machine).
    phone.wait_for_function(
        """() => {
          const v = document.querySelector('[data-player] video');
          const b = v.buffered;
          return v.readyState >= 2 && v.duration > 0 && b.length > 0
            && b.end(b.length - 1) >= v.duration - 0.25;
        }""",
        timeout=30_000,
    )
    phone.context.set_offline(True)
    phone.locator("[data-player] video").evaluate(
        "v => { v.muted = true; v.playbackRate = 2; v.play().catch(() => {}); }"
    )
    phone.wait_for_function(
        "() => document.querySelector('[data-player] video').ended", timeout=30_000
    )
    queued = phone.evaluate(
        "() => Object.keys(localStorage).filter(k => k.startsWith('progress-queue:'))"
        ".map(k => JSON.parse(localStorage.getItem(k)).length)"
    )
    assert queued and queued[0] >= 1  # kept, not lost
    assert not LessonProgress.objects.filter(learner=user).exists()

    phone.context.set_offline(False)
    phone.wait_for_function(
        "() => document.querySelector('[data-progress-status]')"
        ".textContent.includes('已学完')",
        timeout=15_000,
    )
    assert LessonProgress.objects.get(learner=user).completed_at is not None
