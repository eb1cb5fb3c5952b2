/* Resumable uploads with tus-js-client, for the admin and the resident form.
   The file goes to /uploads/ in 5 MB chunks; a dropped connection retries
   by itself, and choosing the same file again after a reload resumes from
   the last chunk the server has. When done, the form posts only the upload's
   id, so pressing "submit" never sends the whole video a second time. */
(function () {
  "use strict";

  var EN = document.documentElement.lang === "en";
  var TEXT = EN ? {
    sent: "Uploaded {p}% ({a} of {b})",
    done: "{n} is uploaded. You can submit now.",
    tooBig: "This file is too large ({a}); the limit is {b}.",
    failed: "The upload stopped: {m}",
    retry: "Connection lost, trying again…",
    wait: "Please wait until the upload has finished.",
    pause: "Pause", resume: "Resume", paused: "Paused at {p}%."
  } : {
    sent: "已上传 {p}%（{a} / {b}）",
    done: "上传完成：{n}，可以提交了。",
    tooBig: "文件太大了（{a}），最大允许 {b}。",
    failed: "上传中断了：{m}",
    retry: "网络断了，正在重新连接…",
    wait: "文件还在上传，请等进度条走完再提交。",
    pause: "暂停", resume: "继续上传", paused: "已暂停在 {p}%。"
  };

  function fill(template, values) {
    return template.replace(/\{(\w)\}/g, function (_, key) { return values[key]; });
  }

  function megabytes(bytes) {
    if (bytes >= 1073741824) return (bytes / 1073741824).toFixed(2) + " GB";
    return (bytes / 1048576).toFixed(1) + " MB";
  }

  function setup(root) {
    var input = root.querySelector("input[type=file]");
    var token = root.querySelector("[data-resumable-token]");
    var status = root.querySelector("[data-resumable-status]");
    var bar = root.querySelector("[data-resumable-bar]");
    var text = root.querySelector("[data-resumable-text]");
    var pause = root.querySelector("[data-resumable-pause]");
    var form = root.closest("form");
    var csrf = form.querySelector("[name=csrfmiddlewaretoken]");
    var limit = parseInt(root.getAttribute("data-limit"), 10);
    var upload = null, uploading = false, percent = 0;

    if (token.value) input.required = false;

    function say(message, isError) {
      status.hidden = false;
      status.classList.toggle("resumable__status--error", !!isError);
      text.textContent = message;
    }

    form.addEventListener("submit", function (event) {
      if (uploading) { event.preventDefault(); say(TEXT.wait); }
    });

    pause.addEventListener("click", function () {
      if (!upload) return;
      if (uploading) {
        upload.abort();
        uploading = false;
        pause.textContent = TEXT.resume;
        say(fill(TEXT.paused, { p: percent }));
      } else {
        uploading = true;
        pause.textContent = TEXT.pause;
        upload.start();
      }
    });

    input.addEventListener("change", function () {
      var file = input.files && input.files[0];
      if (!file || !window.tus || !window.tus.isSupported) return;
      token.value = "";
      if (upload && uploading) upload.abort();
      if (file.size > limit) {
        say(fill(TEXT.tooBig, { a: megabytes(file.size), b: megabytes(limit) }), true);
        input.value = "";
        return;
      }
      upload = new window.tus.Upload(file, {
        endpoint: root.getAttribute("data-endpoint"),
        chunkSize: 5 * 1024 * 1024,
        retryDelays: [0, 1000, 3000, 5000, 10000, 20000, 30000, 60000],
        removeFingerprintOnSuccess: true,
        metadata: { filename: file.name, filetype: file.type || "" },
        headers: { "X-CSRFToken": csrf ? csrf.value : "" },
        onProgress: function (sent, total) {
          percent = Math.floor((sent / total) * 100);
          bar.value = percent;
          say(fill(TEXT.sent, { p: percent, a: megabytes(sent), b: megabytes(total) }));
        },
        onShouldRetry: function (error) {
          var response = error.originalResponse;
          var code = response ? response.getStatus() : 0;
          if (code === 0 || code === 409 || code === 423 || code === 429 || code >= 500) {
            say(TEXT.retry);
            return true;
          }
          return false;
        },
        onError: function (error) {
          uploading = false;
          pause.hidden = true;
          var response = error.originalResponse;
          var message = (response && response.getBody()) || error.message;
          say(fill(TEXT.failed, { m: message }), true);
        },
        onSuccess: function () {
          uploading = false;
          pause.hidden = true;
          token.value = upload.url.replace(/\/$/, "").split("/").pop();
          input.value = "";
          input.required = false;
          bar.value = 100;
          say(fill(TEXT.done, { n: file.name }));
        }
      });
      uploading = true;
      pause.hidden = false;
      pause.textContent = TEXT.pause;
      bar.value = 0;
      say(fill(TEXT.sent, { p: 0, a: "0 MB", b: megabytes(file.size) }));
      upload.findPreviousUploads().then(function (previous) {
        if (previous.length) upload.resumeFromPreviousUpload(previous[0]);
        upload.start();
      });
    });
  }

  function init() {
    document.querySelectorAll("[data-resumable]:not([data-resumable-ready])").forEach(function (root) {
      root.setAttribute("data-resumable-ready", "");
      setup(root);
    });
  }
  // The admin may load this script in <head>, before the form exists.
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
