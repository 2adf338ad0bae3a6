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

  function textIcon(latlng, className, html) {
    return L.marker(latlng, {
      icon: L.divIcon({ className: className, html: html, iconSize: null }),
      interactive: false,
      keyboard: false,
    });
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
    wardTooltip: function (feature, layer) {
      var p = feature.properties;
      layer.bindTooltip(
        "<strong>" + escapeHtml(p.name) + "</strong><br>" + escapeHtml(p.sector_name) +
        "<br>" + escapeHtml(p.value_text) + (p.cls ? " (class " + p.cls + ")" : ""),
        { sticky: true, className: "pes-map-tooltip" }
      );
    },
    sectorStyle: function () {
      return { fill: false, color: "#000000", weight: 4, opacity: 1 };
    },
    valueLabel: function (feature, latlng) {
      return textIcon(latlng, "pes-map-label", escapeHtml(feature.properties.text));
    },
    sectorLabel: function (feature, latlng) {
      var p = feature.properties;
      var body = "<span class='pes-sector-name'>" + escapeHtml(p.title) + "</span>";
      if (p.text && p.text !== p.title) {
        body += "<span class='pes-sector-value'>" + escapeHtml(p.text) + "</span>";
      }
      return textIcon(latlng, "pes-sector-label", body);
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
    selectWard: function (clickData, selectedRows, current) {
      var source = triggeredId();
      if (source === "maps-wards-layer" && clickData && clickData.properties) {
        return clickData.properties.code;
      }
      if (source === "maps-ward-table" && selectedRows && selectedRows.length) {
        return selectedRows[0].code;
      }
      return noUpdate();
    },
    wardHideout: function (sector, ward) {
      return { sector: sector || null, selected: ward || null };
    },
    labels: function (data, layers, sector) {
      if (!data || !layers || layers.indexOf("labels") < 0) {
        var names = data ? data.sectors : empty;
        return [empty, names];
      }
      var wards = data.wards.features.filter(function (f) {
        return !sector || f.properties.sector === sector;
      });
      return [{ type: "FeatureCollection", features: wards }, data.sectors];
    },
    tableRows: function (rows, sector) {
      if (!rows) { return []; }
      if (!sector) { return rows; }
      return rows.filter(function (row) { return row.sector_code === sector; });
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
    search: function (measure, period, sector, ward) {
      var params = new URLSearchParams();
      if (measure) { params.set("measure", measure); }
      if (period) { params.set("period", period); }
      if (sector) { params.set("sector", sector); }
      if (ward) { params.set("ward", ward); }
      var search = "?" + params.toString();
      // The address always reproduces the view (10-url-sync.js).
      window.pesReplaceQuery(search, "/sectors");
      return search;
    },
  };
})();
