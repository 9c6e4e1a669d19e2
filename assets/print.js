/* Printing (see assets/print.css): plotly draws each chart as an SVG of a fixed pixel width, so a
 * chart drawn for a wide screen would be cut off on an A4 sheet. When the print layout starts we
 * redraw every chart at the width its card has on paper, and put the screen width back after.
 * The printed page also carries its own address, so a sheet can be traced back to the view. */
(function () {
  "use strict";
  var printing = false;

  function graphs() {
    return Array.prototype.slice.call(document.querySelectorAll(".ops-graph .js-plotly-plot"));
  }

  function addressLine() {
    var line = document.getElementById("ops-print-url");
    if (!line) {
      line = document.createElement("p");
      line.id = "ops-print-url";
      line.className = "ops-print-url";
      document.body.appendChild(line); /* outside Dash's tree: React never owns it */
    }
    line.textContent = window.location.href;
  }

  /* A chart with its title, summary, notes and sources fits an A4-landscape sheet (about 710 px
   * high) with room for the page title above the first one. */
  var MAX_PRINT_HEIGHT = 360;

  function saved(value) { return value === undefined || value === null ? "" : String(value); }
  function restored(value) { return value === "" ? null : Number(value); }

  /* Redraw each chart at the width of its container in the current (print) layout. */
  function fitForPrint() {
    if (!window.Plotly) { return; }
    graphs().forEach(function (gd) {
      var full = gd._fullLayout;
      var width = Math.floor(gd.parentElement.getBoundingClientRect().width);
      if (!full || width <= 0) { return; }
      var update = {};
      if (Math.abs(width - full.width) >= 2) { update.width = width; }
      if (full.height > MAX_PRINT_HEIGHT) { update.height = MAX_PRINT_HEIGHT; }
      if (!Object.keys(update).length) { return; }
      if (gd.dataset.opsScreenSize === undefined) {
        gd.dataset.opsScreenSize = saved(gd.layout.width) + "x" + saved(gd.layout.height);
      }
      window.Plotly.relayout(gd, update);
    });
  }

  function restore() {
    if (!window.Plotly) { return; }
    graphs().forEach(function (gd) {
      if (gd.dataset.opsScreenSize === undefined) { return; }
      var size = gd.dataset.opsScreenSize.split("x");
      delete gd.dataset.opsScreenSize;
      window.Plotly.relayout(gd, {width: restored(size[0]), height: restored(size[1])}).then(function () {
        if (size[0] === "") { window.Plotly.Plots.resize(gd); }
      });
    });
  }

  function start() {
    addressLine();
    printing = true;
    fitForPrint();
  }

  function stop() {
    if (!printing) { return; }
    printing = false;
    restore();
  }

  /* Chromium lays the page out for print before it reports the print media query as matching,
   * so the containers measured here have their printed widths. */
  var query = window.matchMedia("print");
  var onChange = function (event) { if (event.matches) { start(); } else { stop(); } };
  if (query.addEventListener) { query.addEventListener("change", onChange); } else { query.addListener(onChange); }
  window.addEventListener("beforeprint", addressLine);
  window.addEventListener("afterprint", stop);
})();
