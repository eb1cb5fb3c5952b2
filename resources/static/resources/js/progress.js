/* Reports what the signed-in learner actually played: the ranges of the
   media timeline and the playing time they took, every 15 seconds, on pause,
   at the end and when the page is hidden. A batch stays queued in
   localStorage until the server has it, so a dropped connection on a weak
   signal loses nothing; it is sent when the page is next open and online.
   The server trusts none of it (see resources/progress.py). */
(function () {
  "use strict";

  var EN = document.documentElement.lang === "en";
  var article = document.querySelector("[data-progress-url]");
  var media = article && article.querySelector("[data-player] video, [data-player] audio");
  if (!media) return;
  var url = article.getAttribute("data-progress-url");
  // The server's signed "page shown at": playing time is measured from it.
  var view = article.getAttribute("data-progress-view") || "";
  var queueKey = "progress-queue:" + url;
  var status = article.querySelector("[data-progress-status]");
  var ranges = [], open = null, playedMs = 0, lastTick = null, sending = false;

  function csrf() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function close() {
    if (open && open[1] > open[0]) ranges.push([open[0], open[1]]);
    open = null;
  }

  function tick() {
    var now = performance.now();
    if (lastTick !== null) playedMs += Math.min(now - lastTick, 5000);
    lastTick = media.paused || media.seeking ? null : now;
    var at = media.currentTime;
    if (open && at >= open[1] && at - open[1] < 3 * (media.playbackRate || 1)) {
      open[1] = at;
    } else {
      close();
      open = [at, at];
    }
  }

  function takeBatch() {
    var played = open && open[1] > open[0] ? [[open[0], open[1]]] : [];
    var batch = { ranges: ranges.concat(played), position: media.currentTime, elapsed: playedMs / 1000, view: view };
    ranges = [];
    if (open) open = [open[1], open[1]];
    playedMs = 0;
    return batch;
  }

  function queued() {
    try { return JSON.parse(localStorage.getItem(queueKey) || "[]"); } catch (e) { return []; }
  }
  function store(list) {
    try { localStorage.setItem(queueKey, JSON.stringify(list.slice(-40))); } catch (e) { /* full */ }
  }

  function show(result) {
    if (!status) return;
    if (result.completed) {
      status.textContent = EN ? "✓ Lesson completed" : "✓ 这节课已学完";
    } else {
      var percent = Math.floor(result.share * 100);
      status.textContent = EN ? percent + "% watched; 90% completes the lesson."
                              : "已看 " + percent + "%，看完 90% 就算学完。";
    }
  }

  function post(batch, keepalive) {
    return fetch(url, {
      method: "POST", credentials: "same-origin", keepalive: !!keepalive,
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf() },
      body: JSON.stringify(batch)
    }).then(function (response) {
      if (response.status >= 500) throw new Error(String(response.status));
      return response.ok ? response.json() : null;  // a refused batch is dropped
    });
  }

  function flush(keepalive) {
    tick();
    var batch = takeBatch();
    var list = queued();
    if (batch.ranges.length || batch.elapsed > 0) list.push(batch);
    store(list);
    if (sending || !list.length) return;
    sending = true;
    (function next() {
      var waiting = queued();
      if (!waiting.length) { sending = false; return; }
      post(waiting[0], keepalive).then(function (result) {
        store(queued().slice(1));
        if (result) show(result);
        next();
      }, function () { sending = false; });  // offline: kept for later
    })();
  }

  media.addEventListener("timeupdate", tick);
  var started = false;
  media.addEventListener("play", function () {
    lastTick = performance.now();
    if (started) return;
    started = true;
    // "Started": the server's clock for this lesson begins now, and the
    // playing time it credits never runs ahead of it.
    var list = queued();
    list.push({ ranges: [], position: media.currentTime, elapsed: 0, view: view });
    store(list);
    flush();
  });
  media.addEventListener("seeking", function () { tick(); close(); });
  media.addEventListener("pause", function () { flush(); });
  media.addEventListener("ended", function () { flush(); });
  window.setInterval(function () { if (!media.paused) flush(); }, 15000);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") flush(true);
  });
  window.addEventListener("online", function () { flush(); });
  if (queued().length) flush();
})();
