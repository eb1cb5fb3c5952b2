import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.media_pipeline.clips import make

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db(transaction=True)
def test_ingest_wait_json_reports_each_file(tmp_path):
    """Runs as a separate process on the test database, like an operator would."""
    from django.db import connection

    good = make(tmp_path / "talk.mp4", size="320x240", seconds=2)
    bad = tmp_path / "notes.mp4"
    bad.write_text("这不是视频" * 30)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.test"}
    env["DATABASE_URL"] = (
        env["DATABASE_URL"].rsplit("/", 1)[0] + "/" + connection.settings_dict["NAME"]
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "ingest_media", str(good), str(bad),
         "--wait", "--json"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    reports = [json.loads(line) for line in result.stdout.splitlines()]
    assert reports[0]["state"] == "ready"
    assert abs(reports[0]["duration"] - 2.0) < 0.5
    assert reports[0]["renditions"] == ["h264-240p"]
    assert reports[0]["master"].endswith("hls/master.m3u8")
    assert reports[1]["state"] == "failed"
    assert reports[1]["reason"] in ("not_media", "unsupported_format")
    assert reports[1]["message"]
