#!/usr/bin/env bash
# zeroprint benchmarks, all in one run: bash bench/run.sh
#
# Builds the jar if missing, installs wrk and hey (apt) and the tfjs peer's modules (npm ci in
# tools/golden) if missing, starts and stops every server itself on loopback random ports, and
# writes bench/RESULTS.md (also printed at the end) and the raw numbers behind it,
# bench/RESULTS.properties. Temporary inputs and logs live in one temp folder that is deleted on
# exit, and every process this script started is stopped by its PID.
# Benchmarks that compare things interleave them in the same run: on a shared, noisy machine only
# ratios measured side by side mean anything.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
JAR=$ROOT/target/zeroprint.jar
RESULTS_MD=$ROOT/bench/RESULTS.md
export TF_CPP_MIN_LOG_LEVEL=1 # TensorFlow's start-up chatter

# Durations in seconds, chosen so the whole run stays near 8 minutes on 2 cores.
INGEST_ROUNDS=5          # interleaved rounds per ingest cell; the table shows medians
INGEST_SECONDS=1         # one wrk run in one round
INGEST_WARM_SECONDS=2    # per server and body size, before measuring (JIT)
UPSCALE_SLICES=5         # server/bare-model slice pairs per concurrency (hey: max(6, 3 × c) requests a slice)
BARE_SLICE_SECONDS=3     # the bare model's half of a slice pair
PEER_SLICES=5            # bare-model/peer slice pairs per scale
PEER_IMAGES_PER_SLICE=2  # the peer's half of a slice pair (~1.6-2 s an image)
MEMORY_INGEST_SECONDS=4  # 8 connections uploading 10 MiB to the ingest route
MEMORY_HOLD_SECONDS=6    # 8 enhance uploads admitted, first one upscaling
START_TIMEOUT_SECONDS=120
IDLE_TIMEOUT_SECONDS=60

# Settings for every zeroprint this run starts: the jar below and the drivers' in-process servers
# (InProcessServer reads the same environment). Development mode on loopback (no JWKS, plain HTTP):
# the server makes a signing key for its run and hands out a token for it (see start_zeroprint).
export ZEROPRINT_HTTP_HOST=127.0.0.1 ZEROPRINT_AUTH_JWKS= ZEROPRINT_TLS_CERT= ZEROPRINT_TLS_KEY=
# Abuse limits raised: one address and one token send thousands of requests a minute here, far past
# the defaults (120 a minute per address, 30 per subject, 500 images a day, 2 in flight), and a 429
# would measure the limiter's refusals, not the path. The checks themselves still run on every
# request. Rates and quota are the largest AbuseConfig accepts; in flight only has to admit the
# memory benchmark's 8 concurrent uploads (plus headroom for connections still closing).
export ZEROPRINT_ABUSE_PER_IP_PER_MINUTE=1000000
export ZEROPRINT_ABUSE_PER_SUBJECT_PER_MINUTE=1000000
export ZEROPRINT_ABUSE_READS_PER_SUBJECT_PER_MINUTE=1000000
export ZEROPRINT_ABUSE_DAILY_QUOTA=100000000
export ZEROPRINT_ABUSE_MAX_CONCURRENT_PER_SUBJECT=64

INGEST_SIZES=(1MiB 20MiB)
INGEST_CONCURRENCY=(1 4)
UPSCALE_CONCURRENCY=(1 2 4)
UPSCALE_SCALE=2
EFFICIENCY_SCALES=(2 4)

WORK=$(mktemp -d "${TMPDIR:-/tmp}/zeroprint-bench.XXXXXX")
RESULTS=$WORK/results.properties
CLASSES=$WORK/classes
INPUTS=$WORK/inputs
LOGS=$WORK/logs
JAVA_TMP=$WORK/tmp # every JVM's java.io.tmpdir: JFR recordings, Netty's native library, temp files
mkdir -p "$CLASSES" "$INPUTS" "$LOGS" "$WORK/uploads" "$JAVA_TMP"
PIDS=()
STARTED_AT=$(date +%s)

cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'echo "interrupted" >&2; exit 130' INT TERM

say() { printf '[%4ds] %s\n' "$(( $(date +%s) - STARTED_AT ))" "$*"; }
put() { printf '%s=%s\n' "$1" "$2" >> "$RESULTS"; }

# Runs a command with its output in a log; on failure shows the log's tail and stops.
logged() {
  local name=$1; shift
  if ! "$@" > "$LOGS/$name.log" 2>&1; then
    echo "FAILED: $name" >&2
    tail -40 "$LOGS/$name.log" >&2
    exit 1
  fi
}

java_cp() { java -Djava.io.tmpdir="$JAVA_TMP" -cp "$JAR:$CLASSES" "$@"; }

# ---------------------------------------------------------------------------------------------
# Prerequisites
# ---------------------------------------------------------------------------------------------
prerequisites() {
  if [[ ! -f $JAR ]]; then
    say "building target/zeroprint.jar"
    logged build mvn -q -DskipTests package
  fi
  if ! command -v wrk > /dev/null || ! command -v hey > /dev/null; then
    say "installing wrk and hey (apt)"
    logged apt sh -c 'apt-get update && apt-get install -y wrk hey'
  fi
  if [[ ! -f tools/golden/node_modules/@tensorflow/tfjs-backend-wasm/package.json ]]; then
    say "installing the tfjs peer's modules (npm ci in tools/golden)"
    logged npm sh -c 'cd tools/golden && npm ci --ignore-scripts --no-audit --no-fund'
  fi
  say "compiling bench/java"
  logged javac javac -d "$CLASSES" -cp "$JAR" bench/java/*.java
  say "writing inputs to a temp folder"
  logged inputs java_cp MakeInputs "$INPUTS" src/test/resources/images/astronaut.png
  local f
  for f in "$INPUTS"/*.raw "$INPUTS"/*.multipart "$INPUTS"/*.png; do
    put "input.$(basename "$f").bytes" "$(stat -c %s "$f")"
  done
}

meta() {
  put meta.date "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  put meta.commit "$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
  put meta.cpu "$(lscpu | sed -n 's/^Model name: *//p' | head -1)"
  put meta.cores "$(nproc)"
  put meta.simd "$(grep -m1 '^flags' /proc/cpuinfo | grep -o -w -E 'avx2|fma|avx512f' | sort -u | tr '\n' ' ')"
  put meta.memory "$(free -g | awk '/^Mem:/ {print $2 " GiB"}')"
  put meta.kernel "$(uname -r)"
  put meta.jdk "$(java -version 2>&1 | head -1)"
  put meta.wrk "$(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2)"
  put meta.node "$(node --version)"
  put meta.load_start "$(cut -d' ' -f1-3 /proc/loadavg)"
  put meta.hey "hey $(dpkg-query -W -f '${Version}' hey 2>/dev/null || echo '?')"
  put meta.server_env "$(env | grep -E '^ZEROPRINT_ABUSE_' | sort | tr '\n' ' ')"
  put meta.settings "INGEST_ROUNDS=$INGEST_ROUNDS INGEST_SECONDS=$INGEST_SECONDS UPSCALE_SLICES=$UPSCALE_SLICES BARE_SLICE_SECONDS=$BARE_SLICE_SECONDS PEER_SLICES=$PEER_SLICES PEER_IMAGES_PER_SLICE=$PEER_IMAGES_PER_SLICE MEMORY_INGEST_SECONDS=$MEMORY_INGEST_SECONDS MEMORY_HOLD_SECONDS=$MEMORY_HOLD_SECONDS"
}

