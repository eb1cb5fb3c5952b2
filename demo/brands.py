"""Demo community life (seed_demo): brand pages in all four districts, the
city showcase with last year's closed competition and this year's open one,
learning groups, ratings, comments (some waiting for moderation), surveys
and learning-star stories.

Idempotent like the rest of the demo: pages are found by slug, and the rows
residents would have made are added only on the first run.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.html import escape
from wagtail.rich_text import RichText

from community.models import (
    BrandFeaturedItem,
    BrandPerson,
    BrandShowcasePage,
    Comment,
    CommunityBrandPage,
    CompetitionEntry,
    CompetitionVote,
    CourseSurvey,
    GroupMembership,
    LearningGroup,
    LearningStarPage,
    Rating,
    ShowcaseCompetitionPage,
    StarNomination,
)
from institutions.models import CityCentrePage
from resources.models import CourseCompletion, CoursePage, LessonProgress

from .pages import add_page, page_at

# (community slug path, slug, title, slogan, colour, story, quote, who, people)
BRANDS = [
    ("yushui/chengnan/shengli", "brand", "胜利夕阳红智慧课堂", "手机学会了，日子更亮堂",
     "#c0392b", "胜利社区六十岁以上居民占三成。社区把党群服务中心二楼改成智慧课堂，"
     "志愿者每周两次手把手教老人用手机挂号、视频通话、识别诈骗。",
     "以前看病要儿子请假陪，现在我自己在手机上就挂上号了。", "刘奶奶，72 岁",
     [("周老师", "teacher", "退休数学教师，智慧课堂主讲"),
      ("小杨", "volunteer", "新余学院大三学生，每周二来帮忙")]),
    ("yushui/luofang", "brand", "罗坊夏布绣坊", "一根苎麻线，绣出致富路",
     "#f1c40f", "罗坊是夏布之乡。社区学校请来非遗传承人，把夏布绣开成了"
     "家门口的技能课，不少留守妇女学成后在家接单。",
     "在家带孙子也能绣，一个月多挣一千多。", "罗坊村 黄大姐",
     [("黄师傅", "teacher", "省级非遗夏布绣传承人")]),
    ("fenyi/yangqiao", "brand", "杨桥采茶戏学堂", "唱响乡音，留住乡愁",
     "#8e44ad", "杨桥镇的采茶戏学堂每周三晚上开课，老艺人带着年轻人排练，"
     "节目在全县巡演。", "唱了一辈子戏，现在有人跟我学了。", "胡师傅，采茶戏老艺人",
     [("胡师傅", "teacher", "采茶戏老艺人"), ("小胡", "volunteer", "返乡青年，负责录像和直播")]),
    ("xiannvhu/ouli", "brand", "欧里渔家乐学", "学技术、懂经营，湖边过好日子",
     "#1abc9c", "欧里镇靠着仙女湖。社区学校开设生态养殖、民宿经营和普通话服务课程，"
     "帮助渔民转型做乡村旅游。", "学了民宿课，我家的小院子评上了星级。", "欧里村 钟大哥",
     [("钟老师", "teacher", "区农业技术推广站农艺师")]),
    ("gaoxin/mahong", "brand", "马洪书香社区", "一起读书，一起成长",
     "#2c3e50", "马洪街道新市民多。书香社区把文化站、企业阅览室和社区书屋连成"
     "阅读圈，组织亲子共读和新市民读书会。", "下了班能来读会儿书，觉得这城市是自己的了。",
     "新市民 小王", [("陈老师", "teacher", "阅读推广人"), ("马阿姨", "volunteer", "社区书屋管理员")]),
]  # fmt: skip

# (area slug path, name, topic, place, time, joining, description)
GROUPS = [
    ("yushui/chengbei/beihu", "北湖太极拳队", "太极拳", "北湖公园东门广场", "每天早上 6:30",
     "open", "零基础欢迎，老队员手把手教二十四式。"),
    ("yushui/chengnan", "城南合唱团", "合唱", "城南街道综合文化站排练厅", "每周二、周五晚上 7:30",
     "approval", "唱红歌也唱流行歌，每年参加全市合唱比赛，新成员需先试唱。"),
    ("fenyi/fenyizhen", "分宜智能手机互助组", "智能手机", "分宜县图书馆二楼", "每周四下午 3 点",
     "open", "会的教不会的，解决手机上遇到的各种问题。"),
    ("xiannvhu/hexia", "河下亲子阅读会", "亲子阅读", "河下镇中心小学图书室", "每周六上午 9 点",
     "open", "家长和孩子一起读绘本，每月一次故事会。"),
    ("gaoxin/mahong", "马洪新市民读书会", "读书", "马洪街道文化站", "每月第二个周日下午",
     "approval", "新市民一起读书交流，每期选一本书。"),
    ("gaoxin/shuixi", "水西广场舞队", "广场舞", "水西镇文化广场", "每天晚上 7 点",
     "open", "跳健身操和广场舞，参加过区里的才艺展演。"),
]  # fmt: skip

COMMENTS = [
    "老师讲得很清楚，一听就懂。", "字幕很大，看得清楚，谢谢！", "希望多出几节这样的课。",
    "跟着做了一遍，真的学会了。", "视频在手机上也很流畅。", "内容实用，推荐给邻居了。",
]  # fmt: skip
PENDING_COMMENTS = ["能不能讲慢一点？我跟不上。", "想学第二部分，什么时候更新？"]

STARS = [
    ("yushui/chengnan/shengli", "liu-nainai", "刘秀英", "七十二岁学会用手机，教会楼里十几位老人视频通话和挂号。"),
    ("fenyi/yangqiao", "hu-shifu", "胡长根", "六十年唱采茶戏，在社区学堂带出三十多个徒弟。"),
]  # fmt: skip


def _brands(city: CityCentrePage) -> list[CommunityBrandPage]:
    brands = []
    for (path, slug, title, slogan, colour, story, quote, who,
         people) in BRANDS:  # fmt: skip
        community = page_at(city, path)
        existing = CommunityBrandPage.objects.child_of(community).filter(slug=slug)
        if existing.exists():
            brands.append(existing.get())
            continue
        brand = CommunityBrandPage(
            slug=slug, title=title, slogan=slogan, colour=colour,
            introduction=f"{title}是{community.title}的社区学习品牌：{slogan}。",
            story=[("text", RichText(f"<p>{escape(story)}</p>")),
                   ("quote", {"words": quote, "who": who})],
        )  # fmt: skip
        district = community if community.depth == 3 else community.get_ancestors()[2]
        courses = CoursePage.objects.live().descendant_of(district)[:2]
        brand.featured_items = [BrandFeaturedItem(item=course) for course in courses]
        brand.people = [BrandPerson(name=n, role=r, about=a) for n, r, a in people]
        brands.append(add_page(community, brand))
    return brands


def _showcase(city: CityCentrePage, brands, voters: list[int]) -> None:
    showcase = add_page(city, BrandShowcasePage(
        slug="showcase", title="一社区一品牌",
        introduction="全市各社区的学习品牌。每年举办社区文化展演评比，居民投票选出最喜欢的节目。",
    ))  # fmt: skip
    now = timezone.now()
    rng = random.Random(11)  # noqa: S311 - demo data, reproducible on purpose
    for slug, title, opens, closes in (
        ("2025", "2025 年社区文化展演评比", now - timedelta(days=370), now - timedelta(days=350)),
        ("2026", "2026 年社区文化展演评比", now - timedelta(days=2), now + timedelta(days=12)),
    ):  # fmt: skip
        competition = ShowcaseCompetitionPage(
            slug=slug, title=title, opens_at=opens, closes_at=closes,
            introduction="各社区带来一个展演节目，每位居民可以投一票。",
        )  # fmt: skip
        competition.entries = [CompetitionEntry(brand=b, programme=f"{b.title}展演")
                               for b in brands]  # fmt: skip
        competition = add_page(showcase, competition)
        if not CompetitionVote.objects.filter(competition=competition).exists():
            share = 0.7 if slug == "2025" else 0.2
            CompetitionVote.objects.bulk_create(
                CompetitionVote(competition=competition, voter_id=voter,
                                brand=rng.choice(brands[:3] + brands),
                                created_at=opens + timedelta(hours=rng.randint(1, 200)))
                for voter in voters if rng.random() < share
            )  # fmt: skip


def _groups(city: CityCentrePage, residents: list[int]) -> None:
    if LearningGroup.objects.exists():
        return
    rng = random.Random(13)  # noqa: S311 - demo data, reproducible on purpose
    for path, name, topic, place, when, joining, description in GROUPS:
        organiser, *members = rng.sample(residents, k=rng.randint(4, 9))
        group = LearningGroup.objects.create(
            name=name, topic=topic, area=page_at(city, path), meeting_place=place,
            meeting_time=when, joining=joining, description=description,
            created_by_id=organiser,
        )  # fmt: skip
        GroupMembership.objects.create(
            group=group, member_id=organiser, role="organiser"
        )
        for number, member in enumerate(members):
            waiting = joining == "approval" and number == 0
            GroupMembership.objects.create(
                group=group, member_id=member, status="pending" if waiting else "active"
            )
        courses = CoursePage.objects.live().filter(topic__name__contains=topic[:2])[:1]
        group.courses.set(courses)


def _feedback() -> None:
    if Rating.objects.exists():
        return
    rng = random.Random(17)  # noqa: S311 - demo data, reproducible on purpose
    done = LessonProgress.objects.filter(completed_at__isnull=False).values_list(
        "learner_id", "lesson_id", "completed_at"
    )
    ratings, comments = [], []
    for learner, lesson, when in done:
        if rng.random() < 0.6:
            stars = rng.choices([5, 4, 3, 2], weights=[5, 4, 2, 1])[0]
            ratings.append(Rating(page_id=lesson, learner_id=learner, stars=stars,
                                  created_at=when, updated_at=when))  # fmt: skip
        if rng.random() < 0.12:
            comments.append(Comment(page_id=lesson, learner_id=learner,
                                    body=rng.choice(COMMENTS), status="approved",
                                    created_at=when, moderated_at=when))  # fmt: skip
    for body, (learner, lesson, _when) in zip(PENDING_COMMENTS, done, strict=False):
        comments.append(Comment(page_id=lesson, learner_id=learner, body=body))
    Rating.objects.bulk_create(ratings, ignore_conflicts=True)
    Comment.objects.bulk_create(comments)
    for completion in CourseCompletion.objects.all():
        if rng.random() < 0.7:
            CourseSurvey.objects.create(
                course_id=completion.course_id, learner_id=completion.learner_id,
                satisfaction=rng.choices([5, 4, 3], weights=[6, 3, 1])[0],
                usefulness=rng.choices([5, 4, 3, 2], weights=[5, 3, 1, 1])[0],
                recommend=rng.random() < 0.9, created_at=completion.completed_at,
            )  # fmt: skip


def _stars(city: CityCentrePage, resident) -> None:
    year = timezone.localdate().year
    for path, slug, name, summary in STARS:
        add_page(page_at(city, path), LearningStarPage(
            slug=slug, title=f"百姓学习之星：{name}", person_name=name, year=year,
            summary=summary, story=f"<p>{escape(summary)}</p>",
        ))  # fmt: skip
    if resident and not StarNomination.objects.exists():
        StarNomination.objects.create(
            nominee_name="钟桂兰", place=page_at(city, "xiannvhu/ouli"),
            story="五十岁学民宿经营，带着村里六户人家一起开民宿。",
            nominee_consents=True, nominated_by=resident,
        )  # fmt: skip


def seed_brands(city: CityCentrePage) -> None:
    residents = list(
        get_user_model().objects.filter(username__startswith="learner")
        .order_by("username").values_list("pk", flat=True)
    )  # fmt: skip
    brands = _brands(city)
    _showcase(city, brands, residents)
    _groups(city, residents)
    _feedback()
    _stars(city, get_user_model().objects.filter(username="resident").first())
