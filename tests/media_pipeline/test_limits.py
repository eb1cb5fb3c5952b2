"""ffmpeg's priority (media_pipeline/limits.py): the niceness and the idle
scheduling class are applied to the child process when set."""

from __future__ import annotations

import os
import subprocess

from media_pipeline.limits import capped_memory


def _child_priority() -> tuple[int, int]:
    out = subprocess.run(
        ["python3", "-c", "import os; print(os.nice(0), os.sched_getscheduler(0))"],
        preexec_fn=capped_memory(),
        capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    return int(out[0]), int(out[1])


def test_ffmpeg_runs_niced_in_the_idle_class_when_set(settings):
    settings.MEDIA_PIPELINE_FFMPEG_NICE = 19
    settings.MEDIA_PIPELINE_FFMPEG_IDLE = True
    nice, policy = _child_priority()
    assert nice == min(19, os.nice(0) + 19) and policy == os.SCHED_IDLE


def test_ffmpeg_runs_normally_when_not_set(settings):
    settings.MEDIA_PIPELINE_FFMPEG_NICE = 0
    settings.MEDIA_PIPELINE_FFMPEG_IDLE = False
    assert _child_priority() == (os.nice(0), os.SCHED_OTHER)