# ---------------------------------------------------------------------------------------------
# Servers: started in the background, ready once their log says "listening on http://127.0.0.1:PORT".
# The command must be a program, not a shell function, so that $! is the server's own PID.
# ---------------------------------------------------------------------------------------------
PORT=
start_server() {
  local name=$1; shift
  "$@" > "$LOGS/$name.log" 2>&1 &
  local pid=$!
  PIDS+=("$pid")
  eval "PID_$name=$pid"
  local deadline=$(( $(date +%s) + START_TIMEOUT_SECONDS ))
  PORT=
  while [[ -z $PORT ]]; do
    PORT=$(grep -o 'listening on http://127.0.0.1:[0-9]*' "$LOGS/$name.log" | head -1 | grep -o '[0-9]*$' || true)
    if ! kill -0 "$pid" 2>/dev/null || (( $(date +%s) > deadline )); then
      echo "server $name did not start" >&2
      tail -40 "$LOGS/$name.log" >&2
      exit 1
    fi
    [[ -n $PORT ]] || sleep 0.2
  done
  say "$name listening on 127.0.0.1:$PORT"
}

# The jar in development mode prints "export ZEROPRINT_TOKEN=<jwt>" on stdout once it is up; the
# token is exported for wrk, hey and the Java drivers talking to this server (never printed here).
start_zeroprint() {
  start_server zeroprint env ZEROPRINT_HTTP_PORT=0 ZEROPRINT_HTTP_INGEST_BENCHMARK_ROUTE=true \
    java -Djava.io.tmpdir="$JAVA_TMP" -jar "$JAR"
  local deadline=$(( $(date +%s) + START_TIMEOUT_SECONDS )) token=
  while [[ -z $token ]]; do
    token=$(sed -n 's/^export ZEROPRINT_TOKEN=//p' "$LOGS/zeroprint.log" | head -1)
    if [[ -z $token ]] && (( $(date +%s) > deadline )); then
      echo "zeroprint printed no development token (is it in development mode?)" >&2
      exit 1
    fi
    [[ -n $token ]] || sleep 0.2
  done
  export ZEROPRINT_TOKEN=$token
}

stop_server() {
  local var="PID_$1"
  kill "${!var}" 2>/dev/null || true
  wait "${!var}" 2>/dev/null || true
}

