#!/usr/bin/env bash
# Builds Helm (v3.22.0) from its Go module into a cache folder outside the checkout, and prints the
# binary's path on the last line of stdout. Used by .ci/run and by the chart tests (HelmChartTests).
# Idempotent: with the binary present it only prints the path.
#
#   helm/install-helm.sh             # build if missing, print path
#   HELM_BIN_DIR=/some/dir helm/install-helm.sh
set -euo pipefail

version="v3.22.0"
cache_root="${XDG_CACHE_HOME:-$HOME/.cache}/stackspin-admin"
bin_dir="${HELM_BIN_DIR:-$cache_root/helm-$version}"
bin="$bin_dir/helm"

if [ -x "$bin" ]; then
  echo "$bin"
  exit 0
fi

die() { echo "helm/install-helm.sh: $*" >&2; exit 1; }
command -v go >/dev/null 2>&1 || die "Go is not installed. Install Go 1.24 or newer (https://go.dev/doc/install) and run this again."

export GOTOOLCHAIN=local GOFLAGS=-buildvcs=false CGO_ENABLED=0
work=$(mktemp -d "${TMPDIR:-/tmp}/helm-build.XXXXXX")
trap 'rm -rf "$work"' EXIT

echo "Building Helm $version from its Go module (first time only, a few minutes)..." >&2
mkdir -p "$bin_dir"
GOBIN="$work" go install \
  -ldflags "-s -w -X helm.sh/helm/v3/internal/version.version=$version" \
  "helm.sh/helm/v3/cmd/helm@$version"
mv "$work/helm" "$bin.tmp"
mv "$bin.tmp" "$bin"
"$bin" version >&2 || die "the built binary does not run"
echo "$bin"
