#!/usr/bin/env bash
# Soak: valid and hostile traffic at ~80% of the measured capacity, for a set time; the script stops
# by itself and writes bench/SOAK.md.
#   bash bench/soak.sh               # 10 minutes of soak (+ ~1 minute: start, capacity, drain)
#   SOAK_SECONDS=180 bash bench/soak.sh
#
# Starts target/zeroprint.jar (built if missing) in development mode on 127.0.0.1 with a random
# port, and a separate Node process (bench/soak-client.mjs) for the traffic:
#   valid   — POST /v1/enhance?scale=2 of a 64×64 PNG (half of the valid requests), POST /v1/jobs?scale=2
#             then its result polled and fetched, a WebSocket submit with the result received on the socket;
#   hostile — a truncated PNG, a PNG with a damaged IDAT (to /v1/enhance and as a job), an upload
#             announcing one byte over limits.maxUploadBytes, a bad signature, no token, an unknown
#             effect, a WebSocket handshake with a bad token, a WebSocket submit over the limit.
# First CAPACITY_SECONDS of valid requests only, closed loop (CAPACITY_CONCURRENCY at once): the
# capacity. Then SOAK_SECONDS open loop: valid requests at LOAD_FRACTION of it, evenly spaced, and
# hostile ones HOSTILE_PER_VALID times as often. Heap after a forced GC (jcmd GC.run, GC.heap_info)
# and RSS (VmRSS) are taken after the capacity run (start) and after the soak has drained (end);
# zeroprint_buffer_in_use_bytes from /metrics at the end. Every process is stopped by its PID; the
# temp folder (logs, java.io.tmpdir) is deleted on exit. Loopback only.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
JAR=$ROOT/target/zeroprint.jar
OUT=${SOAK_OUT:-$ROOT/bench/SOAK.md}
export TF_CPP_MIN_LOG_LEVEL=1

SOAK_SECONDS=${SOAK_SECONDS:-600}
CAPACITY_SECONDS=${CAPACITY_SECONDS:-30}
CAPACITY_CONCURRENCY=${CAPACITY_CONCURRENCY:-4}
LOAD_FRACTION=${LOAD_FRACTION:-0.8}
HOSTILE_PER_VALID=${HOSTILE_PER_VALID:-0.5}
START_TIMEOUT_SECONDS=120
CLIENT_SLACK_SECONDS=240 # on top of a run's length: the client's drain (150 s) and start-up
SETTLE_SECONDS=3         # after the soak, before the end measurements (close handlers, receipts)
(( SOAK_SECONDS >= 10 && SOAK_SECONDS <= 86400 )) || { echo "SOAK_SECONDS must be 10..86400" >&2; exit 2; }

export ZEROPRINT_HTTP_HOST=127.0.0.1 ZEROPRINT_AUTH_JWKS= ZEROPRINT_TLS_CERT= ZEROPRINT_TLS_KEY=
# One address and one token send everything: rates, reads and quota raised to the largest
# AbuseConfig accepts, requests in flight and jobs held per subject raised so the open loop's
# concurrency is not refused as one subject's excess. Worker pool and queue keep their defaults:
# a valid request refused for load (429/503 with Retry-After) is counted as back-pressure, apart.
export ZEROPRINT_ABUSE_PER_IP_PER_MINUTE=1000000
export ZEROPRINT_ABUSE_PER_SUBJECT_PER_MINUTE=1000000
export ZEROPRINT_ABUSE_READS_PER_SUBJECT_PER_MINUTE=1000000
export ZEROPRINT_ABUSE_DAILY_QUOTA=100000000
export ZEROPRINT_ABUSE_MAX_CONCURRENT_PER_SUBJECT=128
export ZEROPRINT_JOBS_MAX_PER_SUBJECT=256

WORK=$(mktemp -d "${TMPDIR:-/tmp}/zeroprint-soak.XXXXXX")
LOGS=$WORK/logs
JAVA_TMP=$WORK/tmp
mkdir -p "$LOGS" "$JAVA_TMP"
SERVER_PID=
NODE_PID=
STARTED_AT=$(date +%s)

