// The learning map: the list is the page; the map is offered on top when a
// tile server is configured, and the page falls back to the list when tiles
// do not load (weak connection, blocked server).
(function () {
  "use strict";
  var root = document.querySelector(".learning-map");
  if (!root || !window.L || !root.dataset.tileUrl) return;
  var pins = JSON.parse(document.getElementById("map-pins").textContent);
  var switcher = root.querySelector(".view-switch");
  var mapEl = document.getElementById("map");
  var list = root.querySelector(".learning-map__list");
  var notice = root.querySelector(".map-notice");
  var map = null;
  var loaded = 0;
  var failed = 0;

  function show(view) {
    var onMap = view === "map";
    mapEl.hidden = !onMap;
    list.hidden = onMap;
    switcher.querySelectorAll("[data-view]").forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.dataset.view === view));
    });
    if (onMap && !map) draw();
  }

  function giveUp() {
    notice.hidden = false;
    show("list");
  }

  function draw() {
    map = L.map(mapEl);
    var tiles = L.tileLayer(root.dataset.tileUrl, {
      attribution: root.dataset.attribution || "",
      maxZoom: 18,
    });
    tiles.on("tileload", function () { loaded += 1; });
    tiles.on("tileerror", function () {
      failed += 1;
      if (!loaded && failed >= 4) giveUp();
    });
    tiles.addTo(map);
    var bounds = [];
    pins.forEach(function (pin) {
      var marker = L.circleMarker([pin.lat, pin.lng], {
        radius: 9, color: "#07412f", weight: 2, fillColor: "#0b5d48", fillOpacity: 0.85,
      }).addTo(map);
      var link = document.createElement("a");
      link.href = pin.url;
      link.textContent = pin.title;
      var box = document.createElement("div");
      box.appendChild(link);
      box.appendChild(document.createElement("br"));
      box.appendChild(document.createTextNode(pin.kind_label + " · " + pin.address));
      marker.bindPopup(box);
      bounds.push([pin.lat, pin.lng]);
    });
    if (bounds.length) map.fitBounds(bounds, { padding: [24, 24], maxZoom: 15 });
    else map.setView([30.0, 120.0], 10);
    window.setTimeout(function () { if (!loaded) giveUp(); }, 8000);
  }

  switcher.hidden = false;
  switcher.addEventListener("click", function (event) {
    var button = event.target.closest("[data-view]");
    if (button) show(button.dataset.view);
  });
})();
