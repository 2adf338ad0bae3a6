/* Functions the data grids call by name (dash-ag-grid's dashAgGridFunctions).

   pesCsvCell: every grid's CSV export passes each cell through it. A number is
   written as the number it is (unrounded, no thousands separators or units), so a
   spreadsheet can add it up; other values are written as the column shows them
   (its formatted value, unless the column says otherwise), except that a text cell
   starting with =, +, -, @, a tab or a carriage return, which a spreadsheet would
   run as a formula (CSV or formula injection), is written with a leading
   apostrophe so it opens as the text it is. */
(function () {
  "use strict";

  var functions = (window.dashAgGridFunctions = window.dashAgGridFunctions || {});
  var FORMULA_START = /^[=+\-@\t\r]/;

  functions.pesCsvCell = function (params) {
    var raw = params ? params.value : null;
    var shown = raw;
    var column = params && params.column;
    var useFormatter = !(
      column && column.getColDef && column.getColDef().useValueFormatterForExport === false
    );
    if (useFormatter && params && typeof params.formatValue === "function") {
      shown = params.formatValue(raw);
    }
    if (typeof raw === "number") { return isFinite(raw) ? raw : ""; }
    if (shown === null || shown === undefined) { return ""; }
    if (typeof raw === "string" && FORMULA_START.test(raw)) {
      return "'" + shown;
    }
    return shown;
  };

  /* A grid id from a callback's template: a key whose value is "__matched__" (a
     MATCH wildcard) takes the value of the same key in the button's id. */
  window.pesMatchedId = function (template, buttonId) {
    if (!template || typeof template !== "object") { return template; }
    var id = {};
    Object.keys(template).forEach(function (key) {
      id[key] = template[key] === "__matched__" ? buttonId[key] : template[key];
    });
    return id;
  };

  /* Download a grid's CSV once the grid is there: its library loaded (pages that
     load it after drawing, assets/05-deferred-libraries.js) and the grid created
     (a "Show data" block creates it when first opened). */
  window.pesExportGridCsv = function (gridId) {
    var libraries = window.pesLibraries ? window.pesLibraries() : Promise.resolve();
    return libraries.then(function () {
      return window.dash_ag_grid.getApiAsync(gridId);
    }).then(function () {
      window.dash_clientside.set_props(gridId, { exportDataAsCsv: true });
    });
  };

  /* Run ``then`` once the side panel ``panelId`` has finished closing (Bootstrap
     hands the focus back to the page at the end of its transition, so a focus set
     earlier would be undone). Gives up waiting after two seconds. */
  window.pesAfterPanelCloses = function (panelId, then) {
    var tries = 0;
    (function wait() {
      var panel = document.getElementById(panelId);
      var closing = panel && (panel.classList.contains("show") ||
        panel.classList.contains("showing") || panel.classList.contains("hiding") ||
        panel.classList.contains("offcanvas-toggling"));
      if (closing && tries++ < 40) { setTimeout(wait, 50); return; }
      setTimeout(then, 50);
    })();
  };
})();
