from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from search import catalog, indexing


class Command(BaseCommand):
    help = (
        "导入 JSON Lines 课程目录（按 external_id 幂等）/ Import courses and lessons "
        "from JSON Lines, idempotent by external_id."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--media-root", type=Path, help="folder that `media` paths are relative to"
        )

    def handle(self, *args, file: Path, media_root, **options):
        if not file.is_file():
            raise CommandError(f"找不到文件 / file not found: {file}")
        counts = {"created": 0, "updated": 0, "skipped": 0}
        page_ids = []
        with file.open(encoding="utf-8-sig") as lines:
            for result in catalog.import_lines(lines, media_root=media_root):
                counts[result.action] += 1
                if result.page_id:
                    page_ids.append(result.page_id)
                if result.error:
                    self.stderr.write(f"第 {result.line} 行 / line {result.line}: "
                                      f"{result.error}")  # fmt: skip
        indexing.sync_pages(page_ids)
        self.stdout.write(
            f"created {counts['created']}, updated {counts['updated']}, "
            f"skipped {counts['skipped']}"
        )
        if counts["skipped"]:
            raise SystemExit(1)
