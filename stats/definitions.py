"""What each published figure means, written once and linked from every place
the figure appears, so a number can always be traced to how it was counted."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Definition:
    key: str
    title: str
    meaning: str
    counted_from: str


DEFINITIONS = [
    Definition(
        "active_learners", _("活跃学习者"),
        _("在统计期内至少学完一节微课，或在至少一场活动中签到的居民。按居民登记的"
          "所在社区或村归属机构，逐级向上汇总；同一人只算一次。"),
        _("微课学习进度（学完时间）和活动签到记录。"),
    ),
    Definition(
        "participation_rate", _("居民参与率"),
        _("活跃学习者 ÷ 机构服务常住人口。政策目标为 50% 以上。上级机构的人口取"
          "其填报值；未填报时取下级机构之和。"),
        _("活跃学习者；各机构页面上的“服务常住人口”。"),
    ),
    Definition(
        "township_coverage", _("社区学校覆盖率"),
        _("已建社区学校（已发布的乡镇（街道）社区学校页面）的乡镇（街道）数 ÷ "
          "辖区乡镇（街道）总数。"),
        _("机构页面树；区县社区学院页面上填报的“辖区乡镇（街道）数”。"),
    ),
    Definition(
        "village_coverage", _("教学点覆盖率"),
        _("已建教学点（已发布的村（居）教学点页面）的村（居）数 ÷ 辖区村（居）总数。"),
        _("机构页面树；乡镇（街道）社区学校页面上填报的“辖区村（居）数”。"),
    ),
    Definition(
        "learning_hours", _("学习时长"),
        _("统计期内实际播放的音视频时长（重复观看只算一次），加上学完的图文微课的"
          "标注时长，加上签到活动的计入学时。"),
        _("微课学习进度；活动签到记录。"),
    ),
    Definition(
        "courses", _("课程和微课"),
        _("已发布、公开的课程和微课数量，按内容领域和适用人群分列；一门课程可适用"
          "多类人群，因此分人群的合计可能大于总数。"),
        _("课程和微课页面。"),
    ),
    Definition(
        "featured_courses", _("精品课程"),
        _("编辑标为精品的已发布课程数量。"),
        _("课程页面的“精品课程”标记。"),
    ),
    Definition(
        "event_attendance", _("活动参与人次"),
        _("统计期内开始的活动的签到人次；同一人参加两场算两人次。"),
        _("活动签到记录。"),
    ),
    Definition(
        "groups", _("学习小组"),
        _("居民发起、未被隐藏的学习小组数量（统计期末）。"),
        _("学习小组。"),
    ),
    Definition(
        "unmet_demand", _("未满足的搜索需求"),
        _("居民搜索后一条结果也没有的搜索词（截至目前，累计搜索次数）。"),
        _("学习超市的搜索记录。"),
    ),
    Definition(
        "satisfaction", _("满意度"),
        _("课程和微课的平均评分（1–5 星），以及学完课程后满意度调查的平均分"
          "（1–5 分）和愿意推荐的比例。"),
        _("居民评分；课程满意度调查。"),
    ),
]  # fmt: skip

BY_KEY = {definition.key: definition for definition in DEFINITIONS}
