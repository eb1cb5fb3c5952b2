"""Serving through the production topology (#18): nginx + gunicorn as
deploy/ installs them, on loopback, against the real services.

Run: scripts/bench.sh bench/serving.py [--seconds 8] [--pairs 3] [--mixed 120]
(needs Debian's wrk, nginx and libnginx-mod-http-js).

Every figure is a ratio of two wrk runs made side by side, interleaved
A B A B … and the median of the pairs taken (the machine is shared):

  P1  a stored (page-cache) page ÷ /ping, a view that does nothing
  P2  an uncached lesson page ÷ /ping; the supermarket's shelves uncached ÷ /ping
  P3  HLS segments through the credential check ÷ nginx serving the folder
  P4  a one-hour lesson's variant playlist through the check ÷ the same file
      served by nginx from disk
  box sharing: p95 of uncached lesson pages while ffmpeg transcodes (as the
      media worker runs it on a shared box: nice 19, the idle class) ÷ p95 idle
  mixed load: 200 residents (browse, search, open a lesson, its playlists and
      segments, 1–3 s between requests) for --mixed seconds: req/s, p95,
      errors

Two front doors run at once: one with the page cache, one without (for the
uncached figures); the one not measured is idle.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import ExitStack
from http.cookies import SimpleCookie
from io import StringIO
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")
# ffmpeg as a media worker on a box that also serves pages runs it.
os.environ.setdefault("MEDIA_PIPELINE_FFMPEG_NICE", "19")
os.environ.setdefault("MEDIA_PIPELINE_FFMPEG_IDLE", "1")

import django

django.setup()

from django.conf import settings
from django.core.management import call_command
from django.db import connection

from deploy.local import free_port, front_door
from media_pipeline import steps
from media_pipeline.limits import capped_memory
from media_pipeline.models import MediaAsset
from resources.models import CoursePage, LessonPage

WRK_SCRIPT = ROOT / "bench" / "wrk" / "paths.lua"
HOUR_SEGMENTS = 1800  # one hour of 2-second segments
SEARCHES = ("太极", "高血压", "智能手机", "八段锦")


def _ffmpeg_clip(path: Path, seconds: int, size: str) -> Path:
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i",
         f"testsrc2=size={size}:rate=25", "-f", "lavfi", "-i", "sine=frequency=440",
         "-t", str(seconds), "-c:v", "libx264", "-preset", "veryfast", "-c:a", "aac",
         "-shortest", str(path)],
        check=True,
    )  # fmt: skip
    return path


def _transcoded(folder: Path, seconds: int, size: str) -> tuple[MediaAsset, float]:
    from django.core.files import File

    clip = _ffmpeg_clip(folder / f"clip-{seconds}s.mp4", seconds, size)
    with clip.open("rb") as fh:
        asset = MediaAsset(title=f"基准视频 {seconds}s", file=File(fh, name=clip.name))
        asset.full_clean()
        asset.save()
    started = time.monotonic()
    steps.transcode(asset.pk)
    took = time.monotonic() - started
    asset.refresh_from_db()
    if asset.status != MediaAsset.Status.READY:
        raise SystemExit(f"transcode failed: {asset.failure_message}")
    return asset, took


def _prepare(folder: Path) -> dict:
    """The demo's catalogue, indexed; a public lesson with a transcoded video;
    a one-hour variant playlist beside its own; a copy of its files on disk."""
    storage = MediaAsset._meta.get_field("file").storage
    if hasattr(storage, "bucket_name"):  # scripts/bench.sh's fresh S3 server
        s3 = storage.connection.meta.client
        if storage.bucket_name not in {b["Name"] for b in s3.list_buckets()["Buckets"]}:
            s3.create_bucket(Bucket=storage.bucket_name)
    call_command("seed_demo", "--catalogue-only", stdout=StringIO())
    call_command("search_reindex", stdout=StringIO())
    asset, _ = _transcoded(folder, 12, "640x360")
    _, ladder_seconds = _transcoded(folder, 30, "1280x720")
    lesson = LessonPage.objects.live().public().order_by("path").first()
    lesson.body = [("video", {"asset": asset, "caption": "基准"}), *[
        (block.block_type, block.value) for block in lesson.body
    ]]  # fmt: skip
    lesson.save_revision().publish()
    storage = asset.file.storage
    root = asset.hls_master.rsplit("/", 1)[0]  # media-renditions/<id>/<folder>/hls
    variant = storage.open(f"{root}/240p/index.m3u8").read().decode()
    lines = variant.splitlines()
    head = [x for x in lines if x.startswith("#EXT") and not x.startswith("#EXTINF")]
    head = [x for x in head if x != "#EXT-X-ENDLIST"]
    pairs = [
        (info, name)
        for info, name in zip(lines, lines[1:], strict=False)
        if info.startswith("#EXTINF") and name.endswith(".ts")
    ]
    body = [f"{info}\n{name}" for info, name in pairs]
    repeated = [body[i % len(body)] for i in range(HOUR_SEGMENTS)]
    hour = "\n".join([*head, *repeated, "#EXT-X-ENDLIST"]) + "\n"
    from django.core.files.base import ContentFile

    storage.save(f"{root}/240p/hour.m3u8", ContentFile(hour.encode()))
    direct = folder / "direct"
    for name in ["index.m3u8", "hour.m3u8", *[n for _, n in pairs]]:
        target = direct / "240p" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(storage.open(f"{root}/240p/{name}").read())
    course = CoursePage.objects.live().public().order_by("path").first()
    return {
        "asset": asset,
        "lesson": lesson.url,
        "course": course.url,
        "hls": "/hls/" + root.removeprefix("media-renditions/") + "/240p/",
        "segments": [n for _, n in pairs],
        "direct": direct,
        "ladder_seconds": ladder_seconds,
    }


def _credential(base: str, asset_id: int) -> str:
    with urllib.request.urlopen(f"{base}/media-hls/{asset_id}/master.m3u8") as r:  # noqa: S310
        jar = SimpleCookie()
        for header in r.headers.get_all("Set-Cookie"):
            jar.load(header)
    return "; ".join(f"{k}={v.value}" for k, v in jar.items())


def _wrk(
    base: str,
    paths: list[str],
    *,
    seconds: float,
    folder: Path,
    connections: int = 8,
    cookie: str = "",
    think: tuple[int, int] = (0, 0),
) -> dict:
    listing = folder / f"paths-{abs(hash(tuple(paths)))}.txt"
    listing.write_text("\n".join(paths) + "\n")
    env = {**os.environ, "WRK_PATHS": str(listing), "WRK_COOKIE": cookie,
           "WRK_THINK_MIN": str(think[0]), "WRK_THINK_MAX": str(think[1])}  # fmt: skip
    out = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{max(1, round(seconds))}s",
         "--timeout", "5s", "-s", str(WRK_SCRIPT), base],
        env=env, check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    result = json.loads(out.strip().splitlines()[-1])
    result["rps"] = result["requests"] / result["seconds"]
    return result


def _ratio(a, b, *, pairs: int, key="rps") -> tuple[float, float, float]:
    """Median of A÷B over interleaved pairs; with the medians of A and B."""
    ratios, first, second = [], [], []
    for _ in range(pairs):
        x, y = a(), b()
        if not (x["requests"] and y["requests"]):
            raise SystemExit(f"a run answered nothing: {x} / {y}")
        first.append(x[key])
        second.append(y[key])
        ratios.append(x[key] / y[key])
    return (
        statistics.median(ratios),
        statistics.median(first),
        statistics.median(second),
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=8)
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--mixed", type=int, default=120)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk not found: apt-get install wrk")
    folder = Path(tempfile.mkdtemp(prefix="bench-serving-"))
    ready = _prepare(folder)
    direct_port = free_port()
    baseline = (
        f"\nserver {{ listen 127.0.0.1:{direct_port};"
        f" location /direct/ {{ alias {ready['direct']}/; }} }}\n"
    )
    env = {
        **os.environ,
        "SECRET_KEY": settings.SECRET_KEY,
        "MEDIA_HLS_SECRET": settings.MEDIA_HLS_SECRET or settings.SECRET_KEY,
        "DATABASE_URL": os.environ["DATABASE_URL"].rsplit("/", 1)[0]
        + "/" + connection.settings_dict["NAME"],
    }  # fmt: skip
    with ExitStack() as stack:
        cached = stack.enter_context(front_door(
            folder / "cached", {**env, "PAGE_CACHE_ENABLED": "1"}, web_workers=4,
            extra=baseline,
        ))  # fmt: skip
        uncached = stack.enter_context(front_door(
            folder / "uncached", {**env, "PAGE_CACHE_ENABLED": "0"}, web_workers=4,
        ))  # fmt: skip
        direct = f"http://127.0.0.1:{direct_port}"
        s, n = args.seconds, args.pairs

        def run(base, paths, **kw):
            return lambda: _wrk(base, paths, seconds=s, folder=folder, **kw)

        for path in ("/", ready["lesson"], "/supermarket/"):  # warm and store
            urllib.request.urlopen(cached.url + path).read()  # noqa: S310
        rows = {}
        rows["P1 stored home page ÷ /ping"] = _ratio(
            run(cached.url, ["/"]), run(cached.url, ["/ping"]), pairs=n
        )
        rows["P1 stored lesson page ÷ /ping"] = _ratio(
            run(cached.url, [ready["lesson"]]), run(cached.url, ["/ping"]), pairs=n
        )
        rows["P2 uncached lesson page ÷ /ping"] = _ratio(
            run(uncached.url, [ready["lesson"]]), run(uncached.url, ["/ping"]), pairs=n
        )
        rows["P2 uncached supermarket shelves ÷ /ping"] = _ratio(
            run(uncached.url, ["/supermarket/"]), run(uncached.url, ["/ping"]), pairs=n
        )
        rows["(uncached home page ÷ /ping)"] = _ratio(
            run(uncached.url, ["/"]), run(uncached.url, ["/ping"]), pairs=n
        )
        cookie = _credential(cached.url, ready["asset"].pk)
        segments = [ready["hls"] + name for name in ready["segments"]]
        rows["P3 segments through the credential ÷ nginx direct"] = _ratio(
            run(cached.url, segments, cookie=cookie),
            run(direct, [f"/direct/240p/{n}" for n in ready["segments"]]),
            pairs=n,
        )
        rows["P4 one-hour playlist direct ÷ through the credential (time)"] = _ratio(
            run(direct, ["/direct/240p/hour.m3u8"]),
            run(cached.url, [ready["hls"] + "hour.m3u8"], cookie=cookie),
            pairs=n,
        )

        # Box sharing: page p95 while ffmpeg transcodes (niced as in the
        # media worker) ÷ idle.
        def busy():
            ffmpeg = subprocess.Popen(
                ["ffmpeg", "-v", "error", "-f", "lavfi", "-i",
                 "testsrc2=size=1280x720:rate=30", "-t", "3600", "-c:v", "libx264",
                 "-preset", "veryfast", "-f", "null", "-"],
                preexec_fn=capped_memory(),  # as a shared box's media worker
            )  # fmt: skip
            try:
                time.sleep(1)  # let the encoder reach full speed
                return _wrk(
                    uncached.url, [ready["lesson"]], seconds=s, connections=4,
                    folder=folder,
                )  # fmt: skip
            finally:
                ffmpeg.kill()
                ffmpeg.wait()

        idle = run(uncached.url, [ready["lesson"]], connections=4)
        rows["box sharing: p95 while transcoding ÷ idle"] = _ratio(
            busy, idle, pairs=n, key="p95_ms"
        )

        # 200 residents for --mixed seconds.
        cookie = _credential(cached.url, ready["asset"].pk)
        mixed = (
            ["/"] * 10 + ["/supermarket/"] * 6 + [ready["course"]] * 6
            + [ready["lesson"]] * 8
            + [f"/supermarket/?q={quote(q)}" for q in SEARCHES]
            + ["/events/", "/map/", "/topics/health-wellbeing/"]
            + [f"/media-hls/{ready['asset'].pk}/master.m3u8"] * 2
            + [ready["hls"] + "index.m3u8"] * 2
            + [ready["hls"] + name for name in ready["segments"]] * 2
        )  # fmt: skip
        for path in sorted(set(mixed)):  # every path answers before the load
            request = urllib.request.Request(  # noqa: S310 - our loopback
                cached.url + path, headers={"Cookie": cookie}
            )
            try:
                urllib.request.urlopen(request).read()  # noqa: S310
            except urllib.error.HTTPError as error:
                raise SystemExit(f"{path}: {error.code}") from error
        load = _wrk(
            cached.url, mixed, seconds=args.mixed, connections=200, cookie=cookie,
            think=(1000, 3000), folder=folder,
        )  # fmt: skip

    print(
        f"Python {platform.python_version()}, Django {django.get_version()}, "
        f"{os.cpu_count()} cores, wrk 1 thread, {s:.0f} s per run, {n} pairs"
    )
    print("\n| Measure | Ratio | A | B |\n|---|---:|---:|---:|")
    for name, (ratio, a, b) in rows.items():
        print(f"| {name} | {ratio:.2f} | {a:,.1f} | {b:,.1f} |")
    total = load["requests"]
    print(
        f"\nMixed load, 200 residents, {args.mixed} s: {load['rps']:.1f} req/s, "
        f"p50 {load['p50_ms']:.0f} ms, p95 {load['p95_ms']:.0f} ms, "
        f"p99 {load['p99_ms']:.0f} ms, socket errors {load['errors']}, "
        f"bad status {load['bad_status']}, together"
        f" of {total} ({(load['errors'] + load['bad_status']) / max(total, 1):.3%})"
    )
    cores = os.cpu_count() or 1
    print("\nSizing (this machine, req/s per core):")
    for name, (_, a, _b) in rows.items():
        if name.startswith(("P1", "P2")):
            print(f"  {name.split(' ÷ ')[0][3:]}: {a / cores:,.0f}")
    print(f"  /ping: {rows['P1 stored home page ÷ /ping'][2] / cores:,.0f}")
    minutes = 30 / ready["ladder_seconds"] * 60 / cores
    print(f"Transcoding (720p, full ladder): {minutes:.1f} media minutes per core-hour")
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