cleanup() {
  local pid
  for pid in $NODE_PID $SERVER_PID; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in $NODE_PID $SERVER_PID; do
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'echo "interrupted" >&2; exit 130' INT TERM

say() { printf '[%4ds] %s\n' "$(( $(date +%s) - STARTED_AT ))" "$*"; }
die() { echo "FAILED: $*" >&2; tail -20 "$LOGS/zeroprint.log" >&2 || true; exit 1; }

if [[ ! -f $JAR ]]; then
  say "building target/zeroprint.jar"
  mvn -q -DskipTests package > "$LOGS/build.log" 2>&1 || { tail -40 "$LOGS/build.log" >&2; exit 1; }
fi

say "starting zeroprint (development mode)"
ZEROPRINT_HTTP_PORT=0 java -Djava.io.tmpdir="$JAVA_TMP" -jar "$JAR" > "$LOGS/zeroprint.log" 2>&1 &
SERVER_PID=$!
deadline=$(( $(date +%s) + START_TIMEOUT_SECONDS ))
PORT= TOKEN=
while [[ -z $PORT || -z $TOKEN ]]; do
  kill -0 "$SERVER_PID" 2>/dev/null || die "zeroprint exited"
  (( $(date +%s) <= deadline )) || die "zeroprint did not start in ${START_TIMEOUT_SECONDS}s"
  PORT=$(grep -o 'listening on http://127.0.0.1:[0-9]*' "$LOGS/zeroprint.log" | head -1 | grep -o '[0-9]*$' || true)
  TOKEN=$(sed -n 's/^export ZEROPRINT_TOKEN=//p' "$LOGS/zeroprint.log" | head -1)
  [[ -n $PORT && -n $TOKEN ]] || sleep 0.2
done
export ZEROPRINT_TOKEN=$TOKEN
URL=http://127.0.0.1:$PORT
say "zeroprint (pid $SERVER_PID) on 127.0.0.1:$PORT"

# client MODE SECONDS ARGS...: the Node client in the background (its PID kept for cleanup), bounded.
client() {
  local name=$1 secs=$2; shift 2
  node --experimental-websocket --no-warnings bench/soak-client.mjs "$@" > "$WORK/$name.json" 2> "$LOGS/$name.err" &
  NODE_PID=$!
  local deadline=$(( $(date +%s) + secs + CLIENT_SLACK_SECONDS ))
  while kill -0 "$NODE_PID" 2>/dev/null; do
    (( $(date +%s) <= deadline )) || die "the $name client did not finish in time"
    sleep 1
  done
  wait "$NODE_PID" || { cat "$LOGS/$name.err" >&2; die "the $name client failed"; }
  NODE_PID=
}

heap_kib() {
  jcmd "$SERVER_PID" GC.run > /dev/null
  jcmd "$SERVER_PID" GC.heap_info | sed -n 's/.*garbage-first heap.*used \([0-9]*\)K.*/\1/p' | head -1
}
rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$SERVER_PID/status"; }
metric() {
  curl -sf --max-time 10 -H "Authorization: Bearer $ZEROPRINT_TOKEN" "$URL/metrics" \
    | awk -v m="$1" '$1 == m { print $2 }' | head -1
}

LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
say "capacity: ${CAPACITY_SECONDS}s of valid requests, closed loop, concurrency $CAPACITY_CONCURRENCY"
client capacity "$CAPACITY_SECONDS" capacity "$URL" "$CAPACITY_SECONDS" "$CAPACITY_CONCURRENCY"
CAPACITY=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1])).validPerSecond.toFixed(3))' "$WORK/capacity.json")
RATE=$(awk -v c="$CAPACITY" -v f="$LOAD_FRACTION" 'BEGIN { printf "%.3f", c * f }')
say "   capacity $CAPACITY valid requests/s; soak at $RATE/s (+ hostile × $HOSTILE_PER_VALID)"
awk -v r="$RATE" 'BEGIN { exit !(r > 0) }' || die "no valid request succeeded in the capacity run: $(cat "$WORK/capacity.json")"
sleep "$SETTLE_SECONDS"
HEAP_START=$(heap_kib); RSS_START=$(rss_kib)
say "   start: heap after GC $HEAP_START KiB, RSS $RSS_START KiB"

