import pytest

pytestmark = pytest.mark.django_db


def test_unknown_url_gets_a_friendly_chinese_404(client, city):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    content = response.content.decode()
    assert "抱歉，这个页面没有找到" in content
    assert "回到首页" in content
    assert '<html lang="zh-Hans">' in content


def test_interface_speaks_english_on_request(client, city):
    response = client.get("/en/")
    assert response.status_code == 200
    content = response.content.decode()
    assert '<html lang="en">' in content
    assert "Community Learning Supermarket" in content
    assert "Find courses by subject" in content
    # Content written by editors stays in Chinese.
    assert city.districts[0].title in content


def test_chinese_is_the_default(client, city):
    content = client.get("/").content.decode()
    assert "社区学习超市" in content
    assert "按内容领域找课程" in content
    assert 'href="/en/"' in content


def test_topic_page_lists_its_courses(client, city):
    from tests.factories.institutions import CoursePageFactory, TopicFactory

    topic = TopicFactory(name="养生保健", slug="health-wellbeing")
    CoursePageFactory(parent=city.townships[0], topic=topic, title="老年人防跌倒")
    CoursePageFactory(parent=city.townships[0], title="茶艺入门")
    response = client.get("/topics/health-wellbeing/")
    assert response.status_code == 200
    assert "老年人防跌倒" in response.content.decode()
    assert "茶艺入门" not in response.content.decode()
    assert client.get("/topics/no-such-topic/").status_code == 404


def test_unpublished_courses_stay_hidden(client, city):
    from tests.factories.institutions import CoursePageFactory

    course = CoursePageFactory(parent=city.villages[0], title="未发布的课程")
    course.unpublish()
    assert "未发布的课程" not in client.get("/").content.decode()
    assert "未发布的课程" not in client.get(city.villages[0].url).content.decode()


def test_admin_speaks_chinese(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert "登录" in response.content.decode()


def test_resident_cannot_enter_the_admin(client, city):
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_user("resident", password="pw-居民-2026")
    client.login(username="resident", password="pw-居民-2026")
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
