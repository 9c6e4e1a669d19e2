/* OPS Monitor: host-side resize script for embedded charts.
 *
 * Include once on a page that embeds OPS Monitor charts in iframes:
 *   <script src="https://<ops-monitor>/embed/resize.js" async></script>
 * Each embedded chart posts {type: "ops-monitor:resize", height: <px>, chart: <chart_id>} to its
 * parent whenever its content height changes; this script sets the height of the iframe that
 * sent the message. Nothing else is read from the message and nothing is sent back.
 */
(function () {
  "use strict";
  if (window.opsMonitorResize) { return; }
  window.opsMonitorResize = true;
  var MIN = 120, MAX = 6000;
  window.addEventListener("message", function (event) {
    var data = event.data;
    if (!data || data.type !== "ops-monitor:resize") { return; }
    var height = Math.round(Number(data.height));
    if (!isFinite(height) || height < MIN || height > MAX) { return; }
    var frames = document.getElementsByTagName("iframe");
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === event.source) {
        frames[i].style.height = height + "px";
        frames[i].setAttribute("height", String(height));
        return;
      }
    }
  });
})();
