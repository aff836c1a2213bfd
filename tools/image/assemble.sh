#!/usr/bin/env bash
# Assembles the container image's extra layers under <target>/image, for jib to add on top of
# `scratch` (no registry is needed, so no base image is pulled):
#   os/      the Debian 12 runtime libraries the JRE and TensorFlow link against, plus /etc/passwd
#            and /etc/group naming the non-root user 65532
#   jre/     a jlinked JRE (only the modules the server uses), installed at /opt/java
#   native/  TensorFlow's and netty-tcnative's native libraries, extracted from their jars now so
#            that the container never writes them (read-only root filesystem, fast start)
# Usage: assemble.sh <target dir> <tensorflow-core-native linux-x86_64 jar> <netty-tcnative linux-x86_64 jar> [JDK]
# The JRE is linked from the JDK given (Maven passes the one it runs on), else from the jlink on PATH.
# Needs a Debian 12 host (apt-get, dpkg-deb: its apt sources decide the library versions) and unzip.
# Debian packages are fetched with `apt-get download` (the host's apt sources) and kept in
# <target>/image-debs, so a rebuild does not fetch them again.
set -euo pipefail

target=$1
tf_jar=$2
tcnative_jar=$3
jlink=${4:+$4/bin/}jlink
out=$target/image
debs=$target/image-debs

# The C/C++ runtime, plus what the JRE's image codecs and colour management load (Debian's JRE uses
# the system libjpeg and lcms2 instead of bundled copies), plus libc-bin for its C.UTF-8 locale
# only (without it LANG=C.UTF-8 falls back to ASCII and JDK 17 with it).
packages=(libc6 libc-bin libstdc++6 libgcc-s1 zlib1g libjpeg62-turbo liblcms2-2)
# Found with `jdeps --print-module-deps` over the server and its dependencies, plus the modules
# reached only by reflection or service loading: EC keys for ES256 tokens (jdk.crypto.ec), DNS
# through JNDI for Netty's resolver (java.naming, jdk.naming.dns), JVM metrics (java.management).
modules=java.base,java.desktop,java.logging,java.management,java.naming,java.sql,jdk.crypto.ec,jdk.management,jdk.naming.dns,jdk.unsupported

rm -rf "$out"
mkdir -p "$out/os" "$out/native" "$debs"

# --- Debian runtime libraries ---------------------------------------------------------------
missing=()
for p in "${packages[@]}"; do
  compgen -G "$debs/${p}_*.deb" >/dev/null || missing+=("$p")
done
if ((${#missing[@]})); then
  (cd "$debs" && apt-get download "${missing[@]}")
fi
for deb in "$debs"/*.deb; do
  dpkg-deb -x "$deb" "$out/os"
done
# Debian 12's packages keep /lib while its base system links /lib to /usr/lib; only /lib64 (the
# ELF interpreter path) and the two library folders are needed, and nothing else the packages ship.
rm -rf "$out/os/usr/share" "$out/os/usr/bin" "$out/os/usr/sbin" "$out/os/sbin" "$out/os/etc" \
  "$out/os/usr/lib/x86_64-linux-gnu/gconv" "$out/os/usr/libexec"
# Turn every symbolic link into a copy of what it points to inside this tree: jib adds files, and an
# absolute link would otherwise be resolved against the build machine.
while IFS= read -r -d '' link; do
  dest=$(readlink "$link")
  case $dest in
    /*) resolved=$out/os$dest ;;
    *) resolved=$(dirname "$link")/$dest ;;
  esac
  rm "$link"
  cp "$resolved" "$link"
done < <(find "$out/os" -type l -print0)
mkdir -p "$out/os/etc"
echo 'nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin' >"$out/os/etc/passwd"
echo 'nonroot:x:65532:' >"$out/os/etc/group"

# --- JRE -------------------------------------------------------------------------------------
"$jlink" --add-modules "$modules" --output "$out/jre/opt/java" --strip-debug --no-header-files \
  --no-man-pages --compress=2
# Class-data sharing archive for the JRE's own classes (shorter start-up; read-only at run time).
"$out/jre/opt/java/bin/java" -Xshare:dump >/dev/null

# --- Native libraries ------------------------------------------------------------------------
# Laid out as JavaCPP's cache would be (<jar name>/<path in jar>), and loaded straight from there
# through java.library.path with org.bytedeco.javacpp.pathsFirst, which needs no write at all.
tf_dir=$out/native/opt/zeroprint/javacpp/$(basename "$tf_jar")
mkdir -p "$tf_dir"
(cd "$tf_dir" && unzip -q -o "$tf_jar" 'org/tensorflow/internal/c_api/linux-x86_64/*.so*' \
  'org/tensorflow/internal/c_api/linux-x86_64/LICENSE')
# Netty tries java.library.path before extracting to a temporary folder.
mkdir -p "$out/native/opt/zeroprint/native"
unzip -q -o -j "$tcnative_jar" 'META-INF/native/libnetty_tcnative_linux_x86_64.so' \
  -d "$out/native/opt/zeroprint/native"

du -sh "$out"/* | sed "s|$out/||"
