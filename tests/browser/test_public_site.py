import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_home_page_shows_the_institution_tree(demo, visit):
    page = visit("/", "home")
    tree = page.get_by_test_id("institution-tree")
    for district in (
        "渝水区社区学院",
        "分宜县社区学院",
        "仙女湖区社区学院",
        "高新区社区学院",
    ):
        assert tree.locator("summary", has_text=district).count() == 1
    assert tree.locator("details").count() == 4
    # The first district is open; its townships and villages are one tap away.
    assert tree.get_by_role("link", name="城南街道社区学校").is_visible()
    assert tree.get_by_role("link", name="胜利社区教学点").is_visible()
    # Collapsed districts open on tap.
    tree.get_by_text("高新区社区学院", exact=True).click()
    assert tree.get_by_role("link", name="马洪街道社区学校").is_visible()


def test_township_page_from_the_home_page(demo, visit):
    page = visit("/yushui/chengnan/", "township")
    assert page.get_by_role("heading", level=1).inner_text() == "城南街道社区学校"
    assert page.get_by_role("link", name="胜利社区教学点").is_visible()
    assert page.get_by_text("垃圾分类从我做起").count() == 1
    phone_link = page.locator("a.tel")
    assert phone_link.get_attribute("href").startswith("tel:")


def test_course_and_topic_pages(demo, visit):
    page = visit("/topics/sports-fitness/", "topic")
    page.get_by_role("link", name="八段锦跟练").click()
    page.wait_for_url("**/baduanjin/")
    assert page.get_by_role("heading", level=1).inner_text() == "八段锦跟练"
    visit("/yushui/chengnan/shengli/baduanjin/", "course")


def test_english_interface(demo, visit):
    page = visit("/en/", "home-en")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="Find courses by subject").is_visible()


def test_not_found_page(demo, visit):
    phone = visit("/no-such-page/", "not-found", status=404)
    assert (
        phone.get_by_role("heading", level=1).inner_text() == "抱歉，这个页面没有找到"
    )
