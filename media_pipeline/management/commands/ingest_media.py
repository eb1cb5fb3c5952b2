"""Import local video and audio files through the same pipeline as uploads."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from media_pipeline import steps
from media_pipeline.ffmpeg import FFmpegError
from media_pipeline.models import MediaAsset
from media_pipeline.services import media_asset_create, media_asset_enqueue


class Command(BaseCommand):
    help = "导入本地音视频文件并转码。/ Ingest local media files through the pipeline."

    def add_arguments(self, parser) -> None:
        parser.add_argument("paths", nargs="+", type=Path)
        parser.add_argument("--title", help="title for every file (default: file name)")
        parser.add_argument(
            "--wait", action="store_true", help="transcode here and wait for the result"
        )
        parser.add_argument(
            "--json", action="store_true", help="one JSON object per file"
        )

    def handle(self, *args, paths: list[Path], title, wait, json: bool, **options):
        failed = 0
        for path in paths:
            report = self._ingest(path, title or path.stem, wait)
            failed += report["state"] == MediaAsset.Status.FAILED
            if json:
                self.stdout.write(_dumps(report))
            else:
                self.stdout.write(
                    f"{path}: {report['state']} {report.get('reason', '')}"
                )
        if failed:
            raise CommandError(f"{failed} of {len(paths)} file(s) failed")

    def _ingest(self, path: Path, title: str, wait: bool) -> dict:
        report: dict = {"path": str(path)}
        if not path.is_file():
            return {
                **report,
                "state": "failed",
                "reason": "missing",
                "message": "找不到文件",
            }
        try:
            asset = media_asset_create(title=title, path=path)
        except ValidationError as error:
            message = " ".join(error.messages)
            return {
                **report,
                "state": "failed",
                "reason": "rejected",
                "message": message,
            }
        report["asset"] = asset.pk
        if not wait:
            media_asset_enqueue(asset)
            return {**report, "state": MediaAsset.Status.QUEUED}
        try:
            steps.transcode(asset.pk)
        except FFmpegError as error:
            steps.mark_failed(
                asset, reason="transcode_failed", detail=error.stderr_tail
            )
        asset.refresh_from_db()
        report.update(
            state=asset.status,
            duration=asset.duration,
            master=asset.hls_master or None,
            renditions=[r.profile for r in asset.renditions.order_by("-height")],
        )
        if asset.status == MediaAsset.Status.FAILED:
            report.update(reason=asset.failure_reason, message=asset.failure_message)
        return report


def _dumps(report: dict) -> str:
    return json.dumps(report, ensure_ascii=False, default=str)
