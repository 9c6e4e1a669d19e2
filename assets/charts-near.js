/* The charts of a Dash page are drawn when they come near the screen (ui/chart_card.graph_frame).
 * Each chart's frame holds its graph as data, an empty slot and a "near" flag. This script loads
 * plotly.js (the vendored bundle named by <meta name="ops-plotly">) when the first chart is needed,
 * then sets the flag of each frame that is near the screen; a clientside callback then draws the
 * graph into the slot. On a wide screen (768 px and up: cards side by side, a laptop or a tablet)
 * every chart is near at once, so printing shows them all; on a phone a chart is drawn when a part
 * of it comes on screen (no margin: a chart just below the first screen is not drawn at load), and
 * before printing all are requested.
 * The embed (server/embed_page.py) draws its one chart itself and does not load this script. */
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="ops-plotly"]');
  var entry = document.getElementById("react-entry-point");
  if (!meta || !entry || !window.MutationObserver) { return; }
  var FRAMES = ".ops-graph-frame";  // each in its card, the section named by data-chart-id
  var wide = window.matchMedia("(min-width: 768px)");
  var everything = !window.IntersectionObserver;  // every chart at once (printing, an old browser)
  var loading = null;
  var near = new Set();  // frames on screen now
  var asked = new WeakMap();  // frame -> when its flag was last set

  function plotly() {
    if (window.Plotly) { return Promise.resolve(); }
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = meta.getAttribute("content");
        script.onload = resolve;
        script.onerror = function () { loading = null; reject(new Error("plotly.js did not load")); };
        document.head.appendChild(script);
      });
    }
    return loading;
  }

  function drawn(frame) {
    var slot = frame.querySelector(".ops-graph-slot");
    return !slot || slot.firstElementChild !== null;
  }

  /* Set the frame's flag (again after Dash re-rendered the page: a new page starts unset). */
  function ask(frame) {
    var last = asked.get(frame);
    if (last !== undefined && Date.now() - last < 1000) { return; }
    asked.set(frame, Date.now());
    plotly().then(function () {
      if (!frame.isConnected || !window.dash_clientside || !window.dash_clientside.set_props) { return; }
      var card = frame.closest("[data-chart-id]");
      if (!card) { return; }
      window.dash_clientside.set_props({type: "chart-near", chart: card.getAttribute("data-chart-id")}, {data: true});
    }, function () { asked.delete(frame); });
  }

  var observer = window.IntersectionObserver ? new IntersectionObserver(function (entries) {
    entries.forEach(function (item) {
      if (item.isIntersecting) {
        near.add(item.target);
        if (!drawn(item.target)) { ask(item.target); }
      } else {
        near.delete(item.target);
      }
    });
  }, {rootMargin: "0px"}) : null;

  function scan() {
    var all = everything || wide.matches;
    Array.prototype.forEach.call(entry.querySelectorAll(FRAMES), function (frame) {
      if (drawn(frame)) { return; }
      if (all || near.has(frame)) { ask(frame); } else if (observer) { observer.observe(frame); }
    });
    near.forEach(function (frame) { if (!frame.isConnected) { near.delete(frame); observer.unobserve(frame); } });
  }

  /* Dash's renders and plotly's drawing change the page in many small steps: look once per frame. */
  var pending = false;
  new MutationObserver(function () {
    if (pending) { return; }
    pending = true;
    window.requestAnimationFrame(function () { pending = false; scan(); });
  }).observe(entry, {childList: true, subtree: true});
  /* Opening a card's menu (its image items need the chart drawn) draws the card's chart, should
   * only the card's header be on screen yet. */
  document.addEventListener("click", function (event) {
    var toggle = event.target.closest && event.target.closest(".ops-card-menu-toggle");
    var card = toggle && toggle.closest("[data-chart-id]");
    var frame = card && card.querySelector(FRAMES);
    if (frame && !drawn(frame)) { ask(frame); }
  }, true);
  wide.addEventListener("change", scan);
  window.addEventListener("beforeprint", function () { everything = true; scan(); });
  window.addEventListener("afterprint", function () { everything = !window.IntersectionObserver; });
})();
