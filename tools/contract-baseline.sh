#!/usr/bin/env bash
# Makes the current contract the baseline that ContractBaselineTest compares it with. Run it only
# for a deliberate change: a new /v2, or a correction the team agreed breaks no real client. Commit
# the baseline together with the change.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
src="$root/src/main/resources/contract"
dst="$root/src/test/resources/contract-baseline"
rm -rf "$dst"
mkdir -p "$dst"
cp -R "$src/." "$dst/"
echo "baseline updated from $src"
