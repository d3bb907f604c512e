#!/bin/sh
# Installs the pinned npm packages for the offline checks: manifest/node (Teams manifest schemas),
# tests/cards/node (Adaptive Cards renderer, playwright-core) and tests/realclient/node (Microsoft
# 365 Agents Playground, playwright-core). Idempotent: a folder whose package-lock.json has not
# changed since its last `npm ci` is left alone, so a second run takes well under a second.
# Never downloads a browser; the gallery and the real-client test use Debian's chromium
# (apt-get install -y chromium).
#
# Usage: tests/cards/node/install.sh   (from any directory)
set -eu

root=$(cd "$(dirname "$0")/../../.." && pwd)
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

for dir in "$root/manifest/node" "$root/tests/cards/node" "$root/tests/realclient/node"; do
    stamp="$dir/node_modules/.fagnett-package-lock.sha256"
    want=$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
        echo "install.sh: ${dir#"$root"/} is up to date"
        continue
    fi
    echo "install.sh: npm ci in ${dir#"$root"/}"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    echo "$want" > "$stamp"
done

if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
    echo "install.sh: note: no Chromium at ${CHROMIUM_PATH:-/usr/bin/chromium}; the card gallery" \
        "and the real-client test need it (apt-get install -y chromium)" >&2
fi
