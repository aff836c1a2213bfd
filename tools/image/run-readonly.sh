#!/usr/bin/env bash
# Runs the image built by `mvn -Pimage package` without a container engine, the way a hardened pod
# would: its layers unpacked into a folder, mounted read-only as the root filesystem (bubblewrap),
# user 65532, no /tmp, the entrypoint from the image's own config. It waits for /health/ready on
# loopback, upscales one PNG, stops the server with SIGTERM, and prints the start-up time, the exit
# status, the warnings logged and every write the process attempted (strace; none expected).
# Usage (as root, for setpriv; needs bwrap, strace, jq, curl, file, bc):
#   run-readonly.sh [image tarball] [png]
# TRACE=0 skips strace (it slows start-up down): for timing only. TLS_DIR=<folder with cert.pem and
# key.pem> serves HTTPS (OpenSSL through netty-tcnative, loaded from the image), mounted read-only.
# ZEROPRINT_TRY_PORT picks the loopback port (18080).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
tarball=${1:-$here/../../target/zeroprint-image.tar}
png=${2:-$here/../../src/test/resources/images/chelsea.png}
work=$(mktemp -d)
rootfs=$work/rootfs
port=${ZEROPRINT_TRY_PORT:-18080}
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT

# --- unpack: the OCI layout's manifest lists the layers bottom-up ---------------------------------
mkdir -p "$work/oci" "$rootfs"
tar -xf "$tarball" -C "$work/oci" --warning=no-unknown-keyword
manifest=$work/oci/blobs/sha256/$(jq -r '.manifests[0].digest | sub("sha256:"; "")' "$work/oci/index.json")
config=$work/oci/blobs/sha256/$(jq -r '.config.digest | sub("sha256:"; "")' "$manifest")
for layer in $(jq -r '.layers[].digest | sub("sha256:"; "")' "$manifest"); do
  tar -xzf "$work/oci/blobs/sha256/$layer" -C "$rootfs" --warning=no-unknown-keyword
done
mapfile -t entrypoint < <(jq -r '.config.Entrypoint[]' "$config")
user=$(jq -r '.config.User' "$config")
cwd=$(jq -r '.config.WorkingDir' "$config")
echo "image: user $user, working dir $cwd, entrypoint ${entrypoint[*]}"
test ! -e "$rootfs/bin/sh" && echo "image: no /bin/sh"

# --- run: read-only root, non-root, host loopback shared (so curl reaches it), nothing writable ---
# As a container runtime does: the image's top-level folders bind-mounted read-only onto an empty
# root, /proc and /dev mounted, then the root itself made read-only. The process is uid 65532 on
# the host too (setpriv before bwrap), and the unpacked files belong to root: even without the
# read-only mounts it could not write them.
binds=()
for d in "$rootfs"/*; do binds+=(--ro-bind "$d" "/${d##*/}"); done
scheme=http
tls_env=()
if [[ -n ${TLS_DIR:-} ]]; then
  scheme=https
  binds+=(--ro-bind "$(cd "$TLS_DIR" && pwd)" /tls)
  tls_env=(ZEROPRINT_TLS_CERT=/tls/cert.pem ZEROPRINT_TLS_KEY=/tls/key.pem)
fi
chmod 755 "$work"
start=$(date +%s.%N)
tracer=()
if [[ ${TRACE:-1} != 0 ]]; then
  tracer=(/usr/bin/strace -f -qq -o "$work/strace"
    -e trace=execve,openat,open,creat,mkdir,mkdirat,unlink,unlinkat,rename,renameat,symlink,symlinkat,link,linkat)
fi
env -i PATH=/nonexistent ZEROPRINT_HTTP_PORT="$port" TF_CPP_MIN_LOG_LEVEL=1 "${tls_env[@]}" "${tracer[@]}" \
  /usr/bin/setpriv --reuid="${user%%:*}" --regid="${user##*:}" --clear-groups \
  /usr/bin/bwrap --tmpfs / "${binds[@]}" --proc /proc --dev /dev --remount-ro / \
    --unshare-user --unshare-pid --unshare-ipc --unshare-uts \
    --uid "${user%%:*}" --gid "${user##*:}" --chdir "$cwd" --die-with-parent --new-session \
    -- "${entrypoint[@]}" >"$work/out" 2>&1 &
pid=$!
until curl -kfsS -o /dev/null "$scheme://127.0.0.1:$port/health/ready" 2>/dev/null; do
  kill -0 "$pid" 2>/dev/null || { cat "$work/out"; echo "server exited before it was ready"; exit 1; }
  (($(date +%s) - ${start%.*} < 180)) || { cat "$work/out"; echo "not ready after 180 s"; exit 1; }
  sleep 0.2
done
ready=$(date +%s.%N)
printf 'ready after %.1f s\n' "$(echo "$ready - $start" | bc)"

token=$(sed -n 's/^export ZEROPRINT_TOKEN=//p' "$work/out")
status=$(curl -ksS -o "$work/result.png" -w '%{http_code} %{size_download}' -H "Authorization: Bearer $token" \
  -H 'Content-Type: image/png' --data-binary @"$png" "$scheme://127.0.0.1:$port/v1/enhance?effect=upscale&scale=2")
echo "upscale ×2 of $(basename "$png") over $scheme: HTTP ${status% *}, ${status#* } bytes, $(file -b "$work/result.png" | cut -d, -f1-2)"

if [[ $scheme == https ]]; then
  echo "TLS: $(curl -ksS -H "Authorization: Bearer $token" "$scheme://127.0.0.1:$port/v1/admin/status" | jq -c .tls)"
fi

# strace runs bwrap, which runs the server: signal the java process itself, found among its descendants.
descendants() { local c; for c in $(pgrep -P "$1"); do echo "$c"; descendants "$c"; done; }
java_pid=$(for p in $(descendants "$pid"); do [[ $(cat /proc/$p/comm 2>/dev/null) == java ]] && echo "$p"; done | head -1)
kill -TERM "$java_pid"
set +e
wait "$pid"
code=$?
set -e
echo "exit status after SIGTERM: $code"
grep -v '^export ZEROPRINT_TOKEN=' "$work/out" | tail -n 2
echo "warnings and errors logged: $(grep -c -E ' (WARNING|SEVERE|ERROR) ' "$work/out" || true)"
grep -E ' (WARNING|SEVERE|ERROR) ' "$work/out" | head -5 || true

# Writes: any open for writing or creation, and any change to the tree, by any thread or child
# (/proc and /dev are the kernel's, not the image's).
[[ ${TRACE:-1} != 0 ]] || exit 0
# Only what the server did: the trace from its execve on (bwrap's own set-up comes before).
writes=$(sed -n '/execve("\/opt\/java\/bin\/java"/,$p' "$work/strace" | grep -E 'O_WRONLY|O_RDWR|O_CREAT|mkdir|unlink|rename|symlink|link\(' \
  | grep -v -E 'execve|"/(proc|dev)/' || true)
if [[ -z $writes ]]; then
  echo "attempted writes: none"
else
  echo "attempted writes:"
  echo "$writes" | sed -E 's/^[0-9]+ +//' | sort | uniq -c | sort -rn | head -20
fi
