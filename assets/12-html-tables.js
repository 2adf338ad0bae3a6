/* The working tables drawn as HTML (dashboard/ui/html_table.py): one listener for
   the whole page, so a table redrawn by a callback needs nothing wired again.

   A sort button (a heading) writes the next sort to the table's sort Store:
   ascending, descending, then the table's own order. The server sorts and redraws.

   A row's link, clicked without a modifier key (Enter on a focused link is a click),
   writes the row's id to the table's pick Store instead of loading the page again,
   and marks the row as the current one. With Ctrl, Shift or the middle button the
   link opens as a link: the address reproduces the view with the row open.

   The row links are one Tab stop per table, as a grid is: Tab reaches the current
   row's link (or the first), and the arrow keys, Home and End move between rows. */
(function () {
  "use strict";

  function setStore(storeId, data) {
    var clientside = window.dash_clientside;
    if (!storeId || !clientside || !clientside.set_props) { return false; }
    clientside.set_props(storeId, { data: data });
    return true;
  }

  function nextSort(current, field) {
    if (current === field) { return "-" + field; }
    if (current === "-" + field) { return ""; }
    return field;
  }

  var ROW_LINK = "a[data-pes-pick]";

  /* One link in the Tab order per table: ``chosen``, else the current row's,
     else the first. */
  function rove(table, chosen) {
    var links = table.querySelectorAll(ROW_LINK);
    if (!links.length) { return; }
    var keep = chosen || table.querySelector('tr[aria-current="true"] ' + ROW_LINK);
    if (!keep || keep.closest("table") !== table) {
      keep = table.querySelector(ROW_LINK + '[tabindex="0"]') || links[0];
    }
    for (var i = 0; i < links.length; i++) {
      var wanted = links[i] === keep ? "0" : "-1";
      if (links[i].getAttribute("tabindex") !== wanted) {
        links[i].setAttribute("tabindex", wanted);
      }
    }
  }

  function roveAll() {
    var tables = document.querySelectorAll("table.pes-html-table[data-pick-store]");
    for (var i = 0; i < tables.length; i++) { rove(tables[i]); }
  }

  document.addEventListener("keydown", function (event) {
    var link = event.target && event.target.closest && event.target.closest(ROW_LINK);
    var table = link && link.closest("table.pes-html-table");
    if (!table || event.altKey || event.ctrlKey || event.metaKey) { return; }
    var links = Array.prototype.slice.call(table.querySelectorAll(ROW_LINK));
    var at = links.indexOf(link);
    var next = {
      ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: links.length - 1,
    }[event.key];
    if (next === undefined) { return; }
    event.preventDefault();
    var target = links[Math.max(0, Math.min(links.length - 1, next))];
    rove(table, target);
    target.focus();
  });

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (!target || !target.closest) { return; }
    var table = target.closest("table.pes-html-table");
    if (!table) { return; }

    var sortButton = target.closest("[data-pes-sort]");
    if (sortButton) {
      var sort = nextSort(table.getAttribute("data-sort") || "",
                          sortButton.getAttribute("data-pes-sort"));
      if (setStore(table.getAttribute("data-sort-store"), sort)) {
        window.pesRefocusSort = { field: sortButton.getAttribute("data-pes-sort"),
                                  sort: sort };
      }
      return;
    }

    var link = target.closest("a[data-pes-pick]");
    if (!link || event.button !== 0 || event.ctrlKey || event.metaKey ||
        event.shiftKey || event.altKey) {
      return;
    }
    var rowId = link.getAttribute("data-pes-pick");
    // A new object each time, so picking the same row again opens it again.
    if (setStore(table.getAttribute("data-pick-store"), { id: rowId, at: Date.now() })) {
      event.preventDefault();
      var rows = table.querySelectorAll("tr[aria-current]");
      for (var i = 0; i < rows.length; i++) { rows[i].removeAttribute("aria-current"); }
      var row = link.closest("tr");
      if (row) { row.setAttribute("aria-current", "true"); }
      rove(table, link);
    }
  });

  /* Once the table is drawn in its new order (the server writes the sort it drew
     into data-sort), the focus goes back to the sort button that was pressed, so
     a keyboard user can press it again. */
  new MutationObserver(function () {
    roveAll();
    var wanted = window.pesRefocusSort;
    if (!wanted) { return; }
    var tables = document.querySelectorAll("table.pes-html-table");
    for (var i = 0; i < tables.length; i++) {
      if (tables[i].getAttribute("data-sort") !== wanted.sort) { continue; }
      var buttons = tables[i].querySelectorAll("[data-pes-sort]");
      for (var j = 0; j < buttons.length; j++) {
        if (buttons[j].getAttribute("data-pes-sort") === wanted.field) {
          window.pesRefocusSort = null;
          buttons[j].focus();
          return;
        }
      }
    }
  }).observe(document.documentElement,
    { childList: true, subtree: true, attributes: true, attributeFilter: ["data-sort"] });

  /* Focus a table's row link by its row id (as when the detail panel opened from
     it closes: the keyboard user carries on from where they were). */
  window.pesFocusTableRow = function (tableId, rowId) {
    var table = document.getElementById(tableId);
    if (!table || !rowId) { return; }
    var links = table.querySelectorAll("a[data-pes-pick]");
    for (var i = 0; i < links.length; i++) {
      if (links[i].getAttribute("data-pes-pick") === rowId) {
        rove(table, links[i]);
        links[i].focus();
        return;
      }
    }
  };
})();