say "soak: ${SOAK_SECONDS}s"
SOAK_STARTED=$(date +%s)
client soak "$SOAK_SECONDS" soak "$URL" "$SOAK_SECONDS" "$RATE" "$HOSTILE_PER_VALID"
SOAK_WALL=$(( $(date +%s) - SOAK_STARTED ))
sleep "$SETTLE_SECONDS"
HEAP_END=$(heap_kib); RSS_END=$(rss_kib)
BUFFER_IN_USE=$(metric zeroprint_buffer_in_use_bytes)
JOBS_ADMITTED=$(metric zeroprint_jobs_admitted)
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)
say "   end: heap after GC $HEAP_END KiB, RSS $RSS_END KiB, buffer in use ${BUFFER_IN_USE:-?} bytes"
grep -c -E ' ERROR |Exception' "$LOGS/zeroprint.log" > "$WORK/server-errors" || true

# ---- report ------------------------------------------------------------------------------------
META="date=$(date -u +%Y-%m-%dT%H:%M:%SZ)
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
machine=$(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(java -version 2>&1 | head -1), Node $(node --version)
load_start=$LOAD_START
load_end=$LOAD_END
soak_seconds=$SOAK_SECONDS
soak_wall=$SOAK_WALL
capacity_seconds=$CAPACITY_SECONDS
capacity_concurrency=$CAPACITY_CONCURRENCY
load_fraction=$LOAD_FRACTION
hostile_per_valid=$HOSTILE_PER_VALID
heap_start=$HEAP_START
heap_end=$HEAP_END
rss_start=$RSS_START
rss_end=$RSS_END
buffer_in_use=${BUFFER_IN_USE:-missing}
jobs_admitted=${JOBS_ADMITTED:-missing}
server_error_lines=$(cat "$WORK/server-errors")
server_env=$(env | grep -E '^ZEROPRINT_(ABUSE|JOBS)_' | sort | tr '\n' ' ')"
node - "$WORK/capacity.json" "$WORK/soak.json" "$OUT" <<EOF_NODE
const fs = require('fs');
const [capFile, soakFile, out] = process.argv.slice(2);
const cap = JSON.parse(fs.readFileSync(capFile));
const soak = JSON.parse(fs.readFileSync(soakFile));
const meta = Object.fromEntries(\`$META\`.split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
const mib = (k) => (Number(k) / 1024).toFixed(1);
const change = (a, b) => ((Number(b) - Number(a)) / Number(a) * 100).toFixed(1);
const ms = (x) => x == null ? '–' : x.toFixed(0);
const rows = Object.entries(soak.outcomes).map(([k, n]) => [...k.split('\t'), n]);
const total = (pred) => rows.filter(pred).reduce((s, r) => s + r[3], 0);
const valid = total((r) => r[0] === 'valid');
const validOk = total((r) => r[0] === 'valid' && r[2] === 'ok');
const validBack = total((r) => r[0] === 'valid' && r[2].startsWith('backpressure:'));
const validBad = total((r) => r[0] === 'valid' && r[2].startsWith('unexpected'));
const hostile = total((r) => r[0] === 'hostile');
const hostileExpected = total((r) => r[0] === 'hostile' && r[2].startsWith('expected:'));
const hostileThrough = total((r) => r[0] === 'hostile' && r[2].startsWith('accepted:'));
const hostileBad = total((r) => r[0] === 'hostile' && r[2].startsWith('unexpected'));
const hostileBack = total((r) => r[0] === 'hostile' && r[2].startsWith('backpressure:'));
const pc = (a, b) => b ? (a / b * 100).toFixed(2) + ' %' : '–';
const heapFlat = Math.abs(change(meta.heap_start, meta.heap_end)) <= 10;
const rssFlat = Math.abs(change(meta.rss_start, meta.rss_end)) <= 10;
const L = [];
L.push('# Soak');
L.push('');
L.push(\`Generated by \\\`bench/soak.sh\\\` on \${meta.date}, commit \${meta.commit}: **\${meta.soak_seconds} s of soak** (\${meta.soak_wall} s with the drain),\`);
L.push(\`after a \${meta.capacity_seconds} s capacity run. \${meta.machine}.\`);
L.push(\`Load average (1/5/15 min) at start: \${meta.load_start}; at end: \${meta.load_end} (the machine is shared).\`);
L.push(\`Server: \\\`java -jar target/zeroprint.jar\\\`, development mode, default heap (G1), worker pool and queue at their defaults; \${meta.server_env.trim()}.\`);
L.push('');
L.push('## Load');
L.push('');
L.push(\`- Capacity (valid requests only, closed loop, concurrency \${cap.concurrency}, \${cap.seconds} s): **\${cap.validPerSecond.toFixed(2)} valid requests/s** (\${cap.ok} of \${cap.total} succeeded).\`);
L.push(\`- Soak: valid requests at \${soak.validPerSecond.toFixed(2)}/s (\${meta.load_fraction} of capacity), hostile ones \${meta.hostile_per_valid} × as often, evenly spaced (open loop);\`);
L.push(\`  \${soak.scheduled} scheduled, \${soak.skipped} skipped because 64 were already in flight, \${soak.stillPending} still pending at the end.\`);
L.push('- Valid mix: 2 × \`POST /v1/enhance?scale=2\` (64×64 PNG) : 1 × \`POST /v1/jobs?scale=2\` + result polled (100 ms) and fetched : 1 × WebSocket submit (result on the socket).');
L.push('');
L.push('## Outcomes');
L.push('');
L.push('| | requests | share |');
L.push('| --- | ---: | ---: |');
L.push(\`| valid, succeeded | \${validOk} | \${pc(validOk, valid)} |\`);
L.push(\`| valid, refused for load (429/503 with Retry-After; or a job then ended by one, 410 \\\`failed: queue_full\\\`) | \${validBack} | \${pc(validBack, valid)} |\`);
L.push(\`| **valid, unexpected error** (5xx, other status, connection error, timeout) | **\${validBad}** | **\${pc(validBad, valid)}** |\`);
L.push(\`| hostile, refused as expected (4xx) | \${hostileExpected} | \${pc(hostileExpected, hostile)} |\`);
L.push(\`| hostile, refused for load before it was looked at (429/503 with Retry-After) | \${hostileBack} | \${pc(hostileBack, hostile)} |\`);
L.push(\`| hostile, accepted (2xx: not refused) | \${hostileThrough} | \${pc(hostileThrough, hostile)} |\`);
L.push(\`| **hostile, unexpected** (5xx, connection error, timeout) | **\${hostileBad}** | **\${pc(hostileBad, hostile)}** |\`);
L.push('');
L.push('By kind and outcome (\`expected:STATUS:code\` for refusals):');
L.push('');
L.push('| traffic | kind | outcome | count |');
L.push('| --- | --- | --- | ---: |');
for (const r of rows.sort((a, b) => (a[0] + a[1] + a[2]).localeCompare(b[0] + b[1] + b[2]))) L.push(\`| \${r[0]} | \${r[1]} | \\\`\${r[2]}\\\` | \${r[3]} |\`);
L.push('');
L.push('## Latency of valid requests that succeeded (ms, submit to last byte; jobs include the polling)');
L.push('');
L.push('| kind | n | p50 | p99 | max |');
L.push('| --- | ---: | ---: | ---: | ---: |');
for (const [k, v] of Object.entries(soak.latency)) L.push(\`| \${k} | \${v.n} | \${ms(v.p50)} | \${ms(v.p99)} | \${ms(v.max)} |\`);
L.push('');
L.push('## Memory');
L.push('');
L.push('| | start (after the capacity run) | end (after the soak drained) | change | flat within 10 %? |');
L.push('| --- | ---: | ---: | ---: | --- |');
L.push(\`| heap after GC | \${mib(meta.heap_start)} MiB | \${mib(meta.heap_end)} MiB | \${change(meta.heap_start, meta.heap_end)} % | \${heapFlat ? 'yes' : 'no'} |\`);
L.push(\`| RSS | \${mib(meta.rss_start)} MiB | \${mib(meta.rss_end)} MiB | \${change(meta.rss_start, meta.rss_end)} % | \${rssFlat ? 'yes' : 'no'} |\`);
L.push('');
L.push(\`\\\`zeroprint_buffer_in_use_bytes\\\` at the end: **\${meta.buffer_in_use}** (must be 0: \${meta.buffer_in_use === '0' || meta.buffer_in_use === '0.0' ? 'yes' : 'NO'});\`);
L.push(\`\\\`zeroprint_jobs_admitted\\\`: \${meta.jobs_admitted}. Server log lines with ERROR or an exception: \${meta.server_error_lines}.\`);
fs.writeFileSync(out, L.join('\n') + '\n');
EOF_NODE
say "wrote $OUT"
cat "$OUT"
