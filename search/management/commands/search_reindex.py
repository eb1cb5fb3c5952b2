from django.core.management.base import BaseCommand

from search import client, indexing


class Command(BaseCommand):
    help = (
        "重建学习超市索引（和数据库副本）并原子切换别名 / "
        "Rebuild the supermarket index (and its database copy), swapping the alias."
    )

    def add_arguments(self, parser):
        parser.add_argument("--chunk-size", type=int, default=indexing.CHUNK_SIZE)
        parser.add_argument(
            "--rebuild",
            action="store_true",
            help="重新生成每个文档 / build every document from its page again",
        )

    def handle(self, *args, chunk_size, rebuild, **options):
        if not client.is_configured():
            built = indexing.refresh_entries(rebuild=rebuild)
            self.stdout.write(
                f"ELASTICSEARCH_URL 未设置：只更新了数据库副本（{built} 个文档）/ "
                f"no index; {built} stored documents built"
            )
            return
        result = indexing.reindex(chunk_size=chunk_size, rebuild=rebuild)
        rate = result.documents / result.seconds if result.seconds else 0
        self.stdout.write(
            f"{result.index}: {result.documents} documents in {result.seconds:.1f}s "
            f"({rate:.0f}/s); removed {', '.join(result.removed) or 'nothing'}"
        )
        self.stdout.write(
            "  " + ", ".join(f"{k} {v:.1f}s" for k, v in result.phases.items())
        )
