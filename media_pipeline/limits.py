"""Resource caps for the ffmpeg and ffprobe child processes."""

from __future__ import annotations

import os
import resource
from collections.abc import Callable

from django.conf import settings


def capped_memory() -> Callable[[], None]:
    """A `preexec_fn` that caps the child's address space and lowers its
    priority (MEDIA_PIPELINE_FFMPEG_NICE), so a transcode on a box that also
    serves pages yields the processor to them.

    Only syscalls run between fork and exec, so it is safe next to the
    worker's threads.
    """
    limit = settings.MEDIA_PIPELINE_FFMPEG_MEMORY
    nice = settings.MEDIA_PIPELINE_FFMPEG_NICE

    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        if nice:
            os.nice(nice)

    return apply
