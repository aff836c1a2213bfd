#!/usr/bin/env bash
# Idle WebSockets: what 1,000 and 10,000 authenticated, silent /v1/ws sockets cost the server.
#   bash bench/idle-websockets.sh            # ~3 minutes; writes bench/IDLE-WEBSOCKETS.md
#
# Starts target/zeroprint.jar (built if missing) in development mode on 127.0.0.1 with a random
# port, and a separate Node process (bench/ws-idle-client.mjs, open-file limit raised with ulimit -n)
# that opens the sockets, holds them HOLD_SECONDS while the server pings them (Node's WebSocket
# answers with pongs by itself), then closes them. After a forced GC (jcmd GC.run) it records the
# server's heap in use (GC.heap_info), its RSS (/proc/PID/status VmRSS), native memory (NMT) and a
# class histogram, at 0 sockets before each step, with the sockets open, and after closing them.
# Per socket = (with sockets - the 0 just before) / sockets. The histogram diff (0 -> the largest
# count) shows which classes grow per socket. Every process is stopped by its PID; the temp folder
# (logs, histograms, java.io.tmpdir) is deleted on exit. Loopback only.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
JAR=$ROOT/target/zeroprint.jar
OUT=${IDLE_OUT:-$ROOT/bench/IDLE-WEBSOCKETS.md}
export TF_CPP_MIN_LOG_LEVEL=1

COUNTS=(${IDLE_COUNTS:-1000 10000}) # sockets per step, in order; each step starts again from 0
HOLD_SECONDS=${IDLE_HOLD_SECONDS:-20}   # sockets held idle before measuring
# The server pings every half idle timeout and closes a socket silent for 2.5 ping periods. 10 s
# (ping every 5 s, closed after 12.5 s without a pong) means a hold of 20 s proves the pongs arrive:
# a client that did not answer would see its sockets closed (1001) before the measurement.
IDLE_TIMEOUT_SECONDS=${IDLE_TIMEOUT_SECONDS:-10}
NOFILE=20000          # the client's open-file limit (the machine's default hard limit)
START_TIMEOUT_SECONDS=120
CLIENT_TIMEOUT_SECONDS=180 # one client command (open 10000, closeall)
TOP_CLASSES=25

export ZEROPRINT_HTTP_HOST=127.0.0.1 ZEROPRINT_AUTH_JWKS= ZEROPRINT_TLS_CERT= ZEROPRINT_TLS_KEY=
# Every handshake passes the per-address limit and the per-subject read allowance (/v1/ws is a read
# route): raised to the largest AbuseConfig accepts, so 11,000+ handshakes in a minute are not 429s.
export ZEROPRINT_ABUSE_PER_IP_PER_MINUTE=1000000
export ZEROPRINT_ABUSE_READS_PER_SUBJECT_PER_MINUTE=1000000
export ZEROPRINT_HTTP_IDLE_TIMEOUT_SECONDS=$IDLE_TIMEOUT_SECONDS

WORK=$(mktemp -d "${TMPDIR:-/tmp}/zeroprint-idle.XXXXXX")
LOGS=$WORK/logs
JAVA_TMP=$WORK/tmp
mkdir -p "$LOGS" "$JAVA_TMP"
SERVER_PID=
NODE_PID= # the client's PID (bash unsets coproc's CLIENT_PID when it ends)
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

# --- server ---------------------------------------------------------------------------------
say "starting zeroprint (development mode, idle timeout ${IDLE_TIMEOUT_SECONDS}s)"
ZEROPRINT_HTTP_PORT=0 java -XX:NativeMemoryTracking=summary -Djava.io.tmpdir="$JAVA_TMP" -jar "$JAR" \
  > "$LOGS/zeroprint.log" 2>&1 &
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
say "zeroprint (pid $SERVER_PID) on 127.0.0.1:$PORT"

# --- client: a coprocess speaking one line per command ------------------------------------------
coproc CLIENT { ulimit -n "$NOFILE" && exec node --experimental-websocket --no-warnings \
  bench/ws-idle-client.mjs "ws://127.0.0.1:$PORT/v1/ws" 2> "$LOGS/client.err"; }
