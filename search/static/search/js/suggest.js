/* As-you-type suggestions for the supermarket's search box: an ARIA
   combobox. Arrow keys move through titles, Enter or a tap picks one and
   searches for it; without script the box is a plain search form. */
(function () {
  "use strict";
  var input = document.querySelector("[data-suggest]");
  if (!input) return;
  var list = document.getElementById(input.getAttribute("aria-controls"));
  var endpoint = input.getAttribute("data-suggest");
  var timer = null, active = -1, request = 0;

  function close() {
    list.hidden = true;
    list.innerHTML = "";
    active = -1;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }

  function pick(text) {
    input.value = text;
    close();
    input.form.submit();
  }

  function highlight(index) {
    var options = list.querySelectorAll("[role=option]");
    if (!options.length) return;
    active = (index + options.length) % options.length;
    options.forEach(function (option, i) {
      option.setAttribute("aria-selected", i === active ? "true" : "false");
    });
    input.setAttribute("aria-activedescendant", options[active].id);
  }

  function show(suggestions) {
    close();
    if (!suggestions.length) return;
    suggestions.forEach(function (text, i) {
      var option = document.createElement("li");
      option.id = "suggestion-" + i;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.textContent = text;
      option.addEventListener("mousedown", function (event) { event.preventDefault(); pick(text); });
      list.appendChild(option);
    });
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    var value = input.value.trim();
    if (!value) { close(); return; }
    timer = setTimeout(function () {
      var mine = ++request;
      fetch(endpoint + "?q=" + encodeURIComponent(value), { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
        .then(function (data) { if (mine === request) show(data.suggestions || []); })
        .catch(close);
    }, 200);
  });
  input.addEventListener("keydown", function (event) {
    if (list.hidden) return;
    if (event.key === "ArrowDown") { event.preventDefault(); highlight(active + 1); }
    else if (event.key === "ArrowUp") { event.preventDefault(); highlight(active - 1); }
    else if (event.key === "Escape") { close(); }
    else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      pick(list.querySelectorAll("[role=option]")[active].textContent);
    }
  });
  input.addEventListener("blur", function () { setTimeout(close, 150); });
})();
