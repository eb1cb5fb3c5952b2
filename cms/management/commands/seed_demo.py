from django.core.management.base import BaseCommand

from cms import demo_data
from cms.demo import demo_seed


class Command(BaseCommand):
    help = (
        "创建演示数据：新余市社区教育网络、八大内容领域课程和各角色演示账号"
        "（可重复运行）。"
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--catalogue-only",
            action="store_true",
            help="只建机构网络、课程和工作人员账号（不含居民、活动和社区品牌）。",
        )

    def handle(self, *args, **options) -> None:
        city = demo_seed(catalogue_only=options["catalogue_only"])
        self.stdout.write(self.style.SUCCESS(f"演示数据已就绪：{city.title}"))
        self.stdout.write(f"演示账号（密码均为 {demo_data.DEMO_PASSWORD}）：")
        self.stdout.write("  admin — 系统管理员")
        for username, name, *_ in demo_data.DEMO_USERS:
            self.stdout.write(f"  {username} — {name}")
