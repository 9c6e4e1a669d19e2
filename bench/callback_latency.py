"""Server-side latency of each page's callbacks, cold and warm cache; prints JSON.

    uv run python -m bench.callback_latency [--data DIR] [--calls 200]

The app is imported in this process (no HTTP server, no browser: only the server's work is
timed) and Dash's own endpoint `_dash-update-component` is posted to through Flask's test client,
with the same payloads the browser sends: the shell's URL callback rendering every page (its
whole layout, charts included), and the same callback answering a change of the region filter on /
(the URL, and the page updated in place); Dash's layout request (the app shell); and the
projects grid's page requests in server mode (AG Grid's infinite row model: the first page, a later
one, sorted, searched, column-filtered), whatever mode the data's size gives the page.
"cold": the caches are emptied before every call (query results, rendered pages and shells, the
row-level frames; the tables derived once per data version stay, as in a running app; those built on
first use rather than at load are built by a first call, timed apart as "first_ms");
"warm": the same request again with the caches filled. Figures in milliseconds.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PAGES = ["/", "/regions", "/sectors", "/impact", "/spending", "/projects", "/programmes", "/sources",
         "/embed/projects-by-region"]
SEARCH = "?region=1084,1083&from=2012"  # a realistic filtered view
sys.path.insert(0, str(REPO))
from ui.filter_bar import CONTROLS  # noqa: E402
from ui.router import LOCATION, RENDERED  # noqa: E402


def url_payload(path: str, search: str, *, changed: str = "url", controls=None, shown=None, lang: str = "da",
                nav: bool = True) -> dict:
    """The shell's URL callback (ui/shell.follow_url) as the browser calls it: by default when the URL
    changes on a page load without a Referer (no page shown yet, so no component to update in place;
    the filter controls empty, the navbar's links there); `changed="filter-region"` (with the
    `controls`' values) as a change of the region dropdown does."""
    from ui.router import ids_on_page, nav_pages, render  # noqa: PLC0415
    from ui.shell import FOLLOW_URL  # noqa: PLC0415

    values = {f"{LOCATION}.pathname": path, f"{LOCATION}.search": search, "shell-lang.data": lang,
              f"{RENDERED}.data": shown, "filter-reset.n_clicks": 0}
    for control, value in zip(CONTROLS, controls or ([], [], [], None, None), strict=True):
        values[f"{control}.value"] = value
    nav_paths = [page["path"] for page in nav_pages()] if nav else []
    # the pattern-matching components on the page shown, its charts drawn (none when no page is shown yet)
    on_page = ids_on_page(render(shown["pathname"], shown["search"])[0]) if shown else []

    def outputs(dependency):
        component_id = dependency.component_id
        if isinstance(component_id, dict):
            if component_id.get("type") == "nav-link":
                return [{"id": {"type": "nav-link", "path": p}, "property": dependency.component_property}
                        for p in nav_paths]
            return [{"id": i, "property": dependency.component_property} for i in on_page
                    if i.get("type") == component_id.get("type") and set(i) == set(component_id)]
        return {"id": component_id, "property": dependency.component_property}

    def item(dependency, with_value: bool = True):
        key = f"{dependency.component_id}.{dependency.component_property}"
        return {"id": dependency.component_id, "property": dependency.component_property,
                **({"value": values[key]} if with_value else {})}

    return {
        "output": ".." + "...".join(str(o) for o in FOLLOW_URL["outputs"]) + "..",
        "outputs": [outputs(o) for o in FOLLOW_URL["outputs"]],
        "inputs": [item(i) for i in FOLLOW_URL["inputs"]],
        "changedPropIds": [f"{LOCATION}.pathname", f"{LOCATION}.search"] if changed == LOCATION
        else [f"{changed}.value"],
        "state": [item(s) for s in FOLLOW_URL["state"]],
    }


def router_payload(path: str, search: str) -> dict:
    """The request that renders the page at `path` with the query `search`: the URL callback as on a
    page load without a Referer (it answers with the page's whole layout, charts included)."""
    return url_payload(path, search)


def filter_sync_payload(search: str) -> dict:
    """A change of the region dropdown to Region Hovedstaden on / shown with the query `search`: the
    URL callback writes the URL and answers with the page for it, updated in place (the components on
    the page shown are among its outputs)."""
    from data.current import get_dataset  # noqa: PLC0415

    return url_payload("/", search, changed="filter-region", controls=(["1084"], [], [], None, None),
                       shown={"pathname": "/", "search": search, "version": get_dataset().version})


GRID_SEARCH = "sygehus"  # a search word that matches a sector and some forms
GRID_CASES = {  # name: (startRow, sortModel, filterModel, search)
    "first page": (0, [], {}, ""),
    "page 51": (1000, [], {}, ""),
    "sorted by contract value": (0, [{"colId": "contract_value", "sort": "desc"}], {}, ""),
    "sorted by name": (0, [{"colId": "name", "sort": "asc"}], {}, ""),
    "searched": (0, [], {}, GRID_SEARCH),
    "column filter": (0, [], {"region": {"filterType": "text", "type": "contains", "filter": "syd"}}, ""),
}


def grid_rows_payload(output: str, search: str, start: int, sort: list, filters: dict, text: str) -> dict:
    """The projects grid's page request (`output`: its id in `_dash-dependencies`): rows start..start+20
    of the projects at `search` (the page's query string, as the page stores it)."""
    status = output.split("...")[1].removeprefix("projects-status.").rstrip(".")
    return {
        "output": output,
        "outputs": [{"id": "projects-grid", "property": "getRowsResponse"},
                    {"id": "projects-status", "property": status}],
        "inputs": [{"id": "projects-grid", "property": "getRowsRequest",
                    "value": {"startRow": start, "endRow": start + 20, "sortModel": sort, "filterModel": filters}}],
        "changedPropIds": ["projects-grid.getRowsRequest"],
        "state": [{"id": "projects-search", "property": "value", "value": text},
                  {"id": "projects-lang", "property": "data",
                   "value": {"lang": "da", "total": 0, "server": True, "query": search}}],
    }


def percentiles(samples: list[float]) -> dict:
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return {"p50": round(cuts[49], 2), "p95": round(cuts[94], 2), "max": round(max(samples), 2), "n": len(samples)}


SHELL = "app shell (_dash-layout)"


def timed(client, payload: dict | str, before=None) -> tuple[float, int]:
    """One request: a callback payload is posted to `_dash-update-component`; SHELL is Dash's layout
    request (the navbar, filter bar and footer), as the page at SEARCH makes it."""
    if before:
        before()
    start = time.perf_counter()
    if payload == SHELL:
        response = client.get("/_dash-layout", headers={"Referer": f"http://localhost/{SEARCH}"})
    else:
        response = client.post("/_dash-update-component", json=payload)
    elapsed = (time.perf_counter() - start) * 1000
    if response.status_code not in (200, 204):
        raise SystemExit(f"{payload if payload == SHELL else payload['inputs'][0]}: HTTP {response.status_code}")
    return elapsed, len(response.data)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=None, help="data package folder (default: the bundled one)")
    parser.add_argument("--calls", type=int, default=200, help="calls per page and cache state (default 200)")
    parser.add_argument("--pages", nargs="*", default=PAGES,
                        help=f"pages whose router is timed (default: {' '.join(PAGES)})")
    args = parser.parse_args(argv)
    if args.data:
        os.environ["OPS_DATA_DIR"] = str(args.data.resolve())
    sys.path.insert(0, str(REPO))
    started = time.perf_counter()
    import app as ops  # noqa: PLC0415  (the app reads OPS_DATA_DIR at import)
    from data import cache  # noqa: PLC0415

    import_s = time.perf_counter() - started
    client = ops.server.test_client()
    client.get("/")
    result: dict = {"data_version": ops.dataset.version, "rows": ops.dataset.row_counts(),
                    "import_s": round(import_s, 2), "calls": args.calls, "search": SEARCH, "callbacks": {}}
    cases: dict = {SHELL: SHELL}
    cases.update({f"router {p}": router_payload(p, SEARCH) for p in args.pages})
    dependencies = client.get("/_dash-dependencies").get_json()
    cases["filter change on /"] = filter_sync_payload(SEARCH)
    (rows,) = [d["output"] for d in dependencies if d["output"].startswith("..projects-grid.getRowsResponse")]
    for label, (start, sort, filters, text) in GRID_CASES.items():
        cases[f"grid rows: {label}"] = grid_rows_payload(rows, SEARCH, start, sort, filters, text)
    for name, payload in cases.items():
        # The first call also builds what is derived once per data version on first use (the projects
        # grid's search bytes and sort orders): reported apart, as "first_ms".
        first = timed(client, payload, before=lambda: cache.configure(None))
        cold = [timed(client, payload, before=lambda: cache.configure(None)) for _ in range(args.calls)]
        timed(client, payload)  # fill the cache
        warm = [timed(client, payload) for _ in range(args.calls)]
        result["callbacks"][name] = {"first_ms": round(first[0], 2), "cold_ms": percentiles([c[0] for c in cold]),
                                     "warm_ms": percentiles([w[0] for w in warm]),
                                     "response_bytes": warm[-1][1]}
        print(f"{name}: {result['callbacks'][name]}", file=sys.stderr, flush=True)  # progress: runs are long
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