NODE_PID=$CLIENT_PID
CLIENT_OUT=${CLIENT[0]}
CLIENT_IN=${CLIENT[1]}
REPLY_LINE=
ask() {
  echo "$1" >&"$CLIENT_IN"
  read -r -t "$CLIENT_TIMEOUT_SECONDS" REPLY_LINE <&"$CLIENT_OUT" || { cat "$LOGS/client.err" >&2; die "client did not answer '$1'"; }
}
field() { sed -n "s/.*\b$1=\([^ ]*\).*/\1/p" <<< "$REPLY_LINE"; }

# --- measurements -----------------------------------------------------------------------------
declare -A HEAP RSS NMT_OTHER NMT_HEAP
# measure LABEL: forced GC, then heap in use, RSS, NMT committed (Java heap; Other = direct buffers), histogram
measure() {
  local label=$1 info
  jcmd "$SERVER_PID" GC.run > /dev/null
  info=$(jcmd "$SERVER_PID" GC.heap_info)
  HEAP[$label]=$(sed -n 's/.*garbage-first heap.*used \([0-9]*\)K.*/\1/p' <<< "$info" | head -1)
  [[ -n ${HEAP[$label]} ]] || die "cannot read the heap from: $info"
  RSS[$label]=$(awk '/^VmRSS:/ {print $2}' "/proc/$SERVER_PID/status")
  local nmt
  nmt=$(jcmd "$SERVER_PID" VM.native_memory summary)
  NMT_HEAP[$label]=$(sed -n 's/.*Java Heap (reserved=[0-9]*KB, committed=\([0-9]*\)KB).*/\1/p' <<< "$nmt" | head -1)
  NMT_OTHER[$label]=$(sed -n 's/.*Other (reserved=[0-9]*KB, committed=\([0-9]*\)KB).*/\1/p' <<< "$nmt" | head -1)
  jcmd "$SERVER_PID" GC.class_histogram > "$WORK/histo-$label.txt"
  say "   $label: heap after GC ${HEAP[$label]} KiB, RSS ${RSS[$label]} KiB, NMT Other ${NMT_OTHER[$label]:-?} KiB"
}

hold() {
  local n=$1
  say "opening $n sockets"
  ask "open $n"
  [[ $(field open) == "$n" ]] || die "only $(field open) of $n sockets opened: $REPLY_LINE"
  OPEN_MS[$n]=$(field ms)
  say "   $REPLY_LINE; holding ${HOLD_SECONDS}s"
  sleep "$HOLD_SECONDS"
  ask status
  say "   $REPLY_LINE"
  [[ $(field open) == "$n" && $(field closed) == 0 ]] || die "sockets were closed during the hold: $REPLY_LINE"
}

release() {
  ask closeall
  [[ $(field open) == 0 ]] || die "sockets still open after closeall: $REPLY_LINE"
  sleep 2 # the server's close handlers
}

declare -A OPEN_MS BEFORE
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
say "warm-up: 100 sockets opened and closed (class loading, JIT)"
ask "open 100"; release
measure base
prev=base
for n in "${COUNTS[@]}"; do
  hold "$n"
  measure "s$n"
  release
  measure "after$n"
  BEFORE[$n]=$prev
  prev="after$n"
done
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)
echo exit >&"$CLIENT_IN" || true

