/* Accessibility repairs of Dash 4's dcc.Dropdown (OPS Monitor's own code).
 *
 * Dash 4 renders each dropdown as a focusable but aria-hidden <input class="dash-dropdown-focus-target">
 * that forwards focus to the real trigger <button tabindex="-1">. Screen readers then meet a
 * focusable element they are told does not exist (axe: aria-hidden-focus), and the button's name
 * is only its current value ("Alle"), not its label ("Region").
 * Here the button itself becomes the tab stop, the hidden input leaves the tab order, and the
 * button is named by its <label for=...> followed by its value. The open option list (a popover
 * dialog holding a listbox, neither named) is named after the same label. Re-applied whenever
 * Dash renders.
 */
(function () {
  "use strict";

  function labelFor(button) {
    if (!button.id) { return null; }
    var escaped = window.CSS && CSS.escape ? CSS.escape(button.id) : button.id;
    return document.querySelector('label[for="' + escaped + '"]');
  }

  function repair() {
    var targets = document.querySelectorAll(".dash-dropdown-focus-target");
    for (var i = 0; i < targets.length; i++) {
      var target = targets[i];
      if (target.tabIndex !== -1) { target.tabIndex = -1; }
      var button = target.nextElementSibling;
      if (!button || button.tagName !== "BUTTON") { continue; }
      if (!button.disabled && button.tabIndex !== 0) { button.tabIndex = 0; }
      var label = labelFor(button);
      if (!label) { continue; }
      if (!label.id) { label.id = button.id + "-label"; }
      var ids = (button.getAttribute("aria-labelledby") || "").split(/\s+/).filter(Boolean);
      if (ids[0] !== label.id) {
        ids = [label.id].concat(ids.filter(function (id) { return id !== label.id; }));
        button.setAttribute("aria-labelledby", ids.join(" "));
      }
    }
    nameOpenList();
  }

  function nameOpenList() {
    var content = document.querySelector(".dash-dropdown-content");
    if (!content) { return; }
    var button = document.querySelector("button.dash-dropdown[aria-expanded='true']");
    var label = button && labelFor(button);
    if (!label) { return; }
    var name = label.textContent.trim();
    var named = [content, content.querySelector(".dash-options-list")];
    for (var i = 0; i < named.length; i++) {
      if (named[i] && named[i].getAttribute("aria-label") !== name) { named[i].setAttribute("aria-label", name); }
    }
  }

  var scheduled = false;
  function schedule() {
    if (scheduled) { return; }
    scheduled = true;
    window.requestAnimationFrame(function () { scheduled = false; repair(); });
  }

  function start() {
    repair();
    new MutationObserver(function (records) {
      for (var i = 0; i < records.length; i++) {
        var r = records[i];
        if (r.type === "childList" || (r.target.classList && r.target.classList.contains("dash-dropdown-focus-target"))) {
          repair();  // at once: a focus target must never stay tabbable, not even for a frame
          return;
        }
      }
      schedule();
    }).observe(document.documentElement, {
      subtree: true, childList: true, attributes: true, attributeFilter: ["tabindex", "aria-labelledby", "aria-expanded"],
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
