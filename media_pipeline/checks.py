"""System checks: the media pipeline cannot work without ffmpeg and ffprobe."""

import shutil

from django.conf import settings
from django.core.checks import Warning, register


@register()
def check_binaries(app_configs, **kwargs):
    warnings = []
    for setting in ("FFMPEG_BINARY", "FFPROBE_BINARY"):
        binary = getattr(settings, setting)
        if shutil.which(binary) is None:
            warnings.append(
                Warning(
                    f"找不到 {binary}，视频无法处理。"
                    f" / {binary} not found; videos cannot be processed.",
                    hint=f"安装 ffmpeg（apt-get install ffmpeg）或设置 {setting}。",
                    id="media_pipeline.W001",
                )
            )
    return warnings
