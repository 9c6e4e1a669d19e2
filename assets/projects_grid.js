/* The projects grid in server mode (AG Grid's infinite row model, pages served by a Dash callback;
 * components/projects_grid.py). OPS Monitor's own code. */
window.dashAgGridFunctions = window.dashAgGridFunctions || {};

/* One request a page: when the reader picks another page size, the grid's block size (the rows one
 * request asks for) follows it. Changing cacheBlockSize makes the grid empty its cache and ask again. */
window.dashAgGridFunctions.opsGridBlockSize = function (params) {
  var api = params.api;
  if (!params.newPageSize || !api || api.getGridOption("rowModelType") !== "infinite") { return; }
  var size = api.paginationGetPageSize();
  if (size > 0 && api.getGridOption("cacheBlockSize") !== size) {
    api.setGridOption("cacheBlockSize", size);
  }
};
