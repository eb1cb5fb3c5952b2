"""Resource caps for the ffmpeg and ffprobe child processes."""

from __future__ import annotations

import resource
from collections.abc import Callable

from django.conf import settings


def capped_memory() -> Callable[[], None]:
    """A `preexec_fn` that caps the child's address space.

    Only a syscall runs between fork and exec, so it is safe next to the
    worker's threads.
    """
    limit = settings.MEDIA_PIPELINE_FFMPEG_MEMORY

    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    return apply
