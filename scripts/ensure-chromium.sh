#!/usr/bin/env bash
# Runs before `npm test`: the HTML report test renders the report in headless Chromium. Installs Debian's
# chromium package when it is missing (no browser download). Needs root (or sudo) and apt; otherwise it
# says what to install and leaves the test to fail with the same hint.
set -euo pipefail
if [ -n "${CHROMIUM:-}" ] && [ -x "$CHROMIUM" ]; then exit 0; fi
if command -v chromium >/dev/null 2>&1; then exit 0; fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: no chromium and no apt-get; install Chromium and set CHROMIUM to its path" >&2
  exit 0
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "ensure-chromium: not root and no sudo; run: apt-get install -y chromium" >&2
    exit 0
  fi
fi
echo "ensure-chromium: installing Debian's chromium for the report screenshot test (once)…"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
