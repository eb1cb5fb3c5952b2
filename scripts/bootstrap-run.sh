#!/usr/bin/env bash
# What `make run` needs from Debian for the media pipeline and the demo's video
# and audio lessons: ffmpeg/ffprobe, a CJK font and Mandarin speech. Installs
# what is missing when run as root; otherwise says what to install and carries
# on (exit 0), so the site still runs: demo clips then fall back to a tone or
# a plain picture, and transcoding waits for ffmpeg.
set -euo pipefail

need=()
command -v ffmpeg >/dev/null 2>&1 && command -v ffprobe >/dev/null 2>&1 || need+=(ffmpeg)
{ fc-list 2>/dev/null | grep -i "Noto Sans CJK" >/dev/null \
  || ls /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc >/dev/null 2>&1; } \
  || need+=(fonts-noto-cjk)
command -v espeak-ng >/dev/null 2>&1 || need+=(espeak-ng)

[ ${#need[@]} -eq 0 ] && exit 0

if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "提示：演示音视频需要安装 ${need[*]}（sudo apt-get install ${need[*]}）/ Note: the demo media needs ${need[*]}: sudo apt-get install ${need[*]}" >&2
  exit 0
fi

echo "==> 安装 / Installing: ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null; }; then
  echo "提示：未能安装 ${need[*]}，网站照常运行 / Note: could not install ${need[*]}; the site runs without them" >&2
fi
exit 0
