#!/bin/sh
# Runs the simulated kubectl or helm: `launch.sh kubectl|helm ARGS...` (the shims in bin/ call this).
#
# Each call is a process, so start-up time matters: running the TypeScript through tsx costs ~450 ms
# per call, a bundled file ~60 ms, the bundle with a V8 code cache (run-bundle.cjs) ~45 ms. The sources
# are bundled with esbuild (a tsx dependency) into node_modules/.cache/dataspoke-sim/sim.cjs and
# rebuilt when any sim/*.ts is newer than the bundle. Without esbuild it falls back to tsx.
set -e
SIM_SRC=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
ROOT=$(dirname -- "$SIM_SRC")
CACHE="${SIM_BUNDLE_DIR:-$ROOT/node_modules/.cache/dataspoke-sim}"
BUNDLE="$CACHE/sim.cjs"
ESBUILD="$ROOT/node_modules/esbuild/bin/esbuild"
# NODE_OPTIONS may carry "--import tsx", which breaks when the cwd is not the project.
unset NODE_OPTIONS
# The simulator opens no TLS connection; extra CA certificates would be parsed at every start (~45 ms CPU here).
unset NODE_EXTRA_CA_CERTS

if [ ! -f "$BUNDLE" ] || [ -n "$(find "$SIM_SRC" -name '*.ts' -newer "$BUNDLE" -print 2>/dev/null | head -n 1)" ]; then
  if [ -x "$ESBUILD" ]; then
    mkdir -p "$CACHE"
    TMP="$BUNDLE.$$.tmp"
    # A temp file then a rename: concurrent first calls may all build, none sees a half-written bundle.
    "$ESBUILD" "$SIM_SRC/main.ts" --bundle --platform=node --format=cjs --target=node20 \
      --outfile="$TMP" --log-level=error
    mv -f "$TMP" "$BUNDLE"
  else
    # No bundle to build: --build-only has nothing to print (callers then go through this script).
    [ "$1" = "--build-only" ] && exit 0
    exec node --import "$ROOT/node_modules/tsx/dist/esm/index.mjs" "$SIM_SRC/main.ts" "$@"
  fi
fi
# --build-only: prints the bundle's path, for SIM_BUNDLE (see bin/kubectl).
[ "$1" = "--build-only" ] && { echo "$BUNDLE"; exit 0; }
exec node "$SIM_SRC/run-bundle.cjs" "$BUNDLE" "$@"
