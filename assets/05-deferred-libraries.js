/* Component libraries this page does not draw with on opening (dashboard/
   deferred_libraries.py names them in <meta name="pes-deferred-libraries">) load once
   the page has drawn: after the load event, when the page has been still for a
   moment and nothing is marked loading, or at the latest a few seconds on.

   window.pesLibraries() loads them now and answers a promise, for a part of the
   page that needs one sooner (a "Show data" block opened at once). Until they are
   in, a click on a link to another page is left to the browser, a full page load
   that brings what that page needs, rather than Dash's in-page move, which would
   draw that page with a library missing. */
(function () {
  "use strict";

  var STILL_MS = 300;
  var LATEST_MS = 4000;
  var meta = document.querySelector('meta[name="pes-deferred-libraries"]');
  var sources = meta ? meta.content.split(" ").filter(Boolean) : [];
  var loading = null;
  window.pesLibrariesReady = sources.length === 0;

  function addScript(source) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = source;
      script.async = false; // run in the order the index gave them
      script.onload = resolve;
      script.onerror = function () {
        reject(new Error("Could not load " + source));
      };
      document.head.appendChild(script);
    });
  }

  window.pesLibraries = function () {
    if (!loading) {
      loading = Promise.all(sources.map(addScript)).then(function () {
        window.pesLibrariesReady = true;
      });
    }
    return loading;
  };

  if (!sources.length) {
    loading = Promise.resolve();
    return;
  }

  window.addEventListener("load", function () {
    var timer = null;
    var observer = null;
    var latest = null;
    function start() {
      if (observer) { observer.disconnect(); }
      clearTimeout(timer);
      clearTimeout(latest);
      window.pesLibraries();
    }
    function later() {
      clearTimeout(timer);
      timer = setTimeout(function () {
        if (document.querySelector('[data-dash-is-loading="true"]')) {
          later();
        } else {
          start();
        }
      }, STILL_MS);
    }
    observer = new MutationObserver(later);
    observer.observe(document.body, {
      childList: true, subtree: true, attributes: true, characterData: true,
    });
    latest = setTimeout(start, LATEST_MS);
    later();
  });

  // Capture phase on the window: runs before React's own listener, which would
  // otherwise move to the page in place.
  window.addEventListener("click", function (event) {
    if (window.pesLibrariesReady || event.defaultPrevented) { return; }
    var link = event.target && event.target.closest
      ? event.target.closest("a[href]")
      : null;
    if (!link || link.target || link.hasAttribute("download")) { return; }
    if (link.origin !== window.location.origin) { return; }
    // The same page needs nothing more.
    if (link.pathname === window.location.pathname) { return; }
    event.stopPropagation();
  }, true);
})();
