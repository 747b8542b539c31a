#!/usr/bin/env bash
# Builds the real Ory Kratos server (v1.3.1, with sqlite) from its Go module into a cache folder
# outside the checkout, and prints the binary's path on the last line of stdout.
# Idempotent: with the binary present it only prints the path.
#
#   kratos/install.sh            # build if missing, print path
#   KRATOS_BIN_DIR=/some/dir kratos/install.sh
set -euo pipefail

version="v1.3.1"
cache_root="${XDG_CACHE_HOME:-$HOME/.cache}/stackspin-admin"
bin_dir="${KRATOS_BIN_DIR:-$cache_root/kratos-$version}"
bin="$bin_dir/kratos"

if [ -x "$bin" ]; then
  echo "$bin"
  exit 0
fi

die() { echo "kratos/install.sh: $*" >&2; exit 1; }
command -v go >/dev/null 2>&1 || die "Go is not installed. Install Go 1.23 or newer (https://go.dev/doc/install) and run this again."
command -v gcc >/dev/null 2>&1 || die "gcc is not installed. Kratos's sqlite driver needs cgo: install gcc (Debian: apt-get install gcc) and run this again."

export GOTOOLCHAIN=local GOFLAGS=-buildvcs=false CGO_ENABLED=1
work=$(mktemp -d "${TMPDIR:-/tmp}/kratos-src.XXXXXX")
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT

echo "Building Ory Kratos $version from its Go module (first time only, a few minutes)..." >&2
src=$(go mod download -json "github.com/ory/kratos@$version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
if [ -z "$src" ] || [ ! -d "$src" ]; then
  die "could not download github.com/ory/kratos@$version from the Go module proxy"
fi

cp -r "$src/." "$work/"
chmod -R u+w "$work"
# go.mod replaces github.com/ory/client-go with ./internal/client-go, a nested module that the module
# zip leaves out. The server does not import it, so an empty module satisfies the replace.
mkdir -p "$work/internal/client-go"
printf 'module github.com/ory/client-go\n\ngo 1.13\n' >"$work/internal/client-go/go.mod"

mkdir -p "$bin_dir"
(
  cd "$work"
  go build -tags sqlite \
    -ldflags "-s -w -X github.com/ory/kratos/driver/config.Version=$version -X github.com/ory/kratos/driver/config.Commit=$version -X github.com/ory/kratos/driver/config.Date=$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
    -o "$bin.tmp" .
)
mv "$bin.tmp" "$bin"
"$bin" version >&2 || die "the built binary does not run"
echo "$bin"
