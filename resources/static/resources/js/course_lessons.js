/* The course's lesson screen: several videos upload at once (tus, resumable),
   each becomes a draft lesson as soon as its bytes are in; titles save when
   changed, captions when chosen, and the transcode status refreshes itself
   until every video can play. Without script the page still lists the lessons
   and submits the course. */
(function () {
  "use strict";

  var PARALLEL = 2; // a phone on 4G shares its uplink badly beyond two
  var root, csrf, queue = [], running = 0, polling = null;
  var pending = 0; // picked files not yet a lesson (or refused)
  // Lessons are created in the order the files were picked, whichever
  // upload finishes first: each waits for the one before it.
  var lastCreated = Promise.resolve();

  function megabytes(bytes) { return (bytes / 1048576).toFixed(1) + " MB"; }

  function post(url, body) {
    return fetch(url, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "X-CSRFToken": csrf, "X-Requested-With": "fetch" }
    }).then(function (response) {
      return response.json().then(function (data) {
        if (!response.ok) throw new Error(data.error || response.statusText);
        return data;
      });
    });
  }

  function addRow(data) {
    var list = root.querySelector("[data-lessons]");
    var holder = document.createElement("div");
    holder.innerHTML = data.html.trim();
    var row = holder.firstChild;
    var old = list.querySelector('[data-lesson="' + data.id + '"]');
    if (old) old.replaceWith(row); else list.appendChild(row);
    root.querySelector("[data-empty]").hidden = true;
    bindRow(row);
    poll();
  }

  function bindRow(row) {
    var title = row.querySelector("[data-lesson-title]");
    var note = row.querySelector("[data-lesson-note]");
    title.addEventListener("change", function () {
      var body = new FormData();
      body.append("title", title.value);
      note.textContent = "正在保存标题…";
      post(row.getAttribute("data-update"), body).then(function () {
        note.textContent = "标题已保存。";
      }, function (error) { note.textContent = error.message; });
    });
    var retry = row.querySelector("[data-lesson-retry]");
    retry.addEventListener("submit", function (event) {
      event.preventDefault();
      note.textContent = "正在重新处理…";
      post(retry.action, new FormData()).then(addRow, function (error) {
        note.textContent = error.message;
      });
    });
    var remove = row.querySelector("[data-lesson-delete]");
    if (remove) remove.addEventListener("submit", function (event) {
      event.preventDefault();
      var button = remove.querySelector("[data-confirm]");
      if (!window.confirm(button.getAttribute("data-confirm"))) return;
      post(remove.action, new FormData()).then(function () {
        row.remove();
        var list = root.querySelector("[data-lessons]");
        root.querySelector("[data-empty]").hidden = !!list.children.length;
        poll();
      }, function (error) { note.textContent = error.message; });
    });
    var captions = row.querySelector("[data-lesson-captions]");
    captions.addEventListener("change", function () {
      if (!captions.files.length) return;
      var body = new FormData();
      body.append("captions", captions.files[0]);
      note.textContent = "正在上传字幕…";
      post(row.getAttribute("data-update"), body).then(function () {
        note.textContent = "字幕已加上。";
        captions.value = "";
      }, function (error) { note.textContent = error.message; });
    });
  }

  function poll() {
    if (polling) return;
    polling = setInterval(function () {
      fetch(root.getAttribute("data-status-url"), { credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (data) {
          var busy = false;
          data.lessons.forEach(function (lesson) {
            var row = root.querySelector('[data-lesson="' + lesson.id + '"]');
            if (!row) return;
            row.setAttribute("data-status", lesson.status);
            row.querySelector("[data-lesson-status]").textContent = lesson.message;
            row.querySelector("[data-lesson-retry]").hidden = !lesson.retry;
            if (lesson.status && lesson.status !== "ready" && lesson.status !== "failed" && !lesson.retry) busy = true;
          });
          var problems = root.querySelector("[data-problems]");
          problems.innerHTML = "";
          data.problems.forEach(function (text) {
            var item = document.createElement("li");
            item.textContent = text;
            problems.appendChild(item);
          });
          if (!busy && !running && !queue.length) { clearInterval(polling); polling = null; }
        });
    }, 2000);
  }

  function next() {
    while (running < PARALLEL && queue.length) start(queue.shift());
  }

  function start(job) {
    running += 1;
    var upload = new window.tus.Upload(job.file, {
      endpoint: root.getAttribute("data-endpoint"),
      chunkSize: 5 * 1024 * 1024,
      retryDelays: [0, 1000, 3000, 5000, 10000, 20000, 30000, 60000],
      removeFingerprintOnSuccess: true,
      metadata: { filename: job.file.name, filetype: job.file.type || "" },
      headers: { "X-CSRFToken": csrf },
      onProgress: function (sent, total) {
        var percent = Math.floor((sent / total) * 100);
        job.bar.value = percent;
        job.text.textContent = job.file.name + "：已上传 " + percent + "%";
      },
      onShouldRetry: function (error) {
        var response = error.originalResponse;
        var code = response ? response.getStatus() : 0;
        // 429: the person's other uploads are still sending; wait and go on.
        return code === 0 || code === 409 || code === 423 || code === 429 || code >= 500;
      },
      onError: function (error) {
        running -= 1;
        var response = error.originalResponse;
        job.item.classList.add("is-error");
        job.text.textContent = job.file.name + "：" + ((response && response.getBody()) || error.message);
        job.done();
        next();
      },
      onSuccess: function () {
        running -= 1;
        next();
        var body = new FormData();
        body.append("upload", upload.url.replace(/\/$/, "").split("/").pop());
        job.text.textContent = job.file.name + "：上传完成，正在建微课…";
        job.before.then(function () {
          return post(root.getAttribute("data-add"), body);
        }).then(function (data) {
          job.item.remove();
          addRow(data);
        }, function (error) {
          job.item.classList.add("is-error");
          job.text.textContent = job.file.name + "：" + error.message;
        }).then(job.done);
      }
    });
    upload.findPreviousUploads().then(function (previous) {
      if (previous.length) upload.resumeFromPreviousUpload(previous[0]);
      upload.start();
    });
  }

  function pick(input) {
    var limit = parseInt(root.getAttribute("data-limit"), 10);
    Array.prototype.forEach.call(input.files, function (file) {
      var item = document.createElement("li");
      var text = document.createElement("p");
      var bar = document.createElement("progress");
      bar.max = 100; bar.value = 0;
      item.appendChild(text); item.appendChild(bar);
      root.querySelector("[data-uploads]").appendChild(item);
      if (file.size > limit) {
        item.classList.add("is-error");
        bar.remove();
        text.textContent = file.name + "：文件太大了（" + megabytes(file.size) + "），最大 " + megabytes(limit) + "。";
        return;
      }
      text.textContent = file.name + "：排队等待上传";
      var job = { file: file, item: item, text: text, bar: bar, before: lastCreated };
      pending += 1;
      lastCreated = new Promise(function (resolve) {
        job.done = function () { pending -= 1; resolve(); };
      });
      queue.push(job);
    });
    input.value = "";
    next();
  }

  function init() {
    root = document.querySelector("[data-course-lessons]");
    if (!root || !window.tus || !window.tus.isSupported) return;
    csrf = root.querySelector("[name=csrfmiddlewaretoken]").value;
    root.querySelector("[data-pick]").addEventListener("change", function (event) { pick(event.target); });
    root.querySelectorAll("[data-lesson]").forEach(bindRow);
    var submit = root.querySelector("[data-submit]");
    if (submit) submit.form.addEventListener("submit", function (event) {
      // A video still travelling would be left out of the submission.
      if (pending) {
        event.preventDefault();
        window.alert("还有视频在上传，等它传完、变成微课后再提交。");
      }
    });
    window.addEventListener("beforeunload", function (event) {
      if (pending) { event.preventDefault(); event.returnValue = ""; }
    });
    poll();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
