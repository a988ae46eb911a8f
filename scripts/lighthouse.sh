#!/usr/bin/env bash
# Lighthouse on a running server (Debian's Chromium, mobile emulation, Lighthouse's simulated
# slow 4G) for `/`, `/projects` and `/dashboard`, signed in as the national coordinator for
# the last two. Prints each page's performance and accessibility scores, Largest Contentful
# Paint and Total Blocking Time against the goals of issue 13, and exits 1 if one is missed.
#
#   bash scripts/run-demo.sh &        # or any server with the demo data
#   bash scripts/lighthouse.sh        # BASE_URL=http://127.0.0.1:3000 by default
#
# Lighthouse comes from npm on first use (npm exec), never a downloaded browser.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
base="${BASE_URL:-http://127.0.0.1:3000}"
chrome="${CHROMIUM_PATH:-/usr/bin/chromium}"
out="${LIGHTHOUSE_OUT:-target/lighthouse}"
mkdir -p "$out"

# A signed-in session: the login form as a browser without JavaScript posts it.
jar="$out/cookies.txt"
curl -sS -o /dev/null -c "$jar" -H "Referer: $base/login" -H "Origin: $base" \
  --data-urlencode "form[email]=national@innocities.example" \
  --data-urlencode "form[password]=InnoCities-demo-2026" \
  "$base/api/auth/login"
# (curl marks HttpOnly cookies with a "#HttpOnly_" prefix, which is not a comment)
cookie="$(sed 's/^#HttpOnly_//' "$jar" | awk '!/^#/ && NF >= 7 { printf "%s=%s; ", $6, $7 }')"
if [ -z "$cookie" ]; then
  echo "could not sign in at $base" >&2
  exit 1
fi

failed=0
for path in / /projects /dashboard; do
  name="$(echo "$path" | tr '/' '_')"
  headers="{}"
  [ "$path" != "/" ] && headers="{\"Cookie\": \"$cookie\"}"
  CHROME_PATH="$chrome" npm exec --yes --package=lighthouse@12 -- lighthouse "$base$path" \
    --quiet --only-categories=performance,accessibility --form-factor=mobile \
    --throttling-method=simulate --extra-headers="$headers" \
    --chrome-flags="--headless --no-sandbox" \
    --output=json --output-path="$out/page$name.json" >/dev/null
  node -e '
    const r = require(process.argv[1]);
    const perf = Math.round(r.categories.performance.score * 100);
    const a11y = Math.round(r.categories.accessibility.score * 100);
    const lcp = r.audits["largest-contentful-paint"].numericValue;
    const tbt = r.audits["total-blocking-time"].numericValue;
    const page = new URL(r.finalDisplayedUrl).pathname;
    if (page !== process.argv[2]) {
      console.log(`${process.argv[2]}: measured ${page} instead (not signed in?)`);
      process.exit(1);
    }
    const ok = perf >= 95 && a11y === 100 && lcp <= 2500 && tbt <= 200;
    console.log(`${process.argv[2].padEnd(11)} performance ${perf}, accessibility ${a11y}, LCP ${(lcp / 1000).toFixed(2)} s, TBT ${Math.round(tbt)} ms: ${ok ? "goals met" : "GOAL MISSED"}`);
    process.exit(ok ? 0 : 1);
  ' "$PWD/$out/page$name.json" "$path" || failed=1
done
exit "$failed"