# --- report -----------------------------------------------------------------------------------
kib_per() { awk -v a="$1" -v b="$2" -v n="$3" 'BEGIN { printf "%.2f", (a - b) * 1024 / n / 1024 }'; }
bytes_per() { awk -v a="$1" -v b="$2" -v n="$3" 'BEGIN { printf "%.0f", (a - b) * 1024 / n }'; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
LAST=${COUNTS[-1]}
{
  echo "# Idle WebSockets"
  echo
  echo "Generated by \`bench/idle-websockets.sh\` on $(date -u +%Y-%m-%dT%H:%M:%SZ), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown)."
  echo "Machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(java -version 2>&1 | head -1)."
  echo "Load average (1/5/15 min) at start: $LOAD_START; at end: $LOAD_END."
  echo
  echo "Server: \`java -XX:NativeMemoryTracking=summary -jar target/zeroprint.jar\`, development mode, default heap settings"
  echo "(G1), \`http.idleTimeoutSeconds\`=$IDLE_TIMEOUT_SECONDS (a ping every $(( IDLE_TIMEOUT_SECONDS * 1000 / 2 )) ms)."
  echo "Client: Node $(node --version) built-in WebSocket (offers permessage-deflate, answers pings), token in the"
  echo "subprotocols \`access_token, <jwt>\`, separate process, \`ulimit -n $NOFILE\`. Sockets held ${HOLD_SECONDS} s; none was closed"
  echo "by the server during a hold (pongs answered). Heap = \`GC.heap_info\` used after \`GC.run\`; RSS = VmRSS;"
  echo "NMT Other = native memory tracking's \"Other\" (Netty's direct buffers)."
  echo
  echo "| sockets | heap after GC | RSS | NMT Other | heap / socket | RSS / socket | opened in |"
  echo "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
  echo "| 0 | $(mib "${HEAP[base]}") MiB | $(mib "${RSS[base]}") MiB | $(mib "${NMT_OTHER[base]:-0}") MiB | | | |"
  for n in "${COUNTS[@]}"; do
    b=${BEFORE[$n]}
    echo "| $n | $(mib "${HEAP[s$n]}") MiB | $(mib "${RSS[s$n]}") MiB | $(mib "${NMT_OTHER[s$n]:-0}") MiB | $(bytes_per "${HEAP[s$n]}" "${HEAP[$b]}" "$n") B | $(bytes_per "${RSS[s$n]}" "${RSS[$b]}" "$n") B | ${OPEN_MS[$n]} ms |"
    echo "| 0 (after closing $n) | $(mib "${HEAP[after$n]}") MiB | $(mib "${RSS[after$n]}") MiB | $(mib "${NMT_OTHER[after$n]:-0}") MiB | | | |"
  done
  echo
  echo "Per socket = (value with the sockets open − value at 0 just before) / sockets."
  heap_last_mib=$(mib "${HEAP[s$LAST]}")
  verdict=$(awk -v h="${HEAP[s$LAST]}" 'BEGIN { print (h < 256 * 1024) ? "met" : "missed" }')
  echo "Target: $LAST sockets in < 256 MiB of heap — **$verdict** ($heap_last_mib MiB in use after GC, the server's own 0-socket"
  echo "heap included)."
  echo
  echo "## What each socket holds (class histogram, 0 → $LAST sockets)"
  echo
  echo "\`jcmd GC.class_histogram\` (live objects) before the step and with the $LAST sockets open; the $TOP_CLASSES classes"
  echo "that grew most, per socket:"
  echo
  echo "| class | instances / socket | bytes / socket |"
  echo "| --- | ---: | ---: |"
  awk -v n="$LAST" -v top="$TOP_CLASSES" '
    FNR == 1 { file++ }
    $1 ~ /^[0-9]+:$/ { name = $4; if (file == 1) { i0[name] = $2; b0[name] = $3 } else { i1[name] = $2; b1[name] = $3 } }
    END {
      for (c in b1) { d = b1[c] - b0[c]; if (d > 0) printf "%d\t%s\t%.2f\t%.1f\n", d, c, (i1[c] - i0[c]) / n, d / n }
    }' "$WORK/histo-${BEFORE[$LAST]}.txt" "$WORK/histo-s$LAST.txt" \
    | sort -t$'\t' -k1,1nr | head -"$TOP_CLASSES" | awk -F'\t' '{ printf "| `%s` | %s | %s |\n", $2, $3, $4 }'
  awk -v n="$LAST" '
    FNR == 1 { file++ }
    /^Total/ { if (file == 1) t0 = $3; else t1 = $3 }
    END { printf "\nAll classes: %.0f bytes per socket (histogram totals).\n", (t1 - t0) / n }' \
    "$WORK/histo-${BEFORE[$LAST]}.txt" "$WORK/histo-s$LAST.txt"
} > "$OUT"
say "wrote $OUT"
cat "$OUT"
