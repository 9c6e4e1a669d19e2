/* OPS Monitor's own browser code (no third-party code). */
window.opsMonitor = {
  /* Copy text to the clipboard; works on plain-http intranets too (execCommand fallback). */
  copyText: function (text) {
    try {
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text);
        return true;
      }
    } catch (e) { /* fall through to the fallback */ }
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    let ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(area);
    return ok;
  },
};

/* Embeds (/embed/<chart_id>, rendered on the server by server/embed_page.py, which marks the
 * document itself): tell the parent page our content height whenever it changes (the protocol is in
 * server/embed.py). */
(function () {
  "use strict";
  if (!/\/embed\/[^/]+\/?$/.test(window.location.pathname)) { return; }
  document.documentElement.classList.add("ops-embed");
  if (window.parent === window) { return; }
  var last = 0;
  function post() {
    var root = document.querySelector(".ops-embed-page");
    if (!root) { return; }
    var height = Math.ceil(root.getBoundingClientRect().height) + 16;
    if (Math.abs(height - last) < 2) { return; }
    last = height;
    var chart = root.getAttribute("data-chart-id") || "";
    window.parent.postMessage({type: "ops-monitor:resize", height: height, chart: chart}, "*");
  }
  function watch() {
    var root = document.querySelector(".ops-embed-page");
    if (!root) { window.setTimeout(watch, 100); return; }
    if (window.ResizeObserver) { new ResizeObserver(post).observe(root); }
    post();
  }
  window.addEventListener("load", watch);
  window.addEventListener("resize", post);
})();

/* A Dash page's first paint (server/index_page.py: the page written as HTML, with Dash's element
 * hidden behind it): removed as soon as Dash has drawn the page's content, in the same frame, so
 * the page never shows twice nor blank. Without JavaScript it simply stays. */
(function () {
  "use strict";
  var first = document.querySelector(".ops-first-paint");
  var entry = document.getElementById("react-entry-point");
  if (!first || !entry || !window.MutationObserver) { return; }
  var observer = new MutationObserver(function () {
    if (entry.querySelector("#page-content > *")) {
      observer.disconnect();
      first.remove();
    }
  });
  observer.observe(entry, {childList: true, subtree: true});
})();
