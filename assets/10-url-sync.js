/* The one script that touches the address bar. Pages keep their state in the
   query string; window.pesReplaceQuery(search) puts it there in place, without a
   reload or a new history entry, so a copied link reproduces the view. The
   server-made query strings reach it through the clientside callback of
   dashboard/ui/url_sync.py; the sector map, whose controls work in the browser
   only, calls it directly (with its path, so it never writes onto another page). */
(function () {
  "use strict";

  window.pesReplaceQuery = function (search, path) {
    if (typeof search !== "string") { return false; }
    var here = window.location.pathname;
    if (path && here.replace(/\/$/, "") !== path) { return false; }
    var hash = window.location.hash;
    if (here + search + hash !== here + window.location.search + hash) {
      window.history.replaceState(window.history.state, "", here + search + hash);
    }
    return true;
  };
})();
