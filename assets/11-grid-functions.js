/* Functions the data grids call by name (dash-ag-grid's dashAgGridFunctions).

   pesCsvCell: every grid's CSV export passes each cell through it. It writes what
   the export would write anyway (the column's formatted value, unless the column
   says otherwise), except that a text cell starting with =, +, -, @, a tab or a
   carriage return, which a spreadsheet would run as a formula (CSV or formula
   injection), is written with a leading apostrophe so it opens as the text it is.
   Numbers are left alone, so a negative number stays a number. */
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
    if (shown === null || shown === undefined) { return ""; }
    if (typeof raw === "string" && FORMULA_START.test(raw)) {
      return "'" + shown;
    }
    return shown;
  };
})();
