#!/usr/bin/env bash
# Installs the npm packages the tests use, each folder from its lockfile (npm ci), when its
# node_modules is absent. Run by Maven before the tests; arguments: the folders.
set -euo pipefail
for dir in "$@"; do
  if [ ! -d "$dir/node_modules" ]; then
    echo "npm ci in $dir"
    (cd "$dir" && npm ci --ignore-scripts --no-audit --no-fund)
  fi
done
