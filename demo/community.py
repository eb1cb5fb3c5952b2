"""Demo venues and events (seed_demo): venues in all four districts, one of
them not yet pinned on the map; events a month back and a month ahead, with
residents registered, a full one with a waiting list, and past ones attended.

Idempotent: pages are found by slug under their parent; registrations are only
added to events that have none.
"""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from community.models import EventPage, EventRegistration, VenuePage
from institutions.models import CityCentrePage
from resources import credit_bank
from resources.models import CreditEntry, LearnerProfile

from .pages import add_page, page_at

# (parent slug path, slug, title, kind, address, lat, lon, opening hours,
#  open to residents, how to book, booking phone, step free)
VENUES = [
    ("yushui", "xinyu-library", "新余市图书馆", "library",
     "新余市渝水区北湖西路 2 号", "27.815300", "114.929800",
     "周二至周日 9:00–20:30\n周一闭馆", "借阅、自习室、少儿绘本馆、每周六公益讲座",
     "", "0790-6448000", True),
    ("yushui", "xinyu-museum", "新余市博物馆", "museum",
     "新余市渝水区北湖东路 118 号", "27.818500", "114.941000",
     "周二至周日 9:00–17:00（16:30 停止入馆）", "常设展“仙女湖的传说”、周末亲子讲解",
     "团体参观请提前三天电话预约；个人凭身份证免费入馆。", "0790-6225000", True),
    ("yushui/chengnan", "chengnan-culture", "城南街道综合文化站", "culture",
     "新余市渝水区城南街道综合文化站", "27.790600", "114.937900",
     "周一至周六 8:30–21:00", "排练厅、书画室、乒乓球室、电子阅览室",
     "排练厅按周登记使用，到文化站一楼值班室登记。", "0790-6112233", False),
    ("yushui/chengnan/shengli", "shengli-fitness", "胜利社区全民健身中心", "sports",
     "新余市渝水区胜利社区党群服务中心后院", None, None,
     "每天 6:00–21:30", "健身路径、门球场、两张室外乒乓球台",
     "", "", True),
    ("fenyi", "fenyi-library", "分宜县图书馆", "library",
     "分宜县城钤阳中路 36 号", "27.815900", "114.688200",
     "周二至周日 8:30–17:30", "借阅、老年人阅览专区、电子阅览室",
     "", "0790-5822000", True),
    ("fenyi", "fenyi-gym", "分宜县体育馆", "sports",
     "分宜县城东新区体育路 1 号", "27.820400", "114.701500",
     "周一至周五 16:00–21:00\n周末 8:00–21:00", "羽毛球、篮球、健身操教室（公益时段免费）",
     "羽毛球场需在“分宜体育”公众号提前一天预约。", "0790-5833000", True),
    ("fenyi/qianshan", "qianshan-culture", "钤山镇综合文化站", "culture",
     "分宜县钤山镇圩镇中心", "27.781200", "114.645500",
     "周一至周五 8:30–17:30", "农家书屋、采茶戏排练室、农技培训教室",
     "", "0790-5861100", False),
    ("xiannvhu", "xiannvhu-culture-hall", "仙女湖区文化馆", "culture",
     "新余市仙女湖区湖滨大道 9 号", "27.745800", "114.818700",
     "周二至周日 9:00–17:00", "非遗展示厅、夏布绣体验室、多功能厅",
     "夏布绣体验每场 20 人，提前电话预约。", "0790-6851000", True),
    ("xiannvhu/hexia", "hexia-school", "河下镇中心小学（周末开放）", "school",
     "仙女湖区河下镇河下街 12 号", "27.701100", "114.781300",
     "周六、周日 8:00–17:00（寒暑假另行通知）", "操场、图书室、计算机教室周末向居民开放",
     "计算机教室需由村教学点统一预约。", "0790-6861200", False),
    ("xiannvhu/ouli", "ouli-bookhouse", "欧里镇农家书屋", "library",
     "仙女湖区欧里镇欧里村委会一楼", "27.669800", "114.857200",
     "每天 8:00–18:00", "农业科技、健康养生图书；手机充电和无线网络",
     "", "", True),
    ("gaoxin", "gaoxin-fitness", "高新区全民健身中心", "sports",
     "新余市高新区阳光大道 266 号", "27.861200", "115.010300",
     "每天 6:00–22:00", "游泳馆、健身房、太极拳晨练广场",
     "游泳馆凭健康证明办卡，老年人有优惠时段。", "0790-6669000", True),
    ("gaoxin/mahong", "mahong-culture", "马洪街道文化站", "culture",
     "新余市高新区马洪街道办事处二楼", "27.873400", "115.022800",
     "周一至周五 8:30–17:30\n周六 9:00–12:00", "书法教室、智能手机课堂、排舞室",
     "", "0790-6661100", True),
]  # fmt: skip

