from django.core.management.base import BaseCommand

from demo import data as demo_data
from demo.seed import demo_seed


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

        parser.add_argument(
            "--no-media",
            action="store_true",
            help="不做演示音视频微课（它们需要 ffmpeg 转码）。",
        )

    def handle(self, *args, **options) -> None:
        city = demo_seed(
            catalogue_only=options["catalogue_only"], media=not options["no_media"]
        )
        self.stdout.write(self.style.SUCCESS(f"演示数据已就绪：{city.title}"))
        self.stdout.write(f"演示账号（密码均为 {demo_data.DEMO_PASSWORD}）：")
        self.stdout.write("  admin — 系统管理员")
        for username, name, *_ in demo_data.DEMO_USERS:
            self.stdout.write(f"  {username} — {name}")
