#!/usr/bin/env bash
# Runs before `npm test`: installs the Debian packages the tests drive when they are missing: chromium (the
# HTML report test renders the report in headless Chromium; no browser download) and tmux (the live-view test
# runs the CLI in a real terminal). Needs root (or sudo) and apt; otherwise it says what to install and leaves
# the tests to fail with the same hint.
set -euo pipefail
missing=()
if ! { [ -n "${CHROMIUM:-}" ] && [ -x "$CHROMIUM" ]; } && ! command -v chromium >/dev/null 2>&1; then missing+=(chromium); fi
if ! command -v tmux >/dev/null 2>&1; then missing+=(tmux); fi
[ ${#missing[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: no apt-get; install ${missing[*]} (and set CHROMIUM to Chromium's path)" >&2
  exit 0
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "ensure-chromium: not root and no sudo; run: apt-get install -y ${missing[*]}" >&2
    exit 0
  fi
fi
echo "ensure-chromium: installing Debian's ${missing[*]} for the tests (once)…"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
