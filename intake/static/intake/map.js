/* The map (一张图): grid boundaries coloured by a figure, open cases as
   points; a click on a grid opens its dashboard, a click on a case opens it.
   Base tiles only when the site names a tile server. */
(function () {
  "use strict";
  var el = document.getElementById("map");
  if (!el || !window.L) return;
  var d = el.dataset;
  var figure = d.figure;
  var map = L.map(el, { zoomControl: true, attributionControl: false, zoomSnap: 0.25 });
  if (d.tiles) L.tileLayer(d.tiles, { maxZoom: 19 }).addTo(map);
  // Cases above the grid fills, so a point is never hidden under its grid.
  map.createPane("cases").style.zIndex = 450;
  var gridLayer = null;
  var caseLayer = L.layerGroup().addTo(map);
  var legend = document.getElementById("map-legend");
  var statusEl = document.getElementById("map-status");
  var RATE = { closure_rate: true, satisfaction: true };
  var SCALE = ["#eff6ff", "#bfdbfe", "#60a5fa", "#2563eb", "#1e3a8a"];
  var STATUS_COLOURS = { reported: "#d97706", handling: "#2563eb" };

  function url(template, id) { return template.replace(/0\/$/, id + "/"); }

  function colour(value, max) {
    if (value === null || value === undefined) return "#e5e7eb";
    var share = RATE[figure] ? value : (max ? value / max : 0);
    if (RATE[figure]) share = 1 - share; // a low rate is the warning
    var i = Math.min(SCALE.length - 1, Math.floor(share * SCALE.length));
    return SCALE[i];
  }

  function show(value) {
    if (value === null || value === undefined) return d.labelNone;
    // The API already rounded the rate half up to 0.1%: show that digit.
    return RATE[figure] ? (value * 100).toFixed(1) + "%" : String(value);
  }

  function draw(data) {
    if (gridLayer) map.removeLayer(gridLayer);
    caseLayer.clearLayers();
    var values = data.features.map(function (f) { return f.properties.value || 0; });
    var max = Math.max.apply(null, values.concat([0]));
    gridLayer = L.geoJSON(data, {
      style: function (f) {
        return { color: "#1f2937", weight: 1, fillOpacity: 0.6, fillColor: colour(f.properties.value, max) };
      },
      onEachFeature: function (f, layer) {
        var p = f.properties;
        layer.bindTooltip(p.name + " · " + show(p.value));
        layer.on("click", function () { window.location.href = url(d.dashboardUrl, p.id); });
      }
    }).addTo(map);
    (data.cases || []).forEach(function (c) {
      var ll = [c.geometry.coordinates[1], c.geometry.coordinates[0]];
      var marker = L.circleMarker(ll, {
        pane: "cases", radius: 6, weight: 2, color: c.properties.overdue ? "#b91c1c" : "#ffffff",
        fillColor: STATUS_COLOURS[c.properties.status] || "#6b7280", fillOpacity: 0.9
      });
      marker.bindTooltip(c.properties.number + " " + c.properties.title);
      marker.on("click", function () { window.location.href = url(d.caseUrl, c.properties.id); });
      marker.addTo(caseLayer);
    });
    if (data.features.length) {
      map.fitBounds(gridLayer.getBounds(), { padding: [10, 10] });
      statusEl.textContent = "";
    } else {
      map.setView([24.5, 118.1], 11);
      statusEl.textContent = d.labelEmpty;
    }
    drawLegend(data.features.length ? max : null);
    el.dataset.loaded = String(data.features.length);
  }

  function drawLegend(max) {
    legend.textContent = "";
    if (max === null) return;
    var steps = RATE[figure] ? [1, 0.75, 0.5, 0.25, 0] : [0, max / 4, max / 2, (3 * max) / 4, max];
    steps.forEach(function (v) {
      var item = document.createElement("span");
      item.className = "legend-item";
      var swatch = document.createElement("span");
      swatch.className = "legend-swatch";
      swatch.style.background = colour(v, max);
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(RATE[figure] ? show(v) : String(Math.round(v))));
      legend.appendChild(item);
    });
    var none = document.createElement("span");
    none.className = "legend-item";
    var sw = document.createElement("span");
    sw.className = "legend-swatch";
    sw.style.background = colour(null, max);
    none.appendChild(sw);
    none.appendChild(document.createTextNode(d.labelNone));
    legend.appendChild(none);
  }

  function load() {
    fetch(d.api + "&figure=" + encodeURIComponent(figure), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(draw)
      .catch(function (e) { statusEl.textContent = String(e); });
  }

  var select = document.querySelector("[data-map-figure]");
  if (select) select.addEventListener("change", function () {
    figure = select.value;
    var u = new URL(window.location.href);
    u.searchParams.set("figure", figure);
    window.history.replaceState(null, "", u);
    load();
  });
  load();
})();
