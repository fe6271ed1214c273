#!/usr/bin/env bash
# Debian's Chromium for the browser tests (Playwright drives it; it never downloads a browser) and CJK fonts so the
# pages' Chinese renders in screenshots. Idempotent; runs as root on a fresh Debian 12.
set -euo pipefail
cd "$(dirname "$0")/../.."

missing=()
[[ -x /usr/bin/chromium ]] || missing+=(chromium)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing+=(fonts-noto-cjk)
if (( ${#missing[@]} )); then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# The build restores these too; doing it here keeps a failure to reach the npm registry apart from a build failure.
# Installed again when the lock file is newer than npm's marker: a package added since must not be missing.
restore() { [[ "$1/node_modules/.package-lock.json" -nt "$1/package-lock.json" ]] || (cd "$1" && npm ci --no-audit --no-fund); }
restore src/Api
# axe-core, which the accessibility tests inject into the pages.
restore tests/Browser.Tests
