#!/usr/bin/env bash
# Forwards a Stackspin cluster's Kratos to this machine through SSH, for developing the panel
# against real data:
#
#   ./set-ssh-tunnel.sh [options] HOST
#
#   admin API  -> http://localhost:8000   (KRATOS_ADMIN_URL / STACKSPIN_KRATOS_ADMIN_URL)
#   public API -> http://localhost:8080   (STACKSPIN_KRATOS_PUBLIC_URL)
#
# How: it logs in to HOST (a cluster node where kubectl works, e.g. the Stackspin machine), runs
# `kubectl port-forward` there from the single-sign-on chart's Kratos services to ports on the node's
# loopback, and forwards your local ports to those with `ssh -L`. Nothing is opened on the node's
# network interfaces. Ctrl-C stops both.
#
# Options (defaults in brackets; each also as an environment variable):
#   -u, --user USER            SSH user                                  [$TUNNEL_USER, else ssh's]
#   -n, --namespace NS         namespace of the single-sign-on chart      [$TUNNEL_NAMESPACE or stackspin]
#       --admin-service SVC    Kratos admin service                       [$TUNNEL_ADMIN_SERVICE or single-sign-on-kratos-admin]
#       --public-service SVC   Kratos public service                      [$TUNNEL_PUBLIC_SERVICE or single-sign-on-kratos-public]
#       --service-port PORT    port of both services                      [$TUNNEL_SERVICE_PORT or 80]
#       --local-admin PORT     local port of the admin API                [$TUNNEL_LOCAL_ADMIN or 8000]
#       --local-public PORT    local port of the public API               [$TUNNEL_LOCAL_PUBLIC or 8080]
#       --remote-admin PORT    port on the node's loopback for admin      [$TUNNEL_REMOTE_ADMIN or 18000]
#       --remote-public PORT   port on the node's loopback for public     [$TUNNEL_REMOTE_PUBLIC or 18080]
#       --kubectl CMD          kubectl command on the node                [$TUNNEL_KUBECTL or kubectl]
#       --dry-run              print the ssh command instead of running it
#   -h, --help                 this text
set -euo pipefail

user="${TUNNEL_USER:-}"
namespace="${TUNNEL_NAMESPACE:-stackspin}"
admin_service="${TUNNEL_ADMIN_SERVICE:-single-sign-on-kratos-admin}"
public_service="${TUNNEL_PUBLIC_SERVICE:-single-sign-on-kratos-public}"
service_port="${TUNNEL_SERVICE_PORT:-80}"
local_admin="${TUNNEL_LOCAL_ADMIN:-8000}"
local_public="${TUNNEL_LOCAL_PUBLIC:-8080}"
remote_admin="${TUNNEL_REMOTE_ADMIN:-18000}"
remote_public="${TUNNEL_REMOTE_PUBLIC:-18080}"
kubectl="${TUNNEL_KUBECTL:-kubectl}"
dry_run=false
host=""

usage() {
  sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"
}

die() {
  echo "set-ssh-tunnel.sh: $*" >&2
  echo "Try: $0 --help" >&2
  exit 2
}

need_value() {
  if [ $# -lt 2 ] || [ -z "$2" ]; then die "$1 needs a value"; fi
}

while [ $# -gt 0 ]; do
  case "$1" in
    -h | --help) usage; exit 0 ;;
    --dry-run) dry_run=true; shift ;;
    -u | --user) need_value "$@"; user="$2"; shift 2 ;;
    -n | --namespace) need_value "$@"; namespace="$2"; shift 2 ;;
    --admin-service) need_value "$@"; admin_service="$2"; shift 2 ;;
    --public-service) need_value "$@"; public_service="$2"; shift 2 ;;
    --service-port) need_value "$@"; service_port="$2"; shift 2 ;;
    --local-admin) need_value "$@"; local_admin="$2"; shift 2 ;;
    --local-public) need_value "$@"; local_public="$2"; shift 2 ;;
    --remote-admin) need_value "$@"; remote_admin="$2"; shift 2 ;;
    --remote-public) need_value "$@"; remote_public="$2"; shift 2 ;;
    --kubectl) need_value "$@"; kubectl="$2"; shift 2 ;;
    -*) die "unknown option $1" ;;
    *) [ -z "$host" ] || die "only one HOST, got $host and $1"; host="$1"; shift ;;
  esac
done

[ -n "$host" ] || die "which host? e.g. $0 my-cluster.example.org"
for port in "$service_port" "$local_admin" "$local_public" "$remote_admin" "$remote_public"; do
  if ! [[ "$port" =~ ^[0-9]+$ ]] || [ "$port" -lt 1 ] || [ "$port" -gt 65535 ]; then die "not a port: $port"; fi
done
for name in "$namespace" "$admin_service" "$public_service"; do
  [[ "$name" =~ ^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$ ]] || die "not a Kubernetes name: $name"
done

target="$host"
[ -z "$user" ] || target="$user@$host"

# on the node: both port-forwards on its loopback; stop both when the SSH session ends
remote="$kubectl -n $namespace port-forward --address 127.0.0.1 svc/$admin_service $remote_admin:$service_port & "
remote+="$kubectl -n $namespace port-forward --address 127.0.0.1 svc/$public_service $remote_public:$service_port & "
remote+="trap 'kill \$(jobs -p) 2>/dev/null' EXIT; wait"

command=(ssh -t -o ExitOnForwardFailure=yes
  -L "127.0.0.1:$local_admin:127.0.0.1:$remote_admin"
  -L "127.0.0.1:$local_public:127.0.0.1:$remote_public"
  "$target" "$remote")

if $dry_run; then
  printf '%q ' "${command[@]}"
  echo
  exit 0
fi

echo "Kratos admin API:  http://localhost:$local_admin  (svc/$admin_service in $namespace on $host)" >&2
echo "Kratos public API: http://localhost:$local_public  (svc/$public_service)" >&2
echo "Then: STACKSPIN_KRATOS_ADMIN_URL=http://localhost:$local_admin kratos/run-local.sh   (Ctrl-C here stops the tunnel)" >&2
exec "${command[@]}"
