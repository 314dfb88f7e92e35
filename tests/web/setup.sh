#!/usr/bin/env bash
# What the browser tests need: Debian's Chromium and playwright-core (no browser download, ever).
#   bash tests/web/setup.sh      (idempotent; CI runs it before `make test`)
set -euo pipefail
cd "$(dirname "$0")"

if [ ! -x /usr/bin/chromium ]; then
  echo "setup: installing Debian's chromium" >&2
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends chromium
fi

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "setup: node and npm are needed (Node 18+)" >&2
  exit 1
fi

# playwright-core from the committed lockfile; it never downloads a browser.
if [ ! -f node_modules/playwright-core/package.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
fi
echo "setup: $(/usr/bin/chromium --version 2>/dev/null | head -1); playwright-core $(node -p "require('./node_modules/playwright-core/package.json').version")" >&2
