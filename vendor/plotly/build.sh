#!/usr/bin/env bash
# Builds plotly-ops.min.js (plotly.js with only the trace types in entry.js) from the npm registry
# packages pinned in package.json and package-lock.json, with the same esbuild settings as
# plotly.js's own dist bundles; writes its Brotli copy and SHA256SUMS beside it.
#
#   bash vendor/plotly/build.sh           # rebuild and overwrite (after changing entry.js or versions)
#   bash vendor/plotly/build.sh --check   # rebuild in a temporary folder; fail unless byte-identical
#
# Needs node and npm and the npm registry; the app itself never does (it serves the committed file).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$here/package.json" "$here/package-lock.json" "$here/entry.js" "$work/"
cd "$work"
npm ci --no-audit --no-fund --ignore-scripts --loglevel=error >/dev/null
version="$(node -p 'require("plotly.js/package.json").version')"
node_modules/.bin/esbuild entry.js --bundle --format=iife --global-name=Plotly --minify --target=es2016 \
  --define:global=window --define:define.amd=false --legal-comments=external --log-level=error \
  --banner:js="/*! plotly.js v$version (MIT licence, vendor/plotly/LICENSE): partial bundle for OPS Monitor, built by vendor/plotly/build.sh from vendor/plotly/entry.js */" \
  --outfile=out/plotly-ops.min.js
# The one address of a remote host plotly.js would fetch from, its default base-map topology URL, is
# emptied: the app always sets `topojsonURL` to its own route, and an offline bundle names no CDN.
node -e 'const fs=require("fs");const f=process.argv[1];const s=fs.readFileSync(f,"utf8");
const t=s.split("\"https://cdn.plot.ly/un/\"").join("\"\"");if(t===s){throw new Error("CDN default not found")}
fs.writeFileSync(f,t);' out/plotly-ops.min.js
if [ "${1:-}" = "--check" ]; then
  if cmp -s out/plotly-ops.min.js "$here/plotly-ops.min.js" && (cd "$here" && sha256sum --quiet -c SHA256SUMS); then
    echo "vendor/plotly/plotly-ops.min.js: identical to a fresh build of plotly.js $version, checksum OK"
  else
    echo "vendor/plotly/plotly-ops.min.js differs from a fresh build of plotly.js $version" >&2
    exit 1
  fi
  exit 0
fi
cp out/plotly-ops.min.js "$here/plotly-ops.min.js"
cp out/plotly-ops.min.js.LEGAL.txt "$here/THIRD-PARTY-NOTICES.txt"  # the bundled packages' own licence comments
# The Brotli copy the app sends (quality 11: the smallest; too slow to make per process).
node -e 'const z=require("zlib"),fs=require("fs");const b=fs.readFileSync(process.argv[1]);
fs.writeFileSync(process.argv[2], z.brotliCompressSync(b,{params:{[z.constants.BROTLI_PARAM_QUALITY]:11,[z.constants.BROTLI_PARAM_SIZE_HINT]:b.length}}));' \
  "$here/plotly-ops.min.js" "$here/plotly-ops.min.js.br"
(cd "$here" && sha256sum plotly-ops.min.js > SHA256SUMS)
echo "built vendor/plotly/plotly-ops.min.js from plotly.js $version: $(wc -c < "$here/plotly-ops.min.js") bytes, Brotli $(wc -c < "$here/plotly-ops.min.js.br")"
