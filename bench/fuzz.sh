#!/usr/bin/env bash
# The long mutation-fuzzer run: bash bench/fuzz.sh [iterations] [seed]
#
# Compiles the tests, then runs io.zeroprint.hostile.FuzzDriver: a fixed number of deterministic
# mutants (default 20000) of a small PNG and JPEG against an in-process zeroprint on loopback (port 0,
# the test limits). It stops by itself and writes bench/FUZZ.md; exit status 1 if anything was found
# (a 500, a non-problem error, a hang past the job deadline, image memory left in use).
set -euo pipefail
cd "$(dirname "$0")/.."
ITERATIONS=${1:-20000}
SEED=${2:-20261131}
export TF_CPP_MIN_LOG_LEVEL=1
# Offline by default; the first run on a fresh ~/.m2 needs MVN_OFFLINE= (maven-dependency-plugin).
MVN_OFFLINE=${MVN_OFFLINE--o}
mvn -B -q $MVN_OFFLINE test-compile
CP_FILE=$(mktemp)
trap 'rm -f "$CP_FILE"' EXIT
mvn -B -q $MVN_OFFLINE dependency:build-classpath -Dmdep.outputFile="$CP_FILE" -Dmdep.includeScope=test
java -cp "target/test-classes:target/classes:$(cat "$CP_FILE")" io.zeroprint.hostile.FuzzDriver \
  "$ITERATIONS" bench/FUZZ.md "$SEED" 2>&1 | grep -v '^INFO: {"ts"' | grep -v 'AuditLog write$'
