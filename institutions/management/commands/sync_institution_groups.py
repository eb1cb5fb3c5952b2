from django.core.management.base import BaseCommand

from institutions.services import institution_groups_sync_all


class Command(BaseCommand):
    help = "为每个社区教育机构创建或刷新编辑组，权限限定在本机构的页面子树内。"

    def handle(self, *args, **options) -> None:
        groups = institution_groups_sync_all()
        self.stdout.write(self.style.SUCCESS(f"已同步 {len(groups)} 个机构编辑组。"))
