from django.core.management.base import BaseCommand

from search import client, indexing


class Command(BaseCommand):
    help = (
        "重建学习超市索引（和数据库副本）并原子切换别名 / "
        "Rebuild the supermarket index (and its database copy), swapping the alias."
    )

    def add_arguments(self, parser):
        parser.add_argument("--chunk-size", type=int, default=indexing.CHUNK_SIZE)

    def handle(self, *args, chunk_size, **options):
        entries = indexing.rebuild_entries()
        self.stdout.write(f"database fallback: {entries} entries")
        if not client.is_configured():
            self.stdout.write("ELASTICSEARCH_URL 未设置：只重建了数据库副本 / no index")
            return
        result = indexing.reindex(chunk_size=chunk_size)
        rate = result.documents / result.seconds if result.seconds else 0
        self.stdout.write(
            f"{result.index}: {result.documents} documents in {result.seconds:.1f}s "
            f"({rate:.0f}/s); removed {', '.join(result.removed) or 'nothing'}"
        )
