/* Sector maps: functions for the dash-leaflet layers (window.pesMaps.map) and the
   page's clientside callbacks (window.dash_clientside.pesMaps). Everything here
   filters or draws data already in the browser; nothing is fetched. */
(function () {
  "use strict";

  function escapeHtml(text) {
    return String(text === null || text === undefined ? "" : text)
      .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;");
  }

  function sizeFor(count) {
    if (count >= 1000) { return 64; }
    if (count >= 100) { return 54; }
    if (count >= 10) { return 44; }
    return 34;
  }

  function countIcon(count, latlng) {
    var size = sizeFor(count);
    return L.marker(latlng, {
      icon: L.divIcon({
        className: "pes-hotspot",
        html: "<span>" + count.toLocaleString("en-GB") + "</span>",
        iconSize: [size, size],
      }),
      keyboard: false,
      title: count.toLocaleString("en-GB") + " records",
    });
  }

  /* Labels that never overlap. Each label is a zero-size marker at its ward's
     (or sector's) label point holding a box that can be moved off the point, with
     a leader line back to it. After every change of data, zoom, pan or size the
     boxes are placed again, one at a time: each takes the nearest free spot to
     its point (rings of candidate offsets, nearest first) that overlaps no box
     already placed, no map control and stays inside the map. Sizes are the
     map's own CSS pixels, so the 4K page zoom changes nothing. */
  var WARD_LABEL = 0;
  var SECTOR_LABEL = 1; // placed after the wards: a sector name gives way
  var LABEL_GAP = 3; // px kept clear around each box

  function placedLabel(latlng, className, html, kind, code) {
    var marker = L.marker(latlng, {
      icon: L.divIcon({
        className: "pes-label-anchor",
        html: "<svg class='pes-leader' aria-hidden='true' width='1' height='1'>" +
          "<line class='pes-leader-halo' x1='0' y1='0' x2='0' y2='0'></line>" +
          "<line x1='0' y1='0' x2='0' y2='0'></line>" +
          "<circle cx='0' cy='0' r='3'></circle></svg>" +
          "<div class='pes-label-box " + className + "' data-code='" +
          escapeHtml(code) + "'>" + html + "</div>",
        iconSize: [0, 0],
      }),
      interactive: false,
      keyboard: false,
      pesLabel: kind,
    });
    marker.on("add", function () { watchLabels(marker._map); });
    return marker;
  }

  function overlap(a, b) {
    var w = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0);
    var h = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0);
    return w > 0 && h > 0 ? w * h : 0;
  }

  function crosses(segment, rect) {
    // Liang-Barsky: does the segment from (x0, y0) to (x1, y1) enter the rect?
    var t0 = 0;
    var t1 = 1;
    var dx = segment.x1 - segment.x0;
    var dy = segment.y1 - segment.y0;
    var edges = [
      [-dx, segment.x0 - rect.x0], [dx, rect.x1 - segment.x0],
      [-dy, segment.y0 - rect.y0], [dy, rect.y1 - segment.y0],
    ];
    for (var i = 0; i < 4; i++) {
      var p = edges[i][0];
      var q = edges[i][1];
      if (p === 0) {
        if (q < 0) { return false; }
      } else {
        var t = q / p;
        if (p < 0) { t0 = Math.max(t0, t); } else { t1 = Math.min(t1, t); }
        if (t0 > t1) { return false; }
      }
    }
    return true;
  }

  function inside(point, rect) {
    return point.x > rect.x0 && point.x < rect.x1 && point.y > rect.y0 &&
      point.y < rect.y1;
  }

  function leaderEnd(dx, dy, width, height) {
    // The nearest point of a box centred (dx, dy) from its anchor to the anchor.
    return [
      Math.max(dx - width / 2, Math.min(0, dx + width / 2)),
      Math.max(dy - height / 2, Math.min(0, dy + height / 2)),
    ];
  }

  function offsets(width, height) {
    // Rings around the point, nearest first; wide boxes move further sideways.
    var found = [[0, 0]];
    var across = Math.max(1, width / (2 * height));
    for (var ring = 1; ring <= 12; ring++) {
      var distance = ring * height * 0.5;
      var steps = 8 + ring * 2;
      for (var k = 0; k < steps; k++) {
        var angle = (2 * Math.PI * k) / steps - Math.PI / 2;
        found.push([Math.cos(angle) * distance * across, Math.sin(angle) * distance]);
      }
    }
    return found;
  }

  function boxWithin(element, container, scale) {
    var r = element.getBoundingClientRect();
    var c = container.getBoundingClientRect();
    return {
      x0: (r.left - c.left) / scale, y0: (r.top - c.top) / scale,
      x1: (r.right - c.left) / scale, y1: (r.bottom - c.top) / scale,
    };
  }

  function showOffset(icon, box, dx, dy, width, height, kind) {
    box.style.transform = "translate(" + (dx - width / 2) + "px, " +
      (dy - height / 2) + "px)";
    var leader = icon.querySelector(".pes-leader");
    var away = Math.abs(dx) > width / 2 || Math.abs(dy) > height / 2;
    if (!leader) { return; }
    leader.classList.toggle("pes-leader-on", away && kind === WARD_LABEL);
    // From the point to the nearest edge of the moved box.
    var end = leaderEnd(dx, dy, width, height);
    leader.querySelectorAll("line").forEach(function (line) {
      line.setAttribute("x2", end[0]);
      line.setAttribute("y2", end[1]);
    });
  }

  function declutter(map) {
    var container = map.getContainer();
    if (!container.offsetWidth) { return; }
    var scale = container.getBoundingClientRect().width / container.offsetWidth || 1;
    var width = container.clientWidth;
    var height = container.clientHeight;
    var placed = [];
    var lines = []; // leader lines already drawn
    container.querySelectorAll(".leaflet-control").forEach(function (control) {
      placed.push(boxWithin(control, container, scale));
    });
    var items = [];
    map.eachLayer(function (layer) {
      if (layer.options && layer.options.pesLabel !== undefined && layer.getElement()) {
        var icon = layer.getElement();
        var box = icon.querySelector(".pes-label-box");
        items.push({
          icon: icon, box: box, kind: layer.options.pesLabel,
          at: map.latLngToContainerPoint(layer.getLatLng()),
          width: box.offsetWidth, height: box.offsetHeight,
        });
      }
    });
    // Wards first, the most crowded first: they have the fewest free spots.
    items.forEach(function (item) {
      item.crowd = items.filter(function (other) {
        return other.at.distanceTo(item.at) < item.width;
      }).length;
    });
    items.sort(function (a, b) { return a.kind - b.kind || b.crowd - a.crowd; });
    items.forEach(function (item) {
      var best = null;
      var bestCost = Infinity;
      var candidates = offsets(item.width, item.height);
      for (var i = 0; i < candidates.length; i++) {
        var dx = candidates[i][0];
        var dy = candidates[i][1];
        var rect = {
          x0: item.at.x + dx - item.width / 2 - LABEL_GAP,
          y0: item.at.y + dy - item.height / 2 - LABEL_GAP,
          x1: item.at.x + dx + item.width / 2 + LABEL_GAP,
          y1: item.at.y + dy + item.height / 2 + LABEL_GAP,
        };
        var clash = 0;
        for (var j = 0; j < placed.length; j++) { clash += overlap(rect, placed[j]); }
        var area = (rect.x1 - rect.x0) * (rect.y1 - rect.y0);
        var outside = area - overlap(rect, { x0: 0, y0: 0, x1: width, y1: height });
        // A leader line may not cross another label, nor a label a leader line.
        var end = leaderEnd(dx, dy, item.width, item.height);
        var line = null;
        if (item.kind === WARD_LABEL && (end[0] !== 0 || end[1] !== 0)) {
          line = { x0: item.at.x, y0: item.at.y,
            x1: item.at.x + end[0], y1: item.at.y + end[1] };
        }
        var crossings = 0;
        for (var k = 0; k < lines.length; k++) {
          if (crosses(lines[k], rect)) { crossings++; }
        }
        if (line) {
          for (var m = 0; m < placed.length; m++) {
            // A label already over this ward's point is crossed whatever we do.
            if (!inside(item.at, placed[m]) && crosses(line, placed[m])) {
              crossings++;
            }
          }
        }
        // Covering another ward's point hides where its leader line starts.
        var covered = 0;
        for (var n = 0; n < items.length; n++) {
          if (items[n] !== item && items[n].kind === WARD_LABEL &&
              inside(items[n].at, rect)) { covered++; }
        }
        var cost = (clash + outside + crossings * 50 + covered * 20) * 1000 +
          Math.hypot(dx, dy);
        if (cost < bestCost) {
          best = { dx: dx, dy: dy, rect: rect, line: line };
          bestCost = cost;
        }
        if (clash === 0 && outside < 1 && crossings === 0 && covered === 0) { break; }
      }
      placed.push(best.rect);
      if (best.line) { lines.push(best.line); }
      showOffset(item.icon, item.box, best.dx, best.dy, item.width, item.height,
        item.kind);
    });
  }

  function watchLabels(map) {
    if (!map) { return; }
    if (!map._pesLabels) {
      map._pesLabels = true;
      map.on("zoomend moveend resize", function () { watchLabels(map); });
    }
    if (map._pesLabelFrame) { return; }
    // Once per frame, after every label of an update is on the map.
    map._pesLabelFrame = window.requestAnimationFrame(function () {
      map._pesLabelFrame = null;
      declutter(map);
    });
  }

  function wardName(p) {
    return p.name + " ward, " + p.sector_name + ": " + p.value_text +
      (p.cls ? " (class " + p.cls + ")" : "");
  }

  window.pesMaps = window.pesMaps || {};
  window.pesMaps.map = {
    wardStyle: function (feature, context) {
      var hide = (context && context.hideout) || {};
      var p = feature.properties;
      var inSector = !hide.sector || p.sector === hide.sector;
      var selected = hide.selected && p.code === hide.selected;
      return {
        fillColor: p.fill || "#d9d9d9",
        fillOpacity: inSector ? 0.85 : 0.15,
        color: selected ? "#D55E00" : "#ffffff",
        weight: selected ? 6 : 1.5,
        opacity: 1,
      };
    },
    wardFeature: function (feature, layer) {
      var p = feature.properties;
      layer.bindTooltip(
        "<strong>" + escapeHtml(p.name) + "</strong><br>" + escapeHtml(p.sector_name) +
        "<br>" + escapeHtml(p.value_text) + (p.cls ? " (class " + p.cls + ")" : ""),
        { sticky: true, className: "pes-map-tooltip" }
      );
      // Each ward shape is a named button: Tab reaches it, Enter or Space opens
      // its panel as a click does (the click reaches the layer's clickData).
      layer.on("add", function () {
        var shape = layer.getElement();
        if (!shape) { return; }
        shape.setAttribute("tabindex", "0");
        shape.setAttribute("role", "button");
        shape.setAttribute("aria-label", wardName(p));
        shape.classList.add("pes-ward-shape");
        L.DomEvent.on(shape, "keydown", function (event) {
          if (event.key !== "Enter" && event.key !== " ") { return; }
          L.DomEvent.preventDefault(event);
          layer.fire("click", {
            latlng: layer.getBounds().getCenter(), originalEvent: event,
          }, true);
        });
      });
    },
    sectorStyle: function () {
      return { fill: false, color: "#000000", weight: 4, opacity: 1 };
    },
    wardLabel: function (feature, latlng) {
      var p = feature.properties;
      var body = "<span class='pes-ward-name'>" + escapeHtml(p.name) + "</span>";
      if (p.text) {
        body += "<span class='pes-map-label'>" + escapeHtml(p.text) + "</span>";
      }
      return placedLabel(latlng, "pes-ward-label", body, WARD_LABEL, p.code);
    },
    sectorLabel: function (feature, latlng) {
      var p = feature.properties;
      var body = "<span class='pes-sector-name'>" + escapeHtml(p.title) + "</span>";
      if (p.text && p.text !== p.title) {
        body += "<span class='pes-sector-value'>" + escapeHtml(p.text) + "</span>";
      }
      return placedLabel(latlng, "pes-sector-label", body, SECTOR_LABEL, p.code);
    },
    hotspotPoint: function (feature, latlng) {
      return countIcon(feature.properties.n, latlng);
    },
    hotspotCluster: function (feature, latlng, index) {
      var leaves = index.getLeaves(feature.properties.cluster_id, Infinity);
      var total = 0;
      for (var i = 0; i < leaves.length; i++) { total += leaves[i].properties.n; }
      return countIcon(total, latlng);
    },
  };

  function triggeredId() {
    var ctx = window.dash_clientside.callback_context;
    if (!ctx || !ctx.triggered || !ctx.triggered.length) { return ""; }
    return ctx.triggered[0].prop_id.split(".")[0];
  }

  var noUpdate = function () { return window.dash_clientside.no_update; };
  var empty = { type: "FeatureCollection", features: [] };

  window.dash_clientside = window.dash_clientside || {};
  window.dash_clientside.pesMaps = {
    selectWard: function (clickData, picked, current) {
      var source = triggeredId();
      if (source === "maps-wards-layer" && clickData && clickData.properties) {
        return clickData.properties.code;
      }
      // A ward's link in the ward table (assets/12-html-tables.js).
      if (source === "maps-ward-picked" && picked && picked.id) {
        return picked.id;
      }
      return noUpdate();
    },
    wardHideout: function (sector, ward) {
      return { sector: sector || null, selected: ward || null };
    },
    labels: function (data, layers, sector) {
      if (!data) { return [empty, empty]; }
      // Ward names are always on the map; "Value labels" adds each ward's value.
      var values = layers && layers.indexOf("labels") >= 0;
      var wards = data.wards.features.filter(function (f) {
        return !sector || f.properties.sector === sector;
      }).map(function (f) {
        if (values) { return f; }
        return { type: f.type, geometry: f.geometry,
          properties: Object.assign({}, f.properties, { text: "" }) };
      });
      return [{ type: "FeatureCollection", features: wards }, data.sectors];
    },
    hotspots: function (packed, layers, sector) {
      if (!packed || !layers || layers.indexOf("hotspots") < 0) { return empty; }
      var wanted = sector ? packed.sectors.indexOf(sector) : -1;
      var features = [];
      for (var i = 0; i < packed.rows.length; i++) {
        var row = packed.rows[i];
        if (wanted >= 0 && row[2] !== wanted) { continue; }
        features.push({
          type: "Feature",
          geometry: { type: "Point", coordinates: [row[0], row[1]] },
          properties: { n: row[3] },
        });
      }
      return { type: "FeatureCollection", features: features };
    },
    viewport: function (bounds, sector) {
      if (!bounds) { return noUpdate(); }
      var target = (sector && bounds[sector]) || bounds.city;
      return { bounds: target, transition: "fitBounds" };
    },
    search: function (measure, period, sector, ward, layers) {
      var params = new URLSearchParams();
      if (measure) { params.set("measure", measure); }
      if (period) { params.set("period", period); }
      if (sector) { params.set("sector", sector); }
      if (ward) { params.set("ward", ward); }
      // Layers only when they differ from the page's defaults (state.py).
      layers = layers || [];
      if (layers.indexOf("hotspots") >= 0) { params.set("hotspots", "yes"); }
      if (layers.indexOf("labels") < 0) { params.set("labels", "no"); }
      var search = "?" + params.toString();
      // The address always reproduces the view (10-url-sync.js).
      window.pesReplaceQuery(search, "/sectors");
      return search;
    },
  };
})();
