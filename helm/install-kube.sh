#!/usr/bin/env bash
# Builds a real Kubernetes API server (kube-apiserver, kube-controller-manager and kubectl, v1.37.2)
# from the Go module k8s.io/kubernetes into a cache folder outside the checkout, and prints that
# folder on the last line of stdout. The chart tests (HelmInstallTests) install the chart into it;
# etcd comes from Debian's etcd-server package. Idempotent: with the binaries present it only prints
# the folder. The first build takes about 6 minutes on 2 idle cores (far longer on a busy machine:
# start it early, niced) and needs ~4 GB of scratch space, which it deletes afterwards (private Go
# build and module caches).
#
#   helm/install-kube.sh               # build if missing, print the folder
#   KUBE_BIN_DIR=/some/dir helm/install-kube.sh
set -euo pipefail

version="v1.37.2"
cache_root="${XDG_CACHE_HOME:-$HOME/.cache}/stackspin-admin"
bin_dir="${KUBE_BIN_DIR:-$cache_root/kube-$version}"
binaries=(kube-apiserver kube-controller-manager kubectl)

have_all() {
  local b
  for b in "${binaries[@]}"; do [ -x "$bin_dir/$b" ] || return 1; done
}
if have_all; then
  echo "$bin_dir"
  exit 0
fi

die() { echo "helm/install-kube.sh: $*" >&2; exit 1; }
command -v go >/dev/null 2>&1 || die "Go is not installed. Install Go 1.25 or newer (https://go.dev/doc/install) and run this again."

work=$(mktemp -d "${TMPDIR:-/tmp}/kube-build.XXXXXX")
# Private caches: the module cache (~570 MB) and build cache (~3.6 GB) are only needed for this build.
export GOTOOLCHAIN=local GOFLAGS="-buildvcs=false -mod=mod" CGO_ENABLED=0 GOWORK=off
export GOMODCACHE="$work/modcache" GOCACHE="$work/gocache"
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT

echo "Building kube-apiserver, kube-controller-manager and kubectl $version from the Go module k8s.io/kubernetes (first time only, about 6 minutes)..." >&2
src=$(go mod download -json "k8s.io/kubernetes@$version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
if [ -z "$src" ] || [ ! -d "$src" ]; then
  die "could not download k8s.io/kubernetes@$version from the Go module proxy"
fi
tree="$work/src"
cp -r "$src/." "$tree/"
chmod -R u+w "$tree"

# The module's go.mod points every k8s.io/* staging module at ./staging/src/k8s.io/*, and go.work lists
# those folders; the module zip leaves the nested modules out. Use their published versions instead:
# v1.X.Y of kubernetes goes with v0.X.Y of the staging modules.
staging_version="v0.${version#v1.}"
rm -f "$tree/go.work" "$tree/go.work.sum"
sed -i \
  -e "s#^\(\s*k8s\.io/[A-Za-z0-9._/-]*\) v0\.0\.0\(\s.*\)\?\$#\1 $staging_version\2#" \
  -e '/^replace (/,/^)/d' \
  -e '/^replace k8s\.io\/.* => \.\/staging/d' \
  "$tree/go.mod"
grep -q '=> ./staging' "$tree/go.mod" && die "go.mod still replaces staging modules; the edit did not match this version's go.mod"

# Without the version stamp the server reports v0.0.0-master+$Format:%H$, which Helm and kubectl cannot parse.
minor=$(echo "$version" | cut -d. -f2)
stamp=""
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  stamp="$stamp -X $pkg.gitVersion=$version -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
  stamp="$stamp -X $pkg.gitTreeState=clean -X $pkg.buildDate=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
done

mkdir -p "$bin_dir" "$work/out"
(
  cd "$tree"
  # -p=2: one link peaks at about 2.6 GB; two at once still fit, more would not help on 2 cores.
  go build -p=2 -trimpath -ldflags "-s -w$stamp" -o "$work/out/" \
    ./cmd/kube-apiserver ./cmd/kube-controller-manager ./cmd/kubectl
)
for b in "${binaries[@]}"; do
  mv "$work/out/$b" "$bin_dir/$b.tmp"
  mv "$bin_dir/$b.tmp" "$bin_dir/$b"
done
"$bin_dir/kube-apiserver" --version >&2 || die "the built kube-apiserver does not run"
"$bin_dir/kubectl" version --client >&2 || die "the built kubectl does not run"
echo "$bin_dir"
