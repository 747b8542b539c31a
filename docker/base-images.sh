#!/usr/bin/env bash
# Makes the two base images docker/Dockerfile needs, from Debian packages, for a machine that
# reaches Debian's package archive but no image registry: a JDK image for the build stage and a
# JRE image for the runtime stage, each a Debian bookworm root file system made by mmdebstrap and
# imported into podman. An image that is already there is kept (delete it to make it again).
#
#   bash docker/base-images.sh     # then: podman build --build-arg BUILD_IMAGE=... (see below)
#
# Prints the two build arguments for docker/Dockerfile. Needs root, podman and mmdebstrap.
set -euo pipefail

jdk_image="${STACKSPIN_JDK_IMAGE:-localhost/stackspin-admin-base:bookworm-jdk17}"
jre_image="${STACKSPIN_JRE_IMAGE:-localhost/stackspin-admin-base:bookworm-jre17}"
# the machine's own Debian sources (its mirror and snapshot), else mmdebstrap's default mirror
sources="${STACKSPIN_DEBIAN_SOURCES:-/etc/apt/sources.list.d/debian.sources}"

for tool in podman mmdebstrap; do
  command -v "$tool" >/dev/null || { echo "$tool is missing: apt-get install podman runc mmdebstrap" >&2; exit 1; }
done

# $1 image name, $2 mmdebstrap variant, $3 comma-separated Debian packages
make_image() {
  if podman image exists "$1"; then
    return
  fi
  echo "making $1 from Debian packages: $3" >&2
  local mirror=() rootfs
  [ -f "$sources" ] && mirror=("$sources")
  rootfs="$(mktemp --suffix=.tar)"
  # merged /usr made by mmdebstrap's hook rather than by the usrmerge package, which brings Perl;
  # no docs or locales (man pages stay: the JDK's update-alternatives links them)
  if ! mmdebstrap --variant="$2" --include="$3" --hook-dir=/usr/share/mmdebstrap/hooks/merged-usr \
    --dpkgopt='path-exclude=/usr/share/doc/*' \
    --dpkgopt='path-include=/usr/share/doc/*/copyright' \
    --dpkgopt='path-exclude=/usr/share/locale/*' \
    bookworm "$rootfs" "${mirror[@]}" </dev/null >"$rootfs.log" 2>&1; then
    cat "$rootfs.log" >&2
    rm -f "$rootfs" "$rootfs.log"
    echo "mmdebstrap could not make the root file system of $1" >&2
    exit 1
  fi
  podman import --change 'CMD ["bash"]' --change 'ENV LANG=C.UTF-8' "$rootfs" "$1" >/dev/null
  rm -f "$rootfs" "$rootfs.log"
}

# build stage: minbase, Debian's essential packages and apt. Runtime stage: essential packages
# only (mmdebstrap installs the rest with the host's apt), so no apt in the image;
# passwd for the runtime stage's groupadd/useradd
make_image "$jdk_image" minbase openjdk-17-jdk-headless,ca-certificates
make_image "$jre_image" essential openjdk-17-jre-headless,passwd,ca-certificates

echo "--build-arg BUILD_IMAGE=$jdk_image --build-arg RUNTIME_IMAGE=$jre_image"
