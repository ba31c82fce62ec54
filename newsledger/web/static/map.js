// The map of event locations: country outlines from world-atlas (no tile server), countries shaded
// by their number of events, and a dot per event with coordinates. Popups are built as DOM nodes
// with textContent, so place names from articles never become markup.
(function () {
  "use strict";
  var script = document.currentScript;
  var places = JSON.parse(document.getElementById("map-data").textContent);
  var container = document.getElementById("map");
  var map = L.map(container, { worldCopyJump: true, attributionControl: false }).setView([25, 10], 2);
  var counts = {};
  places.countries.forEach(function (c) { if (c.numeric) { counts[c.numeric] = c.events; } });
  var most = Math.max.apply(null, [1].concat(places.countries.map(function (c) { return c.events; })));

  function popup(lines, link) {
    var box = document.createElement("div");
    lines.forEach(function (line) {
      var p = document.createElement("div");
      p.textContent = line;
      box.appendChild(p);
    });
    if (link) {
      var a = document.createElement("a");
      a.href = link;
      a.textContent = "article";
      box.appendChild(a);
    }
    return box;
  }

  // world-atlas cuts rings at the antimeridian for spherical projections; on Leaflet's flat map
  // a ring jumping from +180 to -180 would draw a line across the world, so rings are unwrapped
  // (Antarctica, which circles the pole, is left out).
  var ANTARCTICA = "010";
  function unwrap(ring) {
    var shift = 0;
    return ring.map(function (point, i) {
      if (i > 0) {
        var step = point[0] - ring[i - 1][0];
        if (step > 180) { shift -= 360; } else if (step < -180) { shift += 360; }
      }
      return [point[0] + shift, point[1]];
    });
  }
  function unwrapGeometry(geometry) {
    if (geometry.type === "Polygon") {
      geometry.coordinates = geometry.coordinates.map(unwrap);
    } else if (geometry.type === "MultiPolygon") {
      geometry.coordinates = geometry.coordinates.map(function (polygon) { return polygon.map(unwrap); });
    }
  }

  fetch(script.dataset.outlines).then(function (response) { return response.json(); }).then(function (world) {
    var countries = topojson.feature(world, world.objects.countries);
    countries.features = countries.features.filter(function (feature) { return feature.id !== ANTARCTICA; });
    countries.features.forEach(function (feature) { unwrapGeometry(feature.geometry); });
    L.geoJSON(countries, {
      style: function (feature) {
        var n = counts[feature.id] || 0;
        return { color: "#8a8a8a", weight: 0.6, fillColor: n ? "#b5651d" : "#e9e4da", fillOpacity: n ? 0.25 + 0.6 * n / most : 1 };
      },
      onEachFeature: function (feature, layer) {
        var n = counts[feature.id];
        if (n) { layer.bindTooltip(popup([feature.properties.name + ": " + n + " event" + (n === 1 ? "" : "s")])); }
      }
    }).addTo(map);
    places.points.forEach(function (point) {
      L.circleMarker([point.lat, point.lon], { radius: 6, color: "#2f5d8a", fillColor: "#2f5d8a", fillOpacity: 0.8 })
        .bindPopup(popup([point.type + (point.date ? " · " + point.date : ""), point.place || ""],
                         script.dataset.article + encodeURIComponent(point.document_id)))
        .addTo(map);
    });
    container.dataset.rendered = String(places.points.length);
  }).catch(function (error) {
    document.getElementById("map-status").textContent = "The country outlines could not be loaded: " + error;
  });
})();