# (parent slug path, slug, title, kind, days from today, start hour, hours long,
#  capacity, venue slug or "", intro, credits)
EVENTS = [
    ("", "learning-week-opening", "全民终身学习活动周开幕式", "learning_week", 12, 9, 2,
     200, "xinyu-library", "全市各社区学院成果展示、优秀学习团队和百姓学习之星颁奖。", "0.5"),
    ("yushui", "anti-fraud-talk", "守好养老钱：防范电信诈骗讲座", "talk", 5, 14, 1.5,
     60, "xinyu-library", "民警用真实案例讲清骗子的套路，教你三步核实。", "0.2"),
    ("yushui/chengnan", "parenting-salon", "隔代养育沙龙：和孙辈好好说话", "salon", 3, 19, 1.5,
     6, "chengnan-culture", "祖辈家长一起聊聊带孙辈的难处和办法，社区家庭教育指导师主持。", "0"),
    ("yushui/chengnan", "phone-class-past", "智能手机课堂：视频通话和健康码", "workshop", -20, 9, 2,
     30, "chengnan-culture", "一对一教会老人视频通话、扫码和防骗设置。", "0.2"),
    ("yushui", "museum-tour-past", "博物馆里的新余历史：研学游", "study_tour", -12, 9, 3,
     40, "xinyu-museum", "跟着讲解员看懂新余的冶铁和夏布历史。", "0.3"),
    ("fenyi", "tea-opera-show", "采茶戏才艺展演", "talent_show", 9, 19, 2,
     120, "qianshan-culture", "各村文艺队同台演出分宜采茶戏经典选段。", "0"),
    ("fenyi", "health-talk-past", "中医养生讲座：秋冬季节怎么吃", "talk", -8, 14, 1.5,
     80, "fenyi-library", "县中医院医生讲解秋冬饮食和慢病调养。", "0.2"),
    ("xiannvhu", "xiabu-workshop", "夏布绣体验课", "workshop", 7, 14, 2,
     20, "xiannvhu-culture-hall", "非遗传承人手把手教你绣一方夏布书签。", "0.3"),
    ("xiannvhu/hexia", "wetland-tour-past", "仙女湖湿地研学游", "study_tour", -25, 8, 4,
     35, "", "认识湿地候鸟和水质保护，亲子家庭优先。", "0.3"),
    ("gaoxin", "taichi-salon", "太极拳晨练交流会", "salon", 4, 7, 1.5,
     50, "gaoxin-fitness", "各社区太极拳队交流套路，新学员可现场拜师。", "0"),
    ("gaoxin/mahong", "calligraphy-past", "书法入门：写好一个“福”字", "workshop", -5, 14, 2,
     25, "mahong-culture", "迎新春写福字，笔墨纸由文化站提供。", "0.2"),
]  # fmt: skip


def _venues(city: CityCentrePage) -> dict[str, VenuePage]:
    venues = {}
    for (path, slug, title, kind, address, lat, lon, hours, open_to, booking,
         phone, step_free) in VENUES:  # fmt: skip
        venues[slug] = add_page(
            page_at(city, path),
            VenuePage(
                slug=slug, title=title, kind=kind, address=address,
                latitude=Decimal(lat) if lat else None,
                longitude=Decimal(lon) if lon else None,
                opening_hours=hours, open_to_residents=open_to,
                introduction=f"{title}向居民免费开放。", how_to_book=booking,
                booking_phone=phone, step_free=step_free, accessible_toilet=step_free,
            ),
        )  # fmt: skip
    return venues


def _when(days: int, hour: float) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    start = datetime.combine(day, time(int(hour), int(hour % 1 * 60)))
    return timezone.make_aware(start)


def _registrations(rng: random.Random, event: EventPage) -> None:
    if EventRegistration.objects.filter(event=event).exists():
        return
    nearby = list(
        LearnerProfile.objects.filter(
            place__path__startswith=event.get_parent().path[:12]
        ).values_list("user_id", flat=True)
    )
    rng.shuffle(nearby)
    past = event.ends_at < timezone.now()
    joined = nearby[: min(len(nearby), event.capacity + 2)]
    for number, user_id in enumerate(joined):
        seat = number < event.capacity
        when = event.starts_at - timedelta(days=rng.randint(2, 10))
        arrived = event.starts_at + timedelta(minutes=rng.randint(-20, 10))
        attended = past and seat and rng.random() < 0.8
        EventRegistration.objects.create(
            event=event, learner_id=user_id,
            status="confirmed" if seat else "waiting",
            created_at=when + timedelta(minutes=number), confirmed_at=when if seat else None,
            checked_in_at=arrived if attended else None,
        )  # fmt: skip
        if attended and event.credits:
            CreditEntry.objects.create(
                learner_id=user_id, kind=CreditEntry.Kind.EARNED, amount=event.credits,
                reason=f"参加活动：{event.title}", created_at=arrived,
                award_key=credit_bank.event_award_key(user_id, event.pk),
            )  # fmt: skip


def seed_community(city: CityCentrePage) -> None:
    venues = _venues(city)
    rng = random.Random(7)  # noqa: S311 - demo data, reproducible on purpose
    for (path, slug, title, kind, days, hour, length, capacity, venue, intro,
         credits) in EVENTS:  # fmt: skip
        starts = _when(days, hour)
        event = add_page(
            page_at(city, path),
            EventPage(
                slug=slug, title=title, kind=kind, starts_at=starts,
                ends_at=starts + timedelta(hours=length), capacity=capacity,
                venue=venues.get(venue), introduction=intro, credits=Decimal(credits),
                body=f"<p>{intro}</p><p>活动免费，请提前报名；到场后出示报名码签到，"
                "学时自动记入学习档案。</p>",
            ),
        )  # fmt: skip
        _registrations(rng, event)
    resident = get_user_model().objects.filter(username="resident").first()
    talk = EventPage.objects.filter(slug="anti-fraud-talk").first()
    if resident and talk and not talk.registrations.filter(learner=resident).exists():
        EventRegistration.objects.create(
            event=talk, learner=resident, status="confirmed",
            confirmed_at=timezone.now(),
        )  # fmt: skip
