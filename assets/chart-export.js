/* OPS Monitor: a chart card's chart as an image (PNG or SVG), made in the browser by plotly.js
 * (loaded by dcc.Graph; no server-side rendering, nothing fetched from the internet).
 *
 * The image is a copy of the drawn figure with the chart's title at the top and, at the bottom,
 * the source line (for a map also the boundaries' attribution) and the date the data was updated.
 * The texts come from the card's export Store (components/chart_card.py, `export_texts`), already
 * in the page's language; they are plain text: they are escaped here before plotly reads them, so
 * a name can never become markup.
 *
 * How the space is found: plotly pushes its margins for axis labels and legends (automargin), and
 * those pushes are only known after drawing. So the figure is drawn once off screen at the export
 * size; then the measured margins grow by the height of the title and of the footer, and the plot
 * area keeps its size, so nothing that plotly placed moves into the added space.
 *
 * Dash loads assets in alphabetical order, so app.js (which assigns `window.opsMonitor`) runs before
 * this file; `attach` also runs again when the document is loaded in case that order ever changes.
 */
(function () {
  "use strict";

  var WIDTH = 1200;         // CSS pixels; PNG is drawn at SCALE times this
  var MIN_HEIGHT = 700;
  var SCALE = 2;
  var SIDE = 24;            // left/right inset of the title and the footer
  var PAD = 16;             // space above the title, below the footer, between them and the chart
  var LINE = 1.3;           // plotly's line height for multi-line text, in em
  var CHAR_WIDTH = 0.56;    // a generous average glyph width in em, to wrap the source line
  var MUTED = "#4f5d6b";    // components/figures.py MUTED, 6.6:1 on white

  /* Plain text for plotly's pseudo-HTML: &, < and > become entities, which plotly draws as text. */
  function escapeText(text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  /* Words into lines of at most `max` characters (a longer single word gets its own line). */
  function wrapWords(text, max) {
    var lines = [];
    var line = "";
    String(text || "").split(/[ \t\r\n]+/).forEach(function (word) {  // a no-break space stays
      if (!word) { return; }
      if (line && line.length + 1 + word.length > max) {
        lines.push(line);
        line = word;
      } else {
        line = line ? line + " " + word : word;
      }
    });
    if (line) { lines.push(line); }
    return lines;
  }

  function copyOf(value) {
    if (value === undefined) { return undefined; }
    try {
      return window.structuredClone(value);
    } catch (e) {
      return JSON.parse(JSON.stringify(value));
    }
  }

  function graphOf(chartId) {
    var card = document.getElementById(chartId);
    return card ? card.querySelector(".js-plotly-plot") : null;
  }

  function offscreenDiv() {
    var div = document.createElement("div");
    div.setAttribute("aria-hidden", "true");
    div.style.position = "absolute";
    div.style.left = "-10000px";
    div.style.top = "0";
    div.style.width = WIDTH + "px";
    document.body.appendChild(div);
    return div;
  }

  /* The figure to export: {data, layout, config}, built from the drawn graph `gd` and `texts`
   * ({title, filters, notes: [...], source, attribution, updated}; any may be empty). Returns a
   * promise. */
  function exportFigure(gd, texts) {
    var Plotly = window.Plotly;
    var full = gd._fullLayout || {};
    var font = full.font || {};
    var base = font.size || 12;
    var family = font.family || "sans-serif";
    var titleSize = Math.round(base * 1.5);
    var footSize = Math.max(11, Math.round(base * 0.9));
    var titleLines = wrapWords(texts.title, Math.floor((WIDTH - 2 * SIDE) / (titleSize * CHAR_WIDTH * 1.08)));
    var footChars = Math.floor((WIDTH - 2 * SIDE) / (footSize * CHAR_WIDTH));
    // What the numbers are (the view's filters, coverage and other notes), then where they come from.
    var footLines = [];
    [texts.filters].concat(texts.notes || [], [texts.source, texts.attribution]).forEach(function (text) {
      footLines = footLines.concat(wrapWords(text, footChars));
    });
    if (texts.updated) { footLines.push(texts.updated); }
    var headerH = titleLines.length ? Math.ceil(titleLines.length * titleSize * LINE) + 2 * PAD : 0;
    var footerH = footLines.length ? Math.ceil(footLines.length * footSize * LINE) + 2 * PAD : 0;
    var config = {staticPlot: true, displayModeBar: false, responsive: false};
    if (gd._context && gd._context.topojsonURL) { config.topojsonURL = gd._context.topojsonURL; }

    var data = copyOf(gd.data);
    var layout = copyOf(gd.layout) || {};
    // The plot keeps at least the height it has on the page; the whole image is at least MIN_HEIGHT.
    var plotHeight = Math.max(full.height || 0, MIN_HEIGHT - headerH - footerH);
    layout.width = WIDTH;
    layout.height = plotHeight;
    layout.autosize = false;
    layout.title = {text: ""};
    layout.hovermode = false;

    var div = offscreenDiv();
    function cleanUp() {
      try { Plotly.purge(div); } catch (e) { /* already gone */ }
      if (div.parentNode) { div.parentNode.removeChild(div); }
    }
    // First pass: the chart alone at the export width; read the margins plotly needs.
    return Plotly.newPlot(div, data, layout, config).then(function () {
      var size = div._fullLayout._size;
      var margin = layout.margin || {};
      // Inset the chart like the title and the footer, on top of what plotly needed.
      layout.margin = {
        l: size.l + Math.max(0, SIDE - (margin.l || 0)),
        r: size.r + Math.max(0, SIDE - (margin.r || 0)),
        t: size.t + headerH,
        b: size.b + footerH,
        pad: margin.pad || 0,
        autoexpand: margin.autoexpand,
      };
      layout.height = plotHeight + headerH + footerH;
      if (titleLines.length) {
        layout.title = {
          text: titleLines.map(escapeText).join("<br>"),
          font: {family: family, size: titleSize, color: font.color || "#1b2733", weight: 700},
          xref: "container", x: SIDE / WIDTH, xanchor: "left",
          yref: "container", y: 1, yanchor: "top",
          pad: {t: PAD, l: 0, r: 0, b: 0},
          automargin: false,
        };
      }
      // Second pass, to learn where the plot area ends up, so the footer can sit at the image's
      // bottom-left corner (annotations are placed in plot-area fractions).
      return Plotly.react(div, data, layout, config);
    }).then(function () {
      var size = div._fullLayout._size;
      if (footLines.length) {
        layout.annotations = (layout.annotations || []).concat([{
          text: footLines.map(escapeText).join("<br>"),
          showarrow: false,
          align: "left",
          xref: "paper", x: (SIDE - size.l) / size.w, xanchor: "left",
          yref: "paper", y: -size.b / size.h, yanchor: "bottom", yshift: PAD,
          font: {family: family, size: footSize, color: MUTED},
        }]);
      }
      cleanUp();
      return {data: data, layout: layout, config: config};
    }, function (error) {
      cleanUp();
      throw error;
    });
  }

  var busy = {};

  /* Download the chart of card `chartId` as `format` ("png" or "svg"); returns a promise. */
  function exportChart(chartId, format, texts) {
    var gd = graphOf(chartId);
    if (!window.Plotly || !gd || !gd.data) { return Promise.reject(new Error("no chart to export")); }
    if (busy[chartId]) { return busy[chartId]; }
    var job = exportFigure(gd, texts || {}).then(function (figure) {
      return window.Plotly.downloadImage(figure, {
        format: format === "svg" ? "svg" : "png",
        width: figure.layout.width,
        height: figure.layout.height,
        scale: format === "svg" ? 1 : SCALE,
        filename: (texts && texts.filename) || chartId,
      });
    });
    busy[chartId] = job;
    function done() { delete busy[chartId]; }
    job.then(done, done);
    return job;
  }

  function attach() {
    window.opsMonitor = window.opsMonitor || {};
    window.opsMonitor.exportFigure = exportFigure;
    window.opsMonitor.exportChart = exportChart;
  }

  attach();
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      if (!window.opsMonitor || !window.opsMonitor.exportChart) { attach(); }
    });
  }
})();
