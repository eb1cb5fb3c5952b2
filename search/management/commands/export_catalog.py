import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from search import catalog


class Command(BaseCommand):
    help = "导出公开的课程和微课为 JSON Lines / Export public courses and lessons."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, nargs="?", help="default: stdout")

    def handle(self, *args, file, **options):
        out = file.open("w", encoding="utf-8") if file else sys.stdout
        try:
            count = 0
            for record in catalog.export_records():
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
                count += 1
        finally:
            if file:
                out.close()
        if file:
            self.stdout.write(f"exported {count} records to {file}")
