#!/usr/bin/env bash
# Builds the real Ory Hydra server (v2.3.0, with sqlite) from its Go module into a cache folder
# outside the checkout, and prints the binary's path on the last line of stdout. The tests of the
# panel's single sign-on (testing/HydraServer) start it.
# Idempotent: with the binary present it only prints the path.
#
#   hydra/install.sh            # build if missing, print path
#   HYDRA_BIN_DIR=/some/dir hydra/install.sh
set -euo pipefail

version="v2.3.0"
cache_root="${XDG_CACHE_HOME:-$HOME/.cache}/stackspin-admin"
bin_dir="${HYDRA_BIN_DIR:-$cache_root/hydra-$version}"
bin="$bin_dir/hydra"

if [ -x "$bin" ]; then
  echo "$bin"
  exit 0
fi

die() { echo "hydra/install.sh: $*" >&2; exit 1; }
command -v go >/dev/null 2>&1 || die "Go is not installed. Install Go 1.22 or newer (https://go.dev/doc/install) and run this again."
command -v gcc >/dev/null 2>&1 || die "gcc is not installed. Hydra's sqlite driver needs cgo: install gcc (Debian: apt-get install gcc) and run this again."

export GOTOOLCHAIN=local GOFLAGS=-buildvcs=false CGO_ENABLED=1
work=$(mktemp -d "${TMPDIR:-/tmp}/hydra-src.XXXXXX")
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT

module_dir() {
  go mod download -json "$1" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p'
}

echo "Building Ory Hydra $version from its Go module (first time only, a few minutes)..." >&2
src=$(module_dir "github.com/ory/hydra/v2@$version")
if [ -z "$src" ] || [ ! -d "$src" ]; then
  die "could not download github.com/ory/hydra/v2@$version from the Go module proxy"
fi
cp -r "$src/." "$work/"
chmod -R u+w "$work"

# go.mod replaces github.com/ory/hydra-client-go/v2 with ./internal/httpclient, a nested module that
# the module zip leaves out. The server's CLI imports it; the published client (the version go.mod
# requires) stands in for it.
client=$(module_dir "github.com/ory/hydra-client-go/v2@v2.2.1")
if [ -z "$client" ] || [ ! -d "$client" ]; then
  die "could not download github.com/ory/hydra-client-go/v2@v2.2.1"
fi
mkdir -p "$work/internal/httpclient"
cp -r "$client/." "$work/internal/httpclient/"
chmod -R u+w "$work/internal/httpclient"

mkdir -p "$bin_dir"
(
  cd "$work"
  go build -tags sqlite \
    -ldflags "-s -w -X github.com/ory/hydra/v2/driver/config.Version=$version -X github.com/ory/hydra/v2/driver/config.Commit=$version -X github.com/ory/hydra/v2/driver/config.Date=$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
    -o "$bin.tmp" .
)
mv "$bin.tmp" "$bin"
"$bin" version >&2 || die "the built binary does not run"
echo "$bin"