# wrk_measure KEY URL BODY CTYPE CONCURRENCY SECONDS: one closed-loop wrk run, results under KEY
# (none for a warm-up: empty KEY). Every server gets zeroprint's bearer token. Any error answer
# (status >= 400: 401, 429, 413, ...), socket error or timeout stops the whole run: the rates
# would no longer measure the upload path.
wrk_measure() {
  local key=$1 url=$2 body=$3 ctype=$4 conc=$5 secs=$6 out line
  out=$(BODY=$body CTYPE=$ctype TOKEN=$ZEROPRINT_TOKEN \
    wrk -t1 -c"$conc" -d"${secs}s" --timeout 60s -s bench/wrk-post.lua "$url")
  line=$(grep '^RESULT ' <<< "$out") || { echo "wrk failed: $out" >&2; exit 1; }
  if ! grep -q ' non2xx=0 socket_errors=0 timeouts=0 ' <<< "$line"; then
    echo "FAILED: wrk to $url with $(basename "$body") saw errors: $line" >&2
    exit 1
  fi
  [[ -z $key ]] && return 0
  local kv
  for kv in ${line#RESULT }; do
    put "$key.${kv%%=*}" "${kv#*=}"
  done
}

# ---------------------------------------------------------------------------------------------
# 1. Ingest: zeroprint's ingest route vs a discard-only Vert.x server vs BodyHandler to disk
# ---------------------------------------------------------------------------------------------
ZP_URL=
bench_ingest() {
  say "1. ingest: starting zeroprint, discard and bodyhandler servers"
  start_zeroprint
  ZP_URL=http://127.0.0.1:$PORT
  start_server discard java -Djava.io.tmpdir="$JAVA_TMP" -cp "$JAR:$CLASSES" PeerServer discard
  local discard_url=http://127.0.0.1:$PORT
  start_server bodyhandler java -Djava.io.tmpdir="$JAVA_TMP" -cp "$JAR:$CLASSES" PeerServer bodyhandler "$WORK/uploads"
  local bodyhandler_url=http://127.0.0.1:$PORT
  local multipart_type
  multipart_type=$(cat "$INPUTS/multipart.ctype")

  # target = name url body-extension content-type
  local targets=(
    "zeroprint.raw $ZP_URL raw image/png"
    "zeroprint.multipart $ZP_URL multipart $multipart_type"
    "discard.raw $discard_url raw image/png"
    "discard.multipart $discard_url multipart $multipart_type"
    "bodyhandler.multipart $bodyhandler_url multipart $multipart_type"
  )
  local size conc round t name url ext ctype
  for size in "${INGEST_SIZES[@]}"; do
    for t in "${targets[@]}"; do
      read -r name url ext ctype <<< "$t"
      wrk_measure "" "$url/v1/bench/ingest" "$INPUTS/ingest-$size.$ext" "$ctype" 4 "$INGEST_WARM_SECONDS"
    done
    for conc in "${INGEST_CONCURRENCY[@]}"; do
      say "   $size bodies, concurrency $conc, $INGEST_ROUNDS interleaved rounds"
      for round in $(seq 1 "$INGEST_ROUNDS"); do
        for t in "${targets[@]}"; do
          read -r name url ext ctype <<< "$t"
          wrk_measure "ingest.$name.$size.c$conc.r$round" "$url/v1/bench/ingest" "$INPUTS/ingest-$size.$ext" \
            "$ctype" "$conc" "$INGEST_SECONDS"
        done
      done
    done
  done
  stop_server discard
  stop_server bodyhandler
  rm -rf "$WORK/uploads" # BodyHandler leaves the files of uploads cut off by wrk's stop
}

# What benchmark 1's report sets against zeroprint's per-request gap: one bearer-token verification.
bench_auth() {
  say "   bearer-token verification cost (zeroprint's Authenticator, in-process)"
  logged auth java_cp AuthCost "$RESULTS"
}

# ---------------------------------------------------------------------------------------------
# 3 + 5. End-to-end upscale (hey) against the bare model in-process, alternating in slices
# ---------------------------------------------------------------------------------------------
bench_upscale() {
  say "3/5. upscale 256x256 x$UPSCALE_SCALE: end-to-end (hey) vs bare model, $UPSCALE_SLICES slice pairs per concurrency"
  logged upscale java_cp UpscaleCompare "$RESULTS" "$INPUTS/photo-256.png" "$ZP_URL" "$UPSCALE_SCALE" \
    "$UPSCALE_SLICES" "$BARE_SLICE_SECONDS" "${UPSCALE_CONCURRENCY[@]}"
  grep -E '^c[0-9]+ slice' "$LOGS/upscale.log" | sed 's/^/      /'
  stop_server zeroprint
}

# ---------------------------------------------------------------------------------------------
# 4 + 7. The tfjs-wasm peer against the bare model, alternating in slices, at each scale
# ---------------------------------------------------------------------------------------------
bench_peer() {
  say "4. peer: tfjs-wasm in Node vs bare model, x${EFFICIENCY_SCALES[*]}, $PEER_SLICES slice pairs each"
  logged peer java_cp PeerCompare "$RESULTS" "$INPUTS/photo-256.png" bench/peer-tfjs.cjs "$PEER_SLICES" \
    "$BARE_SLICE_SECONDS" "$PEER_IMAGES_PER_SLICE" "${EFFICIENCY_SCALES[@]}"
  grep -E '^x[0-9]+ slice' "$LOGS/peer.log" | sed 's/^/      /'
}

# ---------------------------------------------------------------------------------------------
# 8. The CPU's measured fp32 peak, where the bare model's time goes, XLA and the tile side, pool sizing
# ---------------------------------------------------------------------------------------------
bench_profile() {
  say "8. fp32 peak (FMA microbenchmark), per-op profile, oneDNN kernels, XLA, 1x2 vs 2x1 threads"
  if ! command -v gcc > /dev/null; then
    logged apt-gcc sh -c 'apt-get update && apt-get install -y gcc libc6-dev'
  fi
  logged peak-build gcc -O2 -mavx512f -mfma -o "$WORK/peak" bench/peak.c -lpthread
  local gflops='s/.*threads: \([0-9.]*\) GFLOP.*/\1/p'
  if grep -q -w avx512f /proc/cpuinfo; then
    put peak.fma512.gflops "$("$WORK/peak" "$(nproc)" fma512 | sed -n "$gflops")"
    put peak.fma512_1t.gflops "$("$WORK/peak" 1 fma512 | sed -n "$gflops")"
  fi
  put peak.fma256.gflops "$("$WORK/peak" "$(nproc)" fma256 | sed -n "$gflops")"
  put peak.ghz "$("$WORK/peak" 1 chain | sed -n 's/chain: \([0-9.]*\) GHz.*/\1/p')"
  logged profile java_cp ModelProfile ops "$RESULTS" "${EFFICIENCY_SCALES[@]}"
  ONEDNN_VERBOSE=1 java_cp ModelProfile kernels "${EFFICIENCY_SCALES[@]}" > "$LOGS/onednn.log" 2>&1
  logged kernels java_cp ModelProfile parse-kernels "$RESULTS" "$LOGS/onednn.log"
  logged xla java_cp ModelProfile xla "$RESULTS" "$BARE_SLICE_SECONDS" "${EFFICIENCY_SCALES[@]}"
  local r
  for r in 1 2 3; do
    ZEROPRINT_MODELS_UPSCALE_COMPILE=lazy ZEROPRINT_WORKER_POOL_SIZE=1 \
      logged pool java_cp ModelProfile pool "$RESULTS" "pool.1x2.r$r" 2 1 "$BARE_SLICE_SECONDS"
    ZEROPRINT_MODELS_UPSCALE_COMPILE=lazy ZEROPRINT_WORKER_POOL_SIZE=2 \
      logged pool java_cp ModelProfile pool "$RESULTS" "pool.2x1.r$r" 2 2 "$BARE_SLICE_SECONDS"
  done
}

# ---------------------------------------------------------------------------------------------
# 2 and 6: in-process servers (heap allocation per MiB; memory peaks)
# ---------------------------------------------------------------------------------------------
bench_heap() {
  say "2. heap per uploaded MiB on the ingest path (ThreadMXBean + JFR)"
  logged heap java_cp IngestHeap "$RESULTS" "$INPUTS"
}

bench_memory() {
  say "6. memory with 8 concurrent 10 MiB uploads: ingest route (${MEMORY_INGEST_SECONDS}s)"
  logged memory-ingest java_cp MemoryPeak "$RESULTS" "$INPUTS" bench/wrk-post.lua ingest "$MEMORY_INGEST_SECONDS"
  say "   enhance, x2, 8 admitted (${MEMORY_HOLD_SECONDS}s window)"
  logged memory-enhance java_cp MemoryPeak "$RESULTS" "$INPUTS" bench/wrk-post.lua enhance "$MEMORY_HOLD_SECONDS"
}

prerequisites
meta
bench_ingest
bench_auth
bench_upscale
bench_peer
bench_profile
bench_heap
bench_memory
put meta.load_end "$(cut -d' ' -f1-3 /proc/loadavg)"
put meta.wall_seconds "$(( $(date +%s) - STARTED_AT ))"
say "writing bench/RESULTS.md"
java_cp Report "$RESULTS" "$RESULTS_MD"
cp "$RESULTS" "$ROOT/bench/RESULTS.properties" # the raw numbers behind the tables
say "done"
