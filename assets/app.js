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
