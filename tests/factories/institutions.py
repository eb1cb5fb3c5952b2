"""Factories for the institution tree and courses."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

import factory
import wagtail_factories
from wagtail.models import Page, Site

from institutions.models import (
    CityCentrePage,
    DistrictCollegePage,
    TownshipSchoolPage,
    VillagePointPage,
)
from resources.models import CoursePage, LessonPage, Topic


class InstitutionFactory(wagtail_factories.PageFactory):
    introduction = factory.Faker("sentence", locale="zh_CN")
    address = factory.Faker("address", locale="zh_CN")
    latitude = Decimal("27.800000")
    longitude = Decimal("114.900000")
    phone = "0790-6000000"
    opening_hours = "周一至周五 8:30–17:30"
    population_served = factory.Faker("random_int", min=1_000, max=90_000)


class CityCentrePageFactory(InstitutionFactory):
    title = "测试市社区教育指导中心"
    city_name = "测试市"

    class Meta:
        model = CityCentrePage


class DistrictCollegePageFactory(InstitutionFactory):
    title = factory.Sequence(lambda n: f"第{n}区社区学院")

    class Meta:
        model = DistrictCollegePage


class TownshipSchoolPageFactory(InstitutionFactory):
    title = factory.Sequence(lambda n: f"第{n}镇社区学校")

    class Meta:
        model = TownshipSchoolPage


class VillagePointPageFactory(InstitutionFactory):
    title = factory.Sequence(lambda n: f"第{n}村教学点")

    class Meta:
        model = VillagePointPage


class TopicFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"领域{n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")
    symbol = "学"

    class Meta:
        model = Topic


class CoursePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"课程{n}")
    topic = factory.SubFactory(TopicFactory)
    summary = factory.Faker("sentence", locale="zh_CN")
    hours = 2

    class Meta:
        model = CoursePage


def network() -> SimpleNamespace:
    """A city with two districts, two townships each, one village per township,
    served as the default site."""
    root = Page.get_first_root_node()
    for page in Page.objects.child_of(root).filter(content_type__model="page"):
        page.delete()
    city = CityCentrePageFactory(parent=root, slug="home")
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": city},
    )
    tree = SimpleNamespace(city=city, districts=[], townships=[], villages=[])
    for _ in range(2):
        district = DistrictCollegePageFactory(parent=city)
        tree.districts.append(district)
        for _ in range(2):
            township = TownshipSchoolPageFactory(parent=district)
            tree.townships.append(township)
            tree.villages.append(VillagePointPageFactory(parent=township))
    return tree


class LessonPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"微课{n}")
    summary = factory.Faker("sentence", locale="zh_CN")
    duration_minutes = 8

    class Meta:
        model = LessonPage
