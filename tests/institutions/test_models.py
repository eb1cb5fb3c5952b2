from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from community.models import (
    BrandShowcasePage,
    CommunityBrandPage,
    EventPage,
    LearningStarPage,
    VenuePage,
)
from institutions.models import (
    CityCentrePage,
    DistrictCollegePage,
    TownshipSchoolPage,
    VillagePointPage,
)
from resources.models import CoursePage
from tests.factories.institutions import CoursePageFactory, network


class TestInstitutionTree(WagtailPageTestCase):
    def assertAllowedSubpageTypes(self, parent_model, child_models, msg=None):
        """As Wagtail's, leaving out the base Page type: it is never creatable
        and, with no ``subpage_types`` on institutions, it lists itself
        everywhere."""
        allowed = set(parent_model.allowed_subpage_models()) - {Page}
        self.assertEqual(allowed, set(child_models), msg)

    @classmethod
    def setUpTestData(cls):
        cls.tree = network()

    def test_levels_nest_only_in_order(self):
        """Each level accepts the next level down and its own courses, venues,
        events and learning stories; townships and villages keep their brand,
        the city its brand showcase. Nothing else."""
        local = {CoursePage, VenuePage, EventPage, LearningStarPage}
        self.assertAllowedSubpageTypes(
            CityCentrePage, {DistrictCollegePage, BrandShowcasePage, *local}
        )
        self.assertAllowedSubpageTypes(
            DistrictCollegePage, {TownshipSchoolPage, *local}
        )
        self.assertAllowedSubpageTypes(
            TownshipSchoolPage, {VillagePointPage, CommunityBrandPage, *local}
        )
        self.assertAllowedSubpageTypes(VillagePointPage, {CommunityBrandPage, *local})
        self.assertCanNotCreateAt(CityCentrePage, VillagePointPage)
        self.assertCanNotCreateAt(DistrictCollegePage, DistrictCollegePage)

    def test_every_level_renders(self):
        for page in (
            self.tree.city,
            self.tree.districts[0],
            self.tree.townships[0],
            self.tree.villages[0],
        ):
            self.assertPageIsRenderable(page)

    def test_course_lists_on_its_institution_and_ancestors(self):
        course = CoursePageFactory(parent=self.tree.villages[0], title="八段锦跟练")
        self.assertPageIsRenderable(course)
        for page in (self.tree.city, self.tree.townships[0], self.tree.villages[0]):
            response = self.client.get(page.url)
            self.assertContains(response, "八段锦跟练")
        self.assertNotContains(self.client.get(self.tree.villages[1].url), "八段锦跟练")

    def test_home_page_shows_the_whole_network(self):
        response = self.client.get("/")
        for page in [*self.tree.districts, *self.tree.townships, *self.tree.villages]:
            self.assertContains(response, page.title)


@pytest.mark.django_db
def test_coordinates_come_in_pairs(city):
    village = city.villages[0]
    village.latitude, village.longitude = Decimal("27.8"), None
    with pytest.raises(ValidationError, match="经度和纬度需要同时填写"):
        village.full_clean()


@pytest.mark.django_db
def test_latitude_range_is_validated(city):
    village = city.villages[0]
    village.latitude = Decimal("95")
    with pytest.raises(ValidationError) as error:
        village.full_clean()
    assert "latitude" in error.value.message_dict
