/* Board presenter keys: what a keyboard or a presentation clicker sends.
   Right arrow / Page Down: next. Left arrow / Page Up: previous. Space: pause or
   resume auto-advance. 0-9: jump to that slide (0 is the cover). Escape: leave.
   The slides are all in the page, so moving between them needs no server. */
(function () {
  "use strict";
  var timer = null;

  function deck() { return document.getElementById("board-deck"); }
  function slides() {
    var d = deck();
    return d ? Array.prototype.slice.call(d.querySelectorAll(".board-slide")) : [];
  }
  function currentIndex(all) {
    for (var i = 0; i < all.length; i += 1) {
      if (all[i].classList.contains("active")) { return i; }
    }
    return 0;
  }
  function intervalSeconds(all) {
    var value = all.length ? parseInt(all[0].getAttribute("data-interval"), 10) : NaN;
    return isNaN(value) ? 30 : value;
  }
  function report(all, index) {
    var status = document.getElementById("board-status");
    var fill = document.getElementById("board-progress");
    var last = Math.max(all.length - 1, 1);
    if (fill) { fill.style.width = (100 * index / last).toFixed(1) + "%"; }
    var bar = fill && fill.parentElement;
    if (bar) {
      bar.setAttribute("aria-valuenow", String(index));
      bar.setAttribute("aria-valuemax", String(all.length - 1));
    }
    if (status) {
      status.textContent = (index === 0 ? "Cover" : "Slide " + index + " of " + (all.length - 1)) +
        " · auto-advance " + (timer ? "on, every " + intervalSeconds(all) + " s" : "paused");
    }
  }
  function show(index) {
    var all = slides();
    if (!all.length) { return; }
    var target = Math.max(0, Math.min(index, all.length - 1));
    all.forEach(function (slide, i) {
      var on = i === target;
      slide.classList.toggle("active", on);
      slide.setAttribute("aria-hidden", on ? "false" : "true");
    });
    report(all, target);
  }
  function step(delta) {
    var all = slides();
    var index = currentIndex(all) + delta;
    if (timer && index > all.length - 1) { pause(); return; }
    show(index);
  }
  function pause() {
    if (timer) { clearInterval(timer); timer = null; }
    report(slides(), currentIndex(slides()));
  }
  function resume() {
    var all = slides();
    if (!all.length) { return; }
    timer = setInterval(function () {
      if (!deck()) { pause(); return; }
      step(1);
    }, intervalSeconds(all) * 1000);
    report(all, currentIndex(all));
  }

  document.addEventListener("keydown", function (event) {
    if (!deck() || event.altKey || event.ctrlKey || event.metaKey) { return; }
    var tag = (event.target && event.target.tagName) || "";
    var onControl = /^(BUTTON|A|INPUT|SELECT|TEXTAREA)$/.test(tag);
    var key = event.key;
    if (key === "ArrowRight" || key === "PageDown") {
      step(1);
    } else if (key === "ArrowLeft" || key === "PageUp") {
      step(-1);
    } else if ((key === " " || key === "Spacebar") && !onControl) {
      if (timer) { pause(); } else { resume(); }
    } else if (/^[0-9]$/.test(key) && !onControl) {
      show(parseInt(key, 10));
    } else if (key === "Escape") {
      pause();
      window.location.assign("/");
    } else {
      return;
    }
    event.preventDefault();
  });

  // When the deck is (re)drawn by the server, show the cover and say so.
  new MutationObserver(function () {
    var all = slides();
    if (all.length && !all[0].hasAttribute("aria-hidden")) { show(0); }
    if (!deck() && timer) { pause(); }
  }).observe(document.documentElement, { childList: true, subtree: true });
})();
