#!/usr/bin/env bash
# Builds the real Ory Kratos server (with sqlite) into a cache folder outside the checkout, and
# prints the binary's path on the last line of stdout. Idempotent: with the binary present it
# only prints the path.
#
#   kratos/install.sh                           # v1.3.1, from its Go module (the default)
#   KRATOS_VERSION=v26.2.0 kratos/install.sh    # v26.2.0, from the source tarball (see below)
#   KRATOS_BIN_DIR=/some/dir kratos/install.sh
#
# The two versions the panel is tested against (README, "Kratos versions"):
# - v1.3.1 comes from Go's module proxy.
# - v26.2.0 is not served by the module proxy (its go.mod keeps the path github.com/ory/kratos
#   without a /v26 suffix, so `go mod download ...@v26.2.0` is refused). It is built from Ory's
#   own source tarball at ../shared/kratos-src/kratos-v26.2.0.tar.gz next to the checkout
#   (KRATOS_SRC_TARBALL overrides), checked against the sha256 below before it is unpacked.
set -euo pipefail

version="${KRATOS_VERSION:-v1.3.1}"
# Ory's source at tag v26.2.0 (commit 9d7085948039ffb8960160d4979f71527b5cf4d5), unchanged
v26_sha256="cc0c49c783efbb14b74e8570834db4be6acd4425279ddd6928f7e176639451dd"
v26_commit="9d7085948039ffb8960160d4979f71527b5cf4d5"

die() { echo "kratos/install.sh: $*" >&2; exit 1; }
case "$version" in
  v1.3.1 | v26.2.0) ;;
  *) die "KRATOS_VERSION=$version is not one this script builds: use v1.3.1 (the default) or v26.2.0." ;;
esac

cache_root="${XDG_CACHE_HOME:-$HOME/.cache}/stackspin-admin"
bin_dir="${KRATOS_BIN_DIR:-$cache_root/kratos-$version}"
bin="$bin_dir/kratos"

if [ -x "$bin" ]; then
  echo "$bin"
  exit 0
fi

command -v go >/dev/null 2>&1 || die "Go is not installed. Install Go (1.23 or newer for v1.3.1, 1.26 for v26.2.0; https://go.dev/doc/install) and run this again."
command -v gcc >/dev/null 2>&1 || die "gcc is not installed. Kratos's sqlite driver needs cgo: install gcc (Debian: apt-get install gcc) and run this again."

export GOTOOLCHAIN=local GOFLAGS=-buildvcs=false CGO_ENABLED=1
work=$(mktemp -d "${TMPDIR:-/tmp}/kratos-src.XXXXXX")
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT

if [ "$version" = v1.3.1 ]; then
  commit="$version"
  echo "Building Ory Kratos $version from its Go module (first time only, a few minutes)..." >&2
  src=$(go mod download -json "github.com/ory/kratos@$version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
  if [ -z "$src" ] || [ ! -d "$src" ]; then
    die "could not download github.com/ory/kratos@$version from the Go module proxy"
  fi
  cp -r "$src/." "$work/"
  chmod -R u+w "$work"
  # go.mod replaces github.com/ory/client-go with ./internal/client-go, a nested module that the
  # module zip leaves out. The server does not import it, so an empty module satisfies the replace.
  mkdir -p "$work/internal/client-go"
  printf 'module github.com/ory/client-go\n\ngo 1.13\n' >"$work/internal/client-go/go.mod"
else
  commit="$v26_commit"
  checkout="$(cd "$(dirname "$0")/.." && pwd)"
  tarball="${KRATOS_SRC_TARBALL:-$checkout/../shared/kratos-src/kratos-$version.tar.gz}"
  [ -f "$tarball" ] || die "no Kratos $version source at $tarball (the go module proxy does not serve it; set KRATOS_SRC_TARBALL to Ory's source tarball of tag $version)"
  command -v sha256sum >/dev/null 2>&1 || die "sha256sum is needed to check $tarball (Debian: coreutils)"
  actual=$(sha256sum "$tarball" | cut -d' ' -f1)
  [ "$actual" = "$v26_sha256" ] || die "$tarball has sha256 $actual, not Ory's $version source ($v26_sha256); refusing to build it"
  echo "Building Ory Kratos $version from $tarball (first time only, a few minutes)..." >&2
  tar -xzf "$tarball" -C "$work" --strip-components=1
fi

mkdir -p "$bin_dir"
(
  cd "$work"
  go build -tags sqlite \
    -ldflags "-s -w -X github.com/ory/kratos/driver/config.Version=$version -X github.com/ory/kratos/driver/config.Commit=$commit -X github.com/ory/kratos/driver/config.Date=$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
    -o "$bin.tmp" .
)
mv "$bin.tmp" "$bin"
"$bin" version >&2 || die "the built binary does not run"
echo "$bin"
