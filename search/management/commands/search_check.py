import json

from django.core.management.base import BaseCommand, CommandError

from search import client, indexing


class Command(BaseCommand):
    help = (
        "检查索引是否缺少或过期 / Report documents missing from, stale in or extra "
        "in the index; exit 1 if any."
    )

    def add_arguments(self, parser):
        parser.add_argument("--fix", action="store_true", help="resync what differs")

    def handle(self, *args, fix, **options):
        if not client.is_configured():
            raise CommandError(
                "ELASTICSEARCH_URL 未设置 / ELASTICSEARCH_URL is not set"
            )
        report = indexing.consistency()
        self.stdout.write(json.dumps(
            {"missing": report.missing, "stale": report.stale, "extra": report.extra,
             "groups": report.groups}
        ))  # fmt: skip
        if fix and not report.ok:
            indexing.sync_pages([*report.missing, *report.stale, *report.extra])
            indexing.sync_groups(report.groups)
            report = indexing.consistency()
        if not report.ok:
            raise SystemExit(1)
