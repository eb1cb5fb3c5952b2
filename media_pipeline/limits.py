"""Resource caps for the ffmpeg and ffprobe child processes."""

from __future__ import annotations

import os
import resource
from collections.abc import Callable

from django.conf import settings


def capped_memory() -> Callable[[], None]:
    """A `preexec_fn` that caps the child's address space and lowers its
    priority: Linux's idle scheduling class, which runs it only on processor
    time nothing else wants (MEDIA_PIPELINE_FFMPEG_IDLE), and a niceness
    (MEDIA_PIPELINE_FFMPEG_NICE), so a transcode on a box that also serves
    pages yields to them. (Niceness alone left a multi-threaded encoder a
    large share: bench/serving.py's box-sharing figure.)

    Only syscalls run between fork and exec, so it is safe next to the
    worker's threads.
    """
    limit = settings.MEDIA_PIPELINE_FFMPEG_MEMORY
    nice = settings.MEDIA_PIPELINE_FFMPEG_NICE
    idle = settings.MEDIA_PIPELINE_FFMPEG_IDLE

    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        if nice:
            os.nice(nice)
        if idle:
            os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))

    return apply
