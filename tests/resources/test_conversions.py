"""Credit conversions: eligible areas, caps, approval moving credit between
accounts once, and no double spending when approvals race (PostgreSQL)."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from resources import credit_bank
from resources.models import ConversionRequest, ConversionRule, CreditEntry, Topic
from tests.factories.institutions import CoursePageFactory, network

D = Decimal


@pytest.fixture
def setting(db):
    city = network()
    learner = get_user_model().objects.create_user("learner", password="x")
    staff = get_user_model().objects.create_user("staff", password="x")
    health = Topic.objects.create(name="健康养生", slug="health", symbol="健")
    digital = Topic.objects.create(name="数字素养", slug="digital", symbol="数")
    for topic, credits in ((health, "2.0"), (digital, "1.5")):
        course = CoursePageFactory(parent=city.townships[0], topic=topic,
                                   credits=D(credits))  # fmt: skip
        credit_bank.award_course(learner, course)
    rule = ConversionRule.objects.create(
        name="健康类转开放大学", target_account="open-university",
        target_name="开放大学继续教育学分", ratio=D("0.5"), cap=D("0.8"),
    )  # fmt: skip
    rule.topics.set([health])
    return learner, staff, rule


@pytest.mark.django_db
def test_only_eligible_credit_converts_and_the_cap_holds(setting):
    learner, staff, rule = setting
    # 2.0 health credit, but the cap of 0.8 at ratio 0.5 allows 1.6 out.
    assert credit_bank.convertible(learner, rule) == D("1.6")
    with pytest.raises(credit_bank.ConversionError, match="最多还能转 1.6"):
        credit_bank.request_conversion(learner, rule, D("2.0"))
    request = credit_bank.request_conversion(learner, rule, D("1.6"))
    credit_bank.approve_conversion(request, staff=staff)
    assert credit_bank.balances(learner) == {
        "community": D("1.9"), "open-university": D("0.8"),
    }  # fmt: skip
    assert credit_bank.convertible(learner, rule) == D("0")
    entries = CreditEntry.objects.filter(conversion=request)
    assert {entry.actor for entry in entries} == {staff}
    with pytest.raises(credit_bank.ConversionError, match="已经处理过了"):
        credit_bank.approve_conversion(request, staff=staff)


@pytest.mark.django_db
@pytest.mark.parametrize("amount", [D("0"), D("-1"), D("0.25")])
def test_bad_amounts_are_refused_clearly(setting, amount):
    learner, _, rule = setting
    with pytest.raises(credit_bank.ConversionError, match="大于 0"):
        credit_bank.request_conversion(learner, rule, amount)
    assert not ConversionRequest.objects.exists()


@pytest.mark.django_db
def test_rejection_records_the_note_and_moves_nothing(setting):
    learner, staff, rule = setting
    request = credit_bank.request_conversion(learner, rule, D("1.0"))
    credit_bank.reject_conversion(request, staff=staff, note="课程不在合作目录")
    request.refresh_from_db()
    assert request.status == "rejected" and request.note == "课程不在合作目录"
    assert credit_bank.balances(learner) == {"community": D("3.5")}


@pytest.mark.django_db(transaction=True)
def test_racing_approvals_cannot_spend_the_same_credit_twice(setting):
    learner, staff, rule = setting
    rule.cap = D("10")
    rule.save()
    first = credit_bank.request_conversion(learner, rule, D("2.0"))
    second = credit_bank.request_conversion(learner, rule, D("2.0"))
    barrier, outcomes = threading.Barrier(2), []

    def approve(conversion):
        try:
            barrier.wait()
            credit_bank.approve_conversion(conversion, staff=staff)
            outcomes.append("approved")
        except credit_bank.ConversionError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(c,)) for c in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["approved", "refused"]
    assert credit_bank.balance(learner) == D("1.5")


@pytest.mark.django_db
def test_a_learner_asks_and_staff_of_their_institution_approve(setting, client):
    from institutions.models import TownshipSchoolPage
    from resources.models import LearnerProfile

    learner, staff, rule = setting
    staff.is_superuser = True  # the city's staff see every learner
    staff.save()
    LearnerProfile.objects.create(
        user=learner,
        place=TownshipSchoolPage.objects.first(),
        consented_at="2026-01-01T00:00Z",
    )
    client.force_login(learner)
    page = client.get("/me/learning/").content.decode()
    assert "健康类转开放大学" in page and "最多可转 1.6 分" in page
    response = client.post("/me/conversions/", {"rule": rule.pk, "amount": "abc"})
    assert "请填写学分数" in client.get(response.url).content.decode()
    client.post("/me/conversions/", {"rule": rule.pk, "amount": "1.0"})
    assert "等待审核" in client.get("/me/learning/").content.decode()

    client.force_login(staff)
    pending = ConversionRequest.objects.get()
    assert (
        "健康类转开放大学" in client.get("/admin/credit-conversions/").content.decode()
    )
    client.post("/admin/credit-conversions/", {"request": pending.pk,
                                               "decision": "approve"})  # fmt: skip
    assert credit_bank.balances(learner)["open-university"] == D("0.5")
    outsider = get_user_model().objects.create_user("outsider", password="x",
                                                    is_staff=True)  # fmt: skip
    client.force_login(outsider)
    second = credit_bank.request_conversion(learner, rule, D("0.2"))
    response = client.post(
        "/admin/credit-conversions/", {"request": second.pk, "decision": "approve"}
    )
    assert response.status_code in (302, 404)
    second.refresh_from_db()
    assert second.status == "pending"  # not theirs to decide


def test_only_the_citys_editors_keep_the_conversion_rules(client, demo):
    users = get_user_model().objects
    assert users.get(username="city_editor").has_perm("resources.change_conversionrule")
    assert not users.get(username="district_editor").has_perm(
        "resources.change_conversionrule"
    )
    client.force_login(users.get(username="city_editor"))
    assert client.get("/admin/snippets/resources/conversionrule/").status_code == 200
    client.force_login(users.get(username="district_editor"))
    assert client.get("/admin/snippets/resources/conversionrule/").status_code in (
        302,
        403,
    )
