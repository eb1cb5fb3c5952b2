/* Lesson player: hls.js where needed, native HLS where the browser has it,
   the 360p MP4 as a last resort. Speed, quality (including sound only),
   captions and resume from the last position; every control is a plain,
   keyboard-usable <select>, so screen readers and big-font settings work.
   Captions come from <track> elements, which work the same with hls.js and
   the MP4; native HLS players get them from the master playlist instead. */
(function () {
  "use strict";

  var RESUMED = document.documentElement.lang === "en" ? "Resumed from " : "已从上次的位置继续：";

  function label(level) {
    return Math.min(level.width, level.height) + "p";
  }

  function clock(seconds) {
    var m = Math.floor(seconds / 60), s = Math.floor(seconds % 60);
    return m + ":" + (s < 10 ? "0" : "") + s;
  }

  function setup(root) {
    var media = root.querySelector("video, audio");
    var src = root.getAttribute("data-src");
    var fallback = root.getAttribute("data-fallback");
    var controls = root.querySelector(".player__controls");
    var speed = root.querySelector("[data-speed]");
    var quality = root.querySelector("[data-quality]");
    var resume = root.querySelector("[data-resume]");
    var captions = root.querySelector("[data-captions]");
    var cue = root.querySelector("[data-cue]");
    var key = "resume:" + src;
    var hls = null;

    if (window.Hls && window.Hls.isSupported()) {
      hls = new window.Hls({
        capLevelToPlayerSize: true, enableWebVTT: false, enableCEA708Captions: false
      });
      hls.loadSource(src);
      hls.attachMedia(media);
      hls.on(window.Hls.Events.MANIFEST_PARSED, function () {
        if (quality.querySelector("[data-level]")) return;
        var soundOnly = quality.querySelector("option[value=audio]");
        hls.levels.forEach(function (level, index) {
          if (!level.height) return;
          var option = document.createElement("option");
          option.value = String(index);
          option.textContent = label(level);
          option.setAttribute("data-level", "");
          quality.insertBefore(option, soundOnly);
        });
      });
      hls.on(window.Hls.Events.ERROR, function (event, data) {
        if (data.fatal && fallback) { hls.destroy(); hls = null; media.src = fallback; }
      });
    } else if (media.canPlayType("application/vnd.apple.mpegurl")) {
      root.querySelectorAll("track[kind=captions]").forEach(function (t) { t.remove(); });
      media.src = src;
      quality.closest("label").hidden = true;
    } else if (fallback) {
      media.src = fallback;
      quality.closest("label").hidden = true;
    }
    controls.hidden = false;

    // The video's files are read with a credential that lasts minutes; the
    // master playlist hands out a fresh one, so ask for it now and then
    // (and on coming back to a tab left in the background).
    var renew = parseInt(root.getAttribute("data-renew") || "0", 10) * 1000;
    function renewCredential() {
      if (window.fetch && !document.hidden) {
        window.fetch(src, { credentials: "same-origin", cache: "no-store" }).catch(function () {});
      }
    }
    if (renew > 0) {
      window.setInterval(renewCredential, renew);
      document.addEventListener("visibilitychange", renewCredential);
    }

    speed.addEventListener("change", function () { media.playbackRate = parseFloat(speed.value); });

    // Audio elements draw no captions, so the current line is shown as text.
    function showCue(track) {
      var active = track && track.activeCues && track.activeCues[0];
      cue.textContent = active ? active.text.replace(/<[^>]*>/g, "") : "";
      cue.hidden = !active;
    }
    function applyCaptions(language) {
      var chosen = null;
      Array.prototype.forEach.call(media.textTracks, function (track) {
        if (track.kind !== "captions" && track.kind !== "subtitles") return;
        var match = !chosen && language &&
          track.language.toLowerCase() === language.toLowerCase();
        if (match) chosen = track;
        track.mode = match ? (media.tagName === "AUDIO" ? "hidden" : "showing") : "disabled";
        track.oncuechange = match && media.tagName === "AUDIO" ? function () { showCue(track); } : null;
      });
      if (!chosen) showCue(null);
    }
    if (captions) {
      var preferred = localStorage.getItem("captions");
      if (preferred !== null && captions.querySelector("option[value='" + preferred + "']")) {
        captions.value = preferred;
      }
      applyCaptions(captions.value);
      media.textTracks.addEventListener("addtrack", function () { applyCaptions(captions.value); });
      captions.addEventListener("change", function () {
        localStorage.setItem("captions", captions.value);
        applyCaptions(captions.value);
      });
    }
    // "Sound only" loads the audio variant on its own: hls.js hides audio-only
    // levels when video levels exist, and a separate source saves the most data.
    var mode = "video";
    function switchSource(url, then) {
      var at = media.currentTime, playing = !media.paused, rate = media.playbackRate;
      hls.loadSource(url);
      hls.once(window.Hls.Events.MANIFEST_PARSED, function () {
        media.currentTime = at;
        media.playbackRate = rate;
        if (then) then();
        if (playing) media.play();
      });
    }
    quality.addEventListener("change", function () {
      if (!hls) return;
      var option = quality.options[quality.selectedIndex];
      if (option.value === "audio") {
        mode = "audio";
        switchSource(option.getAttribute("data-src"));
      } else if (mode === "audio") {
        mode = "video";
        switchSource(src, function () { hls.currentLevel = parseInt(option.value, 10); });
      } else {
        hls.currentLevel = parseInt(option.value, 10);
      }
    });

    media.addEventListener("loadedmetadata", function () {
      // The server's position (signed-in learners) follows them across phones.
      var holder = root.closest("[data-position]");
      var saved = Math.max(
        parseFloat(localStorage.getItem(key) || "0"),
        holder ? parseFloat(holder.getAttribute("data-position")) || 0 : 0
      );
      if (saved > 5 && saved < media.duration - 5) {
        media.currentTime = saved;
        resume.textContent = RESUMED + clock(saved);
        resume.hidden = false;
      }
    }, { once: true });
    var last = 0;
    media.addEventListener("timeupdate", function () {
      if (Math.abs(media.currentTime - last) >= 5) {
        last = media.currentTime;
        localStorage.setItem(key, String(last));
      }
    });
    media.addEventListener("ended", function () { localStorage.removeItem(key); });
  }

  document.querySelectorAll("[data-player]").forEach(setup);
})();
