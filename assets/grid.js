/* Functions the project grid (dash-ag-grid) calls by name (OPS Monitor's own code). */
window.dashAgGridFunctions = window.dashAgGridFunctions || {};

/* Keyboard: in the grid, Tab and the arrows move between cells, so the project link inside a
 * name cell is never focused itself. Enter on that cell follows the link instead (and the grid
 * does nothing else with the key). */
window.dashAgGridFunctions.opsFollowLinkOnEnter = function (params) {
  var event = params.event;
  if (event.key !== "Enter" || event.type !== "keydown") { return false; }
  var link = event.target && event.target.querySelector ? event.target.querySelector("a[href]") : null;
  if (!link) { return false; }
  link.click();
  return true;
};
