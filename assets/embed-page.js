/* OPS Monitor: the server-rendered embed (/embed/<chart_id>, server/embed_page.py). The page
 * arrives with the chart card written out; this script, loaded after plotly.js, app.js and
 * chart-export.js, makes it live without Dash:
 * - draws each figure from the JSON the server put in its element;
 * - runs the card's menu (a <details>): PNG and SVG through opsMonitor.exportChart, "copy link",
 *   closing on Escape, a click elsewhere or a chosen item, arrow keys between the items;
 * - opens and closes the table view.
 * Component ids are Dash's (pattern-matching ids as JSON), so the card is the same as on the pages.
 * The height sent to the host page is posted by app.js. No third-party code; nothing fetched.
 */
(function () {
  "use strict";

  function store(type, chart) {
    var id = JSON.stringify({chart: chart, type: type});
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  function status(type, chart, text) {
    var el = document.getElementById(JSON.stringify({chart: chart, type: type}));
    if (el) { el.textContent = text || ""; }
  }

  function draw() {
    Array.prototype.forEach.call(document.querySelectorAll(".ops-static-graph"), function (div) {
      var source = div.querySelector("script.ops-figure");
      if (!source || !window.Plotly) { return; }
      var spec = JSON.parse(source.textContent);
      div.removeChild(source);
      var figure = spec.figure || {};
      if (!figure.data || !figure.data.length) { return; }  // no data for this selection: the card says so
      window.Plotly.newPlot(div, figure.data, figure.layout || {}, spec.config || {});
    });
  }

  function linkToCopy(type, messages) {
    var url = window.location.href.split("#")[0];
    if (type === "chart-copy-pinned") {  // this data version: v=<version>, replacing any
      url = url.replace(/([?&])v=[^&]*(&|$)/, function (m, before, after) { return after ? before : ""; });
      url += (url.indexOf("?") >= 0 ? "&" : "?") + "v=" + encodeURIComponent(messages.version);
    }
    return url;
  }

  function act(item) {
    var id;
    try { id = JSON.parse(item.id); } catch (e) { return; }
    if (!id || !id.chart) { return; }
    var messages = store("chart-messages", id.chart) || {};
    if (id.type === "chart-png" || id.type === "chart-svg") {
      var texts = store("chart-export", id.chart);
      var exporter = window.opsMonitor && window.opsMonitor.exportChart;
      if (!exporter || !texts) { return; }
      exporter(id.chart, id.type === "chart-png" ? "png" : "svg", texts).then(
        function () { status("chart-export-status", id.chart, ""); },
        function () { status("chart-export-status", id.chart, texts.failed); });
    } else if (id.type === "chart-copy" || id.type === "chart-copy-pinned") {
      var ok = window.opsMonitor.copyText(linkToCopy(id.type, messages));
      status("chart-copied", id.chart, ok ? messages.link_copied : messages.copy_failed);
    }
  }

  function menuOf(node) { return node && node.closest ? node.closest("details.ops-card-menu") : null; }

  function close(menu, focusToggle) {
    if (!menu || !menu.open) { return; }
    menu.open = false;
    if (focusToggle) { menu.querySelector("summary").focus(); }
  }

  document.addEventListener("click", function (event) {
    var target = event.target;
    Array.prototype.forEach.call(document.querySelectorAll("details.ops-card-menu[open]"), function (menu) {
      if (!menu.contains(target)) { close(menu, false); }
    });
    var item = target.closest ? target.closest(".dropdown-item") : null;
    if (item && menuOf(item)) {
      if (item.tagName === "BUTTON") { act(item); }
      close(menuOf(item), item.tagName === "BUTTON");
      return;
    }
    var toggle = target.closest ? target.closest(".ops-table-toggle") : null;
    if (toggle) {
      var region = document.getElementById(toggle.getAttribute("aria-controls"));
      var collapse = region ? region.parentElement : null;
      if (!collapse) { return; }
      var opened = !collapse.classList.contains("show");
      collapse.classList.toggle("show", opened);
      toggle.setAttribute("aria-expanded", opened ? "true" : "false");
      if (!toggle.hasAttribute("data-text-closed")) { toggle.setAttribute("data-text-closed", toggle.textContent); }
      toggle.textContent = toggle.getAttribute(opened ? "data-text-open" : "data-text-closed");
    }
  });

  document.addEventListener("keydown", function (event) {
    var menu = menuOf(document.activeElement);
    if (!menu) { return; }
    if (event.key === "Escape") {
      close(menu, true);
      event.preventDefault();
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!menu.open) { menu.open = true; }
      var items = Array.prototype.slice.call(menu.querySelectorAll(".dropdown-item"));
      var at = items.indexOf(document.activeElement);
      var next = event.key === "ArrowDown" ? Math.min(at + 1, items.length - 1) : Math.max(at - 1, 0);
      if (items[next]) { items[next].focus(); }
      event.preventDefault();
    }
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
