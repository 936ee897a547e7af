#!/usr/bin/env bash
# The whole test suite, as README's test command and CI run it: lint, typecheck,
# build, then every vitest project (domain with coverage, server, web, browser, and
# scale — which needs PostgreSQL and Redis: ensure-services.sh starts or fails).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/toolchain.sh
source scripts/ensure-chromium.sh
source scripts/ensure-services.sh

step() { printf '\n== %s\n' "$1"; }

step "lint (biome)"
pnpm exec biome check .
step "typecheck (every package)"
pnpm -r typecheck
step "build the web app"
pnpm --filter @codev/web build >/dev/null
step "bench harness (pnpm bench --quick: proves it runs and writes the JSON, asserts no timing)"
pnpm bench --quick
step "tests"
results=$(mktemp)
status=0
pnpm exec vitest run --coverage --reporter=default --reporter=json --outputFile.json="$results" || status=$?
node scripts/print-test-summary.ts "$results"
exit "$status"
